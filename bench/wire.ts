/**
 * AWS wire formats the fake endpoint answers in, so the SDK's real deserializers run: Redshift's query
 * protocol XML, EC2's XML (`…Set`/`item` lists, camelCase) and Config's JSON 1.1.
 */
import type {
  IpPermission,
  NetworkAcl,
  PrefixList,
  PrefixListEntry,
  RouteTable,
  SecurityGroup,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';

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

const REDSHIFT_NS = 'http://redshift.amazonaws.com/doc/2012-12-01/';

export const redshiftXml = (operation: string, inner: string): string =>
  `<${operation}Response xmlns="${REDSHIFT_NS}"><${operation}Result>${inner}</${operation}Result>` +
  `<ResponseMetadata><RequestId>bench-0000</RequestId></ResponseMetadata></${operation}Response>`;

export const redshiftError = (code: string, message: string): string =>
  `<ErrorResponse xmlns="${REDSHIFT_NS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code>` +
  `<Message>${escapeXml(message)}</Message></Error><RequestId>bench-err</RequestId></ErrorResponse>`;

export const clusterXml = (c: Cluster): string =>
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

export const subnetGroupXml = (g: ClusterSubnetGroup): string =>
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
                wrap('SubnetAvailabilityZone', el('Name', s.SubnetAvailabilityZone?.Name)) +
                el('SubnetStatus', s.SubnetStatus),
            ),
          )
          .join(''),
      ),
  );

// --- EC2 -----------------------------------------------------------------------------------------------

export const ec2Xml = (operation: string, inner: string): string =>
  `<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>bench-0000</requestId>${inner}</${operation}Response>`;

export const ec2Error = (code: string, message: string): string =>
  `<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors>` +
  '<RequestID>bench-err</RequestID></Response>';

export const routeTableXml = (t: RouteTable): string =>
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
      el('state', r.State) +
      el('origin', r.Origin),
  ) +
  wrap('propagatingVgwSet', '') +
  wrap('tagSet', '');

export const vpcEndpointXml = (e: VpcEndpoint): string =>
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

export const prefixListXml = (p: PrefixList): string =>
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

export const securityGroupXml = (g: SecurityGroup): string =>
  el('ownerId', g.OwnerId) +
  el('groupId', g.GroupId) +
  el('groupName', g.GroupName) +
  el('groupDescription', g.Description) +
  ec2Set('ipPermissions', g.IpPermissions, ipPermissionXml) +
  ec2Set('ipPermissionsEgress', g.IpPermissionsEgress, ipPermissionXml) +
  el('vpcId', g.VpcId) +
  wrap('tagSet', '');

export const networkAclXml = (a: NetworkAcl): string =>
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

export const prefixListEntryXml = (e: PrefixListEntry): string => el('cidr', e.Cidr) + el('description', e.Description);

export const vpcBlockPublicAccessOptionsXml = (o: VpcBlockPublicAccessOptions): string =>
  ec2Xml(
    'DescribeVpcBlockPublicAccessOptions',
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
    ),
  );

export const vpcBlockPublicAccessExclusionXml = (x: VpcBlockPublicAccessExclusion): string =>
  el('exclusionId', x.ExclusionId) +
  el('internetGatewayExclusionMode', x.InternetGatewayExclusionMode) +
  el('resourceArn', x.ResourceArn) +
  el('state', x.State) +
  el('creationTimestamp', x.CreationTimestamp) +
  wrap('tagSet', '');

/** A page of an EC2 list (`routeTableSet` …) and its `nextToken`. */
export const ec2Page = <T>(
  operation: string,
  setName: string,
  items: readonly T[],
  item: (value: T) => string,
  nextToken: string | undefined,
): string => ec2Xml(operation, ec2Set(setName, items, item) + el('nextToken', nextToken));

export const vpcAttributeXml = (vpcId: string, attribute: string, value: boolean): string =>
  ec2Xml('DescribeVpcAttribute', el('vpcId', vpcId) + wrap(attribute, el('value', value)));
