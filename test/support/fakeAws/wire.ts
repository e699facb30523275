/**
 * AWS's wire formats, so the SDK's real (de)serializers run against the HTTP fakes: requests in (query-protocol
 * forms of Redshift and EC2, JSON 1.1 bodies) as SDK inputs, and SDK outputs and service errors out as Redshift's
 * query-protocol XML, EC2's XML (`…Set`/`item` lists, camelCase) and JSON 1.1 (Redshift Serverless, Config).
 */
import type {
  IpPermission,
  NetworkAcl,
  PrefixList,
  PrefixListEntry,
  RouteTable,
  SecurityGroup,
  Subnet,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { StubRequest, StubResponse } from './httpStub.ts';

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

type Scalar = string | number | boolean | Date | undefined;

/** `<name>value</name>`, or nothing when the value is absent (AWS omits unset members). */
const el = (name: string, value: Scalar): string => {
  if (value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
};

/** An element whose content is already XML. */
const wrap = (name: string, inner: string): string => `<${name}>${inner}</${name}>`;

/** An EC2 list: `<xSet><item>…</item></xSet>`. */
const ec2Set = <T>(name: string, items: readonly T[] | undefined, item: (value: T) => string): string =>
  wrap(name, (items ?? []).map((v) => wrap('item', item(v))).join(''));

// --- Redshift (query protocol) -------------------------------------------------------------------------

/** Query-protocol (Redshift, STS) XML success envelope. */
export const queryXml = (
  operation: string,
  inner: string,
  namespace = 'http://redshift.amazonaws.com/doc/2012-12-01/',
): string =>
  `<${operation}Response xmlns="${namespace}"><${operation}Result>${inner}</${operation}Result>` +
  `<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${operation}Response>`;

/** Query-protocol XML error (Redshift, STS). */
export const queryError = (code: string, message: string, status = 400): StubResponse => ({
  status,
  body:
    `<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`,
});

const clusterXml = (c: Cluster): string =>
  wrap(
    'Cluster',
    el('ClusterIdentifier', c.ClusterIdentifier) +
      el('NodeType', c.NodeType) +
      el('ClusterStatus', c.ClusterStatus) +
      el('ClusterAvailabilityStatus', c.ClusterAvailabilityStatus) +
      el('MasterUsername', c.MasterUsername) +
      el('DBName', c.DBName) +
      (c.Endpoint ? wrap('Endpoint', el('Address', c.Endpoint.Address) + el('Port', c.Endpoint.Port)) : '') +
      el('ClusterCreateTime', c.ClusterCreateTime) +
      el('ClusterSubnetGroupName', c.ClusterSubnetGroupName) +
      el('VpcId', c.VpcId) +
      el('AvailabilityZone', c.AvailabilityZone) +
      el('PreferredMaintenanceWindow', c.PreferredMaintenanceWindow) +
      el('NumberOfNodes', c.NumberOfNodes) +
      el('PubliclyAccessible', c.PubliclyAccessible) +
      el('Encrypted', c.Encrypted) +
      el('EnhancedVpcRouting', c.EnhancedVpcRouting) +
      wrap(
        'VpcSecurityGroups',
        (c.VpcSecurityGroups ?? [])
          .map((g) => wrap('VpcSecurityGroup', el('VpcSecurityGroupId', g.VpcSecurityGroupId) + el('Status', g.Status)))
          .join(''),
      ) +
      wrap('Tags', (c.Tags ?? []).map((t) => wrap('Tag', el('Key', t.Key) + el('Value', t.Value))).join('')),
  );

const subnetGroupXml = (g: ClusterSubnetGroup): string =>
  wrap(
    'ClusterSubnetGroup',
    el('ClusterSubnetGroupName', g.ClusterSubnetGroupName) +
      el('Description', g.Description) +
      el('VpcId', g.VpcId) +
      el('SubnetGroupStatus', g.SubnetGroupStatus) +
      wrap(
        'Subnets',
        (g.Subnets ?? [])
          .map((s) =>
            wrap(
              'Subnet',
              el('SubnetIdentifier', s.SubnetIdentifier) +
                (s.SubnetAvailabilityZone
                  ? wrap('SubnetAvailabilityZone', el('Name', s.SubnetAvailabilityZone.Name))
                  : '') +
                el('SubnetStatus', s.SubnetStatus),
            ),
          )
          .join(''),
      ),
  );

// --- EC2 -----------------------------------------------------------------------------------------------

/** EC2-protocol XML success envelope (no Result wrapper). */
export const ec2Xml = (operation: string, inner: string): string =>
  `<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>${inner}</${operation}Response>`;

/** EC2-protocol XML error. */
export const ec2Error = (code: string, message: string, status = 400): StubResponse => ({
  status,
  body:
    `<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors>` +
    '<RequestID>req-err</RequestID></Response>',
});

const subnetXml = (s: Subnet): string =>
  el('subnetId', s.SubnetId) +
  el('vpcId', s.VpcId) +
  el('availabilityZone', s.AvailabilityZone) +
  el('cidrBlock', s.CidrBlock) +
  el('state', s.State) +
  el('ownerId', s.OwnerId);

const routeTableXml = (t: RouteTable): string =>
  el('routeTableId', t.RouteTableId) +
  el('vpcId', t.VpcId) +
  el('ownerId', t.OwnerId) +
  ec2Set(
    'associationSet',
    t.Associations,
    (a) =>
      el('routeTableAssociationId', a.RouteTableAssociationId) +
      el('routeTableId', a.RouteTableId) +
      el('subnetId', a.SubnetId) +
      el('main', a.Main) +
      wrap('associationState', el('state', a.AssociationState?.State)),
  ) +
  ec2Set(
    'routeSet',
    t.Routes,
    (r) =>
      el('destinationCidrBlock', r.DestinationCidrBlock) +
      el('destinationPrefixListId', r.DestinationPrefixListId) +
      el('gatewayId', r.GatewayId) +
      el('natGatewayId', r.NatGatewayId) +
      el('transitGatewayId', r.TransitGatewayId) +
      el('instanceId', r.InstanceId) +
      el('instanceOwnerId', r.InstanceOwnerId) +
      el('networkInterfaceId', r.NetworkInterfaceId) +
      el('state', r.State) +
      el('origin', r.Origin),
  ) +
  wrap('propagatingVgwSet', '') +
  wrap('tagSet', '');

const vpcEndpointXml = (e: VpcEndpoint): string =>
  el('vpcEndpointId', e.VpcEndpointId) +
  el('vpcEndpointType', e.VpcEndpointType) +
  el('vpcId', e.VpcId) +
  el('serviceName', e.ServiceName) +
  // The SDK's enum says "Available"; EC2 itself sends lowercase states.
  el('state', e.State?.toLowerCase()) +
  ec2Set('routeTableIdSet', e.RouteTableIds, (id) => escapeXml(id)) +
  // A gateway endpoint's policy is a JSON document in a string (AWS's default when none was given).
  el('policyDocument', e.PolicyDocument) +
  el('privateDnsEnabled', e.PrivateDnsEnabled) +
  el('ownerId', e.OwnerId);

const prefixListXml = (p: PrefixList): string =>
  el('prefixListId', p.PrefixListId) +
  el('prefixListName', p.PrefixListName) +
  ec2Set('cidrSet', p.Cidrs, (cidr) => escapeXml(cidr));

const ipPermissionXml = (p: IpPermission): string =>
  el('ipProtocol', p.IpProtocol) +
  el('fromPort', p.FromPort) +
  el('toPort', p.ToPort) +
  ec2Set('groups', p.UserIdGroupPairs, (g) => el('userId', g.UserId) + el('groupId', g.GroupId)) +
  ec2Set('ipRanges', p.IpRanges, (r) => el('cidrIp', r.CidrIp) + el('description', r.Description)) +
  wrap('ipv6Ranges', '') +
  ec2Set('prefixListIds', p.PrefixListIds, (l) => el('prefixListId', l.PrefixListId));

const securityGroupXml = (g: SecurityGroup): string =>
  el('ownerId', g.OwnerId) +
  el('groupId', g.GroupId) +
  el('groupName', g.GroupName) +
  el('groupDescription', g.Description) +
  ec2Set('ipPermissions', g.IpPermissions, ipPermissionXml) +
  ec2Set('ipPermissionsEgress', g.IpPermissionsEgress, ipPermissionXml) +
  el('vpcId', g.VpcId) +
  wrap('tagSet', '');

const networkAclXml = (a: NetworkAcl): string =>
  el('networkAclId', a.NetworkAclId) +
  el('vpcId', a.VpcId) +
  el('default', a.IsDefault) +
  ec2Set(
    'entrySet',
    a.Entries,
    (e) =>
      el('ruleNumber', e.RuleNumber) +
      el('protocol', e.Protocol) +
      el('ruleAction', e.RuleAction) +
      el('egress', e.Egress) +
      el('cidrBlock', e.CidrBlock) +
      (e.PortRange ? wrap('portRange', el('from', e.PortRange.From) + el('to', e.PortRange.To)) : ''),
  ) +
  ec2Set(
    'associationSet',
    a.Associations,
    (x) =>
      el('networkAclAssociationId', x.NetworkAclAssociationId) +
      el('networkAclId', x.NetworkAclId) +
      el('subnetId', x.SubnetId),
  ) +
  wrap('tagSet', '') +
  el('ownerId', a.OwnerId);

const prefixListEntryXml = (e: PrefixListEntry): string => el('cidr', e.Cidr) + el('description', e.Description);

const vpcBlockPublicAccessOptionsXml = (o: VpcBlockPublicAccessOptions): string =>
  wrap(
    'vpcBlockPublicAccessOptions',
    el('awsAccountId', o.AwsAccountId) +
      el('awsRegion', o.AwsRegion) +
      el('state', o.State) +
      el('internetGatewayBlockMode', o.InternetGatewayBlockMode) +
      el('reason', o.Reason) +
      el('lastUpdateTimestamp', o.LastUpdateTimestamp) +
      el('managedBy', o.ManagedBy) +
      el('exclusionsAllowed', o.ExclusionsAllowed),
  );

const vpcBlockPublicAccessExclusionXml = (x: VpcBlockPublicAccessExclusion): string =>
  el('exclusionId', x.ExclusionId) +
  el('internetGatewayExclusionMode', x.InternetGatewayExclusionMode) +
  el('resourceArn', x.ResourceArn) +
  el('state', x.State) +
  el('creationTimestamp', x.CreationTimestamp) +
  wrap('tagSet', '');

// --- JSON 1.1 (Redshift Serverless, Config) ----------------------------------------------------------------

/** JSON-protocol success. */
export const jsonOk = (body: unknown): StubResponse => ({
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
});

/** JSON-protocol error. */
export const jsonError = (type: string, message: string, status = 400): StubResponse => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
  body: JSON.stringify({ __type: type, message }),
});

// --- Answers -----------------------------------------------------------------------------------------------

/** Each EC2 list operation's output member, its XML set and how an item is written. */
const EC2_LISTS: Readonly<Record<string, readonly [string, string, (item: never) => string]>> = {
  DescribeSubnets: ['Subnets', 'subnetSet', subnetXml],
  DescribeRouteTables: ['RouteTables', 'routeTableSet', routeTableXml],
  DescribeVpcEndpoints: ['VpcEndpoints', 'vpcEndpointSet', vpcEndpointXml],
  DescribePrefixLists: ['PrefixLists', 'prefixListSet', prefixListXml],
  DescribeSecurityGroups: ['SecurityGroups', 'securityGroupInfo', securityGroupXml],
  DescribeNetworkAcls: ['NetworkAcls', 'networkAclSet', networkAclXml],
  GetManagedPrefixListEntries: ['Entries', 'entrySet', prefixListEntryXml],
  DescribeVpcBlockPublicAccessExclusions: [
    'VpcBlockPublicAccessExclusions',
    'vpcBlockPublicAccessExclusionSet',
    vpcBlockPublicAccessExclusionXml,
  ],
};

/** Redshift's list operations: the output member, its XML element and how an item is written. */
const REDSHIFT_LISTS: Readonly<Record<string, readonly [string, (item: never) => string]>> = {
  DescribeClusters: ['Clusters', clusterXml],
  DescribeClusterSubnetGroups: ['ClusterSubnetGroups', subnetGroupXml],
};

/** An XML operation's SDK output as the service sends it. */
const xmlAnswer = (operation: string, output: Record<string, unknown>): StubResponse => {
  const redshift = REDSHIFT_LISTS[operation];
  if (redshift !== undefined) {
    const [member, item] = redshift;
    const items = (output[member] as never[]).map(item).join('');
    return { body: queryXml(operation, wrap(member, items) + el('Marker', output.Marker as string | undefined)) };
  }
  const list = EC2_LISTS[operation];
  if (list !== undefined) {
    const [member, setName, item] = list;
    const inner = ec2Set(setName, output[member] as never[], item) + el('nextToken', output.NextToken as string);
    return { body: ec2Xml(operation, inner) };
  }
  if (operation === 'ModifyCluster') return { body: queryXml(operation, clusterXml(output.Cluster as Cluster)) };
  if (operation === 'DescribeVpcBlockPublicAccessOptions') {
    const options = output.VpcBlockPublicAccessOptions as VpcBlockPublicAccessOptions;
    return { body: ec2Xml(operation, vpcBlockPublicAccessOptionsXml(options)) };
  }
  if (operation === 'DescribeVpcAttribute') {
    const [attribute, value] = output.EnableDnsSupport
      ? ['enableDnsSupport', output.EnableDnsSupport]
      : ['enableDnsHostnames', output.EnableDnsHostnames];
    const inner =
      el('vpcId', output.VpcId as string) + wrap(attribute, el('value', (value as { Value: boolean }).Value));
    return { body: ec2Xml(operation, inner) };
  }
  throw new Error(`wire: no XML form for ${operation}`);
};

// --- Requests ----------------------------------------------------------------------------------------------

type Protocol = 'json' | 'ec2' | 'query';

const protocolOf = (request: StubRequest): Protocol => {
  if (typeof request.headers['x-amz-target'] === 'string') return 'json';
  return request.params.get('Version') === '2016-11-15' ? 'ec2' : 'query';
};

/** Form members that are numbers in the SDK's input shapes. */
const NUMBERS = new Set(['MaxResults', 'MaxRecords']);

/**
 * A query-protocol form as the SDK input it was serialized from: EC2 lists are `Name.N` (`GroupId.1` is
 * `GroupIds[0]`, `Filter.1.Value.2` is `Filters[0].Values[1]`).
 */
const formInput = (params: URLSearchParams): Record<string, unknown> => {
  const input: Record<string, unknown> = {};
  /** The member `key` of a structure or list, made by `make` on first use. */
  const child = <T>(node: Record<string, unknown> | unknown[], key: string | number, make: () => T): T => {
    const at = node as Record<string | number, unknown>;
    if (at[key] === undefined) at[key] = make();
    return at[key] as T;
  };
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version' || value === '') continue;
    const path = key.split('.');
    let node: Record<string, unknown> | unknown[] = input;
    let name = path[0] ?? '';
    for (const segment of path.slice(1)) {
      const index = /^\d+$/.test(segment) ? Number(segment) - 1 : undefined;
      if (index === undefined) {
        node = child(node, name, () => ({}));
        name = segment;
      } else {
        // A list member: the list's own position for the next segment, or its value.
        node = child(node, `${name}s`, () => [] as unknown[]);
        name = String(index);
      }
    }
    (node as Record<string, unknown>)[name] = NUMBERS.has(name) ? Number(value) : value;
  }
  return input;
};

/** The SDK input a request was serialized from. */
export const inputOf = (request: StubRequest): Record<string, unknown> =>
  protocolOf(request) === 'json'
    ? (JSON.parse(request.body || '{}') as Record<string, unknown>)
    : formInput(request.params);

/** Where the SDK's exception name and the service's error code differ (the SDK maps the code to the name). */
const WIRE_CODES: Readonly<Record<string, string>> = { ClusterNotFoundFault: 'ClusterNotFound' };

/** A service error as the request's protocol sends it. */
export const errorAnswer = (
  request: StubRequest,
  error: { readonly name: string; readonly message: string; readonly status: number },
): StubResponse => {
  const code = WIRE_CODES[error.name] ?? error.name;
  const protocol = protocolOf(request);
  if (protocol === 'json') return jsonError(code, error.message, error.status);
  return protocol === 'ec2'
    ? ec2Error(code, error.message, error.status)
    : queryError(code, error.message, error.status);
};

/** An SDK output as the request's protocol sends it. */
export const outputAnswer = (request: StubRequest, output: Record<string, unknown>): StubResponse =>
  protocolOf(request) === 'json' ? jsonOk(output) : xmlAnswer(request.operation, output);
