/** An AWS account served through aws-sdk-client-mock, with AWS's filter and pagination semantics. */
import {
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type Filter,
  GetManagedPrefixListEntriesCommand,
  type NetworkAcl,
  type PrefixList,
  type PrefixListEntry,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type VpcBlockPublicAccessExclusion,
  type VpcBlockPublicAccessOptions,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  type Cluster,
  type ClusterSubnetGroup,
  DescribeClusterSubnetGroupsCommand,
  DescribeClustersCommand,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  ListWorkgroupsCommand,
  type RedshiftServerlessClient,
  type Tag,
  type Workgroup,
} from '@aws-sdk/client-redshift-serverless';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { VpcDnsAttribute } from '../../src/aws/factSource.ts';
import { DEFAULT_SECURITY_GROUP_ID, egress, networkAcl, securityGroup } from './awsShapes.ts';

export interface AccountData {
  clusters: Cluster[];
  subnetGroups: ClusterSubnetGroup[];
  routeTables: RouteTable[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: PrefixList[];
  vpcAttributes: Record<string, Record<VpcDnsAttribute, boolean>>;
  /** Redshift Serverless workgroups (none when absent). */
  workgroups?: Workgroup[];
  /** Workgroup tags by workgroup ARN. */
  workgroupTags?: Record<string, Tag[]>;
  /** Subnets besides those of the cluster subnet groups (which are derived from the groups). */
  subnets?: Subnet[];
  /**
   * Security groups. Absent: every group asked for exists and allows all egress (AWS's default egress rule);
   * given: only these exist.
   */
  securityGroups?: SecurityGroup[];
  /** Network ACLs. Absent: each VPC has AWS's default ACL (allow all both ways), associated with no subnet. */
  networkAcls?: NetworkAcl[];
  /** Entries by prefix list id. Absent: each prefix list's `Cidrs`. */
  prefixListEntries?: Record<string, PrefixListEntry[]>;
  /** VPC Block Public Access. Absent: off, no exclusions. */
  blockPublicAccess?: { options: VpcBlockPublicAccessOptions; exclusions: VpcBlockPublicAccessExclusion[] };
}

/** Every subnet the account knows: the given ones and those of the cluster subnet groups. */
export const subnetsOf = (data: AccountData): Subnet[] => {
  const out = new Map<string, Subnet>();
  for (const group of data.subnetGroups) {
    for (const s of group.Subnets ?? []) {
      if (s.SubnetIdentifier) out.set(s.SubnetIdentifier, { SubnetId: s.SubnetIdentifier, VpcId: group.VpcId });
    }
  }
  for (const s of data.subnets ?? []) out.set(s.SubnetId ?? '', s);
  return [...out.values()];
};

/** An SDK-like service error (name + fault), as the SDK throws them. */
export const serviceError = (name: string, message = `${name} (fake)`): Error =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

export interface FakeOptions {
  /** Items per page (AWS pages at 100; small pages exercise pagination). */
  readonly pageSize?: number;
  /** Return an error to throw for this call, or undefined to answer normally. */
  readonly fail?: (operation: string, input: Record<string, unknown>) => Error | undefined;
  /** Serve the account's workgroups too. */
  readonly serverless?: AwsClientStub<RedshiftServerlessClient>;
}

const page = <T>(items: readonly T[], token: string | undefined, size: number) => {
  const start = token === undefined ? 0 : Number(token);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), next };
};

const vpcFilter = (filters: Filter[] | undefined): string[] | undefined =>
  filters?.find((f) => f.Name === 'vpc-id')?.Values;
const serviceFilter = (filters: Filter[] | undefined): string[] | undefined =>
  filters?.find((f) => f.Name === 'service-name')?.Values;

/**
 * Serve an account through the client mocks. `account` may depend on the client that sends (several
 * accounts, each with its own credentials, as in organization mode).
 */
export const installFakeAccount = (
  redshift: AwsClientStub<RedshiftClient>,
  ec2: AwsClientStub<EC2Client>,
  account: AccountData | ((client: unknown) => AccountData),
  options: FakeOptions = {},
): void => {
  const accountOf = (client: unknown): AccountData => (typeof account === 'function' ? account(client) : account);
  const size = options.pageSize ?? 100;
  const check = (operation: string, input: object) => {
    const error = options.fail?.(operation, input as Record<string, unknown>);
    if (error !== undefined) throw error;
    // EC2 counts the values of all filters of a request together.
    const filters = (input as { Filters?: Filter[] }).Filters ?? [];
    const values = filters.reduce((sum, f) => sum + (f.Values?.length ?? 0), 0);
    if (values > 200) {
      throw serviceError(
        'FilterLimitExceeded',
        `The maximum number of filter values specified on a single call is 200 (got ${values})`,
      );
    }
  };
  redshift.on(DescribeClustersCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeClusters', input);
    const all = data.clusters.filter(
      (c) => !input.ClusterIdentifier || c.ClusterIdentifier === input.ClusterIdentifier,
    );
    if (input.ClusterIdentifier && all.length === 0)
      throw serviceError('ClusterNotFoundFault', `Cluster ${input.ClusterIdentifier} not found.`);
    const p = page(all, input.Marker, Math.min(size, input.MaxRecords ?? 100));
    return { Clusters: p.items, Marker: p.next };
  });
  redshift.on(DescribeClusterSubnetGroupsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeClusterSubnetGroups', input);
    const name = input.ClusterSubnetGroupName;
    const all = data.subnetGroups.filter((g) => !name || g.ClusterSubnetGroupName === name);
    if (name && all.length === 0) throw serviceError('ClusterSubnetGroupNotFoundFault');
    const p = page(all, input.Marker, Math.min(size, input.MaxRecords ?? 100));
    return { ClusterSubnetGroups: p.items, Marker: p.next };
  });
  ec2.on(DescribeSubnetsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeSubnets', input);
    const ids = input.Filters?.find((f: Filter) => f.Name === 'subnet-id')?.Values;
    const p = page(
      subnetsOf(data).filter((s) => !ids || ids.includes(s.SubnetId ?? '')),
      input.NextToken,
      Math.min(size, input.MaxResults ?? 100),
    );
    return { Subnets: p.items, NextToken: p.next };
  });
  const serverless = options.serverless;
  serverless?.on(ListWorkgroupsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('ListWorkgroups', input);
    const p = page(data.workgroups ?? [], input.nextToken, Math.min(size, input.maxResults ?? 100));
    return { workgroups: p.items, nextToken: p.next };
  });
  serverless?.on(GetWorkgroupCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('GetWorkgroup', input);
    const workgroup = (data.workgroups ?? []).find((w) => w.workgroupName === input.workgroupName);
    if (workgroup === undefined) {
      throw serviceError('ResourceNotFoundException', `Workgroup ${input.workgroupName} not found.`);
    }
    return { workgroup };
  });
  serverless?.on(ListTagsForResourceCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('ListTagsForResource', input);
    const arn = input.resourceArn ?? '';
    if (!(data.workgroups ?? []).some((w) => w.workgroupArn === arn)) throw serviceError('ResourceNotFoundException');
    return { tags: data.workgroupTags?.[arn] ?? [] };
  });
  ec2.on(DescribeRouteTablesCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeRouteTables', input);
    const vpcs = vpcFilter(input.Filters);
    const p = page(
      data.routeTables.filter((t) => !vpcs || vpcs.includes(t.VpcId ?? '')),
      input.NextToken,
      Math.min(size, input.MaxResults ?? 100),
    );
    return { RouteTables: p.items, NextToken: p.next };
  });
  ec2.on(DescribeVpcEndpointsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeVpcEndpoints', input);
    const vpcs = vpcFilter(input.Filters);
    const services = serviceFilter(input.Filters);
    const p = page(
      data.vpcEndpoints.filter(
        (e) => (!vpcs || vpcs.includes(e.VpcId ?? '')) && (!services || services.includes(e.ServiceName ?? '')),
      ),
      input.NextToken,
      Math.min(size, input.MaxResults ?? 100),
    );
    return { VpcEndpoints: p.items, NextToken: p.next };
  });
  ec2.on(DescribePrefixListsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribePrefixLists', input);
    const p = page(data.prefixLists, input.NextToken, Math.min(size, input.MaxResults ?? 100));
    return { PrefixLists: p.items, NextToken: p.next };
  });
  ec2.on(DescribeVpcAttributeCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeVpcAttribute', input);
    const attrs = data.vpcAttributes[input.VpcId ?? ''];
    if (attrs === undefined) throw serviceError('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId}' does not exist`);
    if (input.Attribute === 'enableDnsSupport')
      return { VpcId: input.VpcId, EnableDnsSupport: { Value: attrs.enableDnsSupport } };
    return { VpcId: input.VpcId, EnableDnsHostnames: { Value: attrs.enableDnsHostnames } };
  });
  ec2.on(DescribeSecurityGroupsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeSecurityGroups', input);
    const vpcs = vpcFilter(input.Filters);
    const p = page(
      securityGroupsOf(data).filter((g) => !vpcs || vpcs.includes(g.VpcId ?? '')),
      input.NextToken,
      Math.min(size, input.MaxResults ?? 1000),
    );
    return { SecurityGroups: p.items, NextToken: p.next };
  });
  ec2.on(DescribeNetworkAclsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeNetworkAcls', input);
    const vpcs = vpcFilter(input.Filters) ?? [];
    const p = page(
      networkAclsOf(data, vpcs).filter((a) => vpcs.includes(a.VpcId ?? '')),
      input.NextToken,
      Math.min(size, input.MaxResults ?? 1000),
    );
    return { NetworkAcls: p.items, NextToken: p.next };
  });
  ec2.on(GetManagedPrefixListEntriesCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('GetManagedPrefixListEntries', input);
    const id = input.PrefixListId ?? '';
    const list = data.prefixLists.find((p) => p.PrefixListId === id);
    if (list === undefined) throw serviceError('InvalidPrefixListID.NotFound');
    const entries = data.prefixListEntries?.[id] ?? (list.Cidrs ?? []).map((Cidr) => ({ Cidr }));
    const p = page(entries, input.NextToken, Math.min(size, input.MaxResults ?? 100));
    return { Entries: p.items, NextToken: p.next };
  });
  ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeVpcBlockPublicAccessOptions', input);
    return {
      VpcBlockPublicAccessOptions: data.blockPublicAccess?.options ?? {
        InternetGatewayBlockMode: 'off',
        State: 'default-state',
      },
    };
  });
  ec2.on(DescribeVpcBlockPublicAccessExclusionsCommand).callsFake((input, getClient) => {
    const data = accountOf(getClient());
    check('DescribeVpcBlockPublicAccessExclusions', input);
    const p = page(data.blockPublicAccess?.exclusions ?? [], input.NextToken, Math.min(size, input.MaxResults ?? 100));
    return { VpcBlockPublicAccessExclusions: p.items, NextToken: p.next };
  });
};

/**
 * The security groups of the account: the given ones, else one allowing all egress (as AWS creates groups)
 * for every group a cluster or workgroup names, in that resource's VPC.
 */
const securityGroupsOf = (data: AccountData): SecurityGroup[] => {
  if (data.securityGroups !== undefined) return data.securityGroups;
  const groupVpc = new Map(data.subnetGroups.map((g) => [g.ClusterSubnetGroupName ?? '', g.VpcId ?? '']));
  const subnetVpc = new Map(subnetsOf(data).map((s) => [s.SubnetId ?? '', s.VpcId ?? '']));
  const named = [
    ...data.clusters.flatMap((c) =>
      (c.VpcSecurityGroups ?? []).map((g) => ({
        id: g.VpcSecurityGroupId ?? '',
        vpcId: groupVpc.get(c.ClusterSubnetGroupName ?? '') ?? c.VpcId ?? '',
      })),
    ),
    ...(data.workgroups ?? []).flatMap((w) =>
      (w.securityGroupIds ?? []).map((id) => ({ id, vpcId: subnetVpc.get(w.subnetIds?.[0] ?? '') ?? '' })),
    ),
  ];
  // A resource served by a test double of its own (a stateful workgroup) gets the default group of its VPC.
  const vpcIds = new Set([
    ...data.subnetGroups.map((g) => g.VpcId ?? ''),
    ...data.routeTables.map((t) => t.VpcId ?? ''),
  ]);
  const defaults = [...vpcIds].map((vpcId) => ({ id: DEFAULT_SECURITY_GROUP_ID, vpcId }));
  const unique = new Map([...named, ...defaults].map((g) => [`${g.vpcId}/${g.id}`, g]));
  return [...unique.values()].map((g) => securityGroup(g.id, g.vpcId, [egress.allTraffic()]));
};

/** The network ACLs of the account: the given ones, else a default ACL per VPC. */
const networkAclsOf = (data: AccountData, vpcIds: readonly string[]): NetworkAcl[] =>
  data.networkAcls ?? vpcIds.map((vpcId) => networkAcl(`acl-default-${vpcId}`, vpcId, { isDefault: true }));

/** Number of `send` calls per operation name, e.g. `{ DescribeRouteTables: 1 }`. */
export const callCounts = (
  ...stubs: AwsClientStub<RedshiftClient | EC2Client | RedshiftServerlessClient>[]
): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const stub of stubs) {
    for (const call of stub.calls()) {
      const name = (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
};
