/** EC2's reads: the subnets, route tables, S3 endpoints, filters and DNS attributes of the resources' VPCs. */
import {
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  type NetworkAcl,
  type PrefixList,
  type PrefixListEntry,
  paginateDescribeNetworkAcls,
  paginateDescribePrefixLists,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateGetManagedPrefixListEntries,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type VpcBlockPublicAccessExclusion,
  type VpcBlockPublicAccessOptions,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { AwsCallError, InputError } from '../../errors.ts';
import type { VpcDnsAttribute } from '../factSource.ts';
import type { Snapshot } from '../snapshotFormat.ts';
import { collect, read, recordedEntry } from './readSpec.ts';

const vpcFilter = (vpcIds: readonly string[]) => [{ Name: 'vpc-id', Values: [...vpcIds] }];

/** The services whose VPC endpoints are read: S3 (every check), Glue and DynamoDB (usage discovery). */
export const ENDPOINT_SERVICES = ['s3', 'glue', 'dynamodb'] as const;

/** Their service names in a Region, each also with the China partition's "cn." prefix. */
export const endpointServiceNames = (region: string): string[] =>
  ENDPOINT_SERVICES.flatMap((service) => [
    `com.amazonaws.${region}.${service}`,
    `cn.com.amazonaws.${region}.${service}`,
  ]);

/** The recorded items of these VPCs. */
const ofVpcs =
  <T extends { VpcId?: string }>(items: (snapshot: Snapshot) => readonly T[]) =>
  (snapshot: Snapshot, vpcIds: readonly string[]): T[] => {
    const wanted = new Set(vpcIds);
    return items(snapshot).filter((item) => wanted.has(item.VpcId ?? ''));
  };

/**
 * Both halves of VPC Block Public Access, recorded together.
 * @throws InputError when a hand-edited snapshot lacks them.
 */
const recordedBlockPublicAccess = (snapshot: Snapshot) => {
  if (snapshot.ec2.blockPublicAccess === undefined) {
    throw new InputError(
      'The snapshot has no VPC Block Public Access options (ec2.blockPublicAccess). Record the snapshot again, or add them.',
    );
  }
  return snapshot.ec2.blockPublicAccess;
};

const OPTIONS = 'ec2:DescribeVpcBlockPublicAccessOptions';
const EXCLUSIONS = 'ec2:DescribeVpcBlockPublicAccessExclusions';

export const ec2Reads = {
  /** These subnets (one batched, paginated call): where a workgroup's VPC comes from. */
  describeSubnets: read({
    actions: { 'ec2:DescribeSubnets': 'any' },
    scope: (subnetIds: readonly string[]) => subnetIds,
    live: ({ clients, sendOptions }, subnetIds: readonly string[]): Promise<Subnet[]> =>
      collect(
        paginateDescribeSubnets(
          { client: clients.ec2, pageSize: 100 },
          { Filters: [{ Name: 'subnet-id', Values: [...subnetIds] }] },
          ...sendOptions,
        ),
        (p) => p.Subnets,
      ),
    record: (draft, subnets) => draft.keep('subnets', subnets, (s) => s.SubnetId),
    replay: (snapshot, subnetIds) => {
      const wanted = new Set(subnetIds);
      return snapshot.ec2.subnets.filter((s) => wanted.has(s.SubnetId ?? ''));
    },
  }),
  /** Route tables of these VPCs (one batched, paginated call). */
  describeRouteTables: read({
    actions: { 'ec2:DescribeRouteTables': 'any' },
    scope: (vpcIds: readonly string[]) => vpcIds,
    live: ({ clients, sendOptions }, vpcIds: readonly string[]): Promise<RouteTable[]> =>
      collect(
        paginateDescribeRouteTables(
          { client: clients.ec2, pageSize: 100 },
          { Filters: vpcFilter(vpcIds) },
          ...sendOptions,
        ),
        (p) => p.RouteTables,
      ),
    record: (draft, tables) => draft.keep('routeTables', tables, (t) => t.RouteTableId),
    replay: ofVpcs((snapshot) => snapshot.ec2.routeTables),
  }),
  /**
   * The VPC endpoints of these VPCs for S3, and for AWS Glue and DynamoDB (what Spectrum's catalog and COPY from
   * DynamoDB need, judged only with usage discovery): one batched, paginated call either way.
   */
  describeVpcEndpoints: read({
    actions: { 'ec2:DescribeVpcEndpoints': 'any' },
    scope: (vpcIds: readonly string[]) => vpcIds,
    live: ({ clients, region, sendOptions }, vpcIds: readonly string[]): Promise<VpcEndpoint[]> =>
      collect(
        paginateDescribeVpcEndpoints(
          // Its largest page (MaxResults up to 1,000): a batch of VPCs' endpoints in one call.
          { client: clients.ec2, pageSize: 1000 },
          // Only these services' endpoints matter; the China partition prefixes service names with "cn.".
          { Filters: [...vpcFilter(vpcIds), { Name: 'service-name', Values: endpointServiceNames(region) }] },
          ...sendOptions,
        ),
        (p) => p.VpcEndpoints,
      ),
    record: (draft, endpoints) => draft.keep('vpcEndpoints', endpoints, (e) => e.VpcEndpointId),
    replay: ofVpcs((snapshot) => snapshot.ec2.vpcEndpoints),
  }),
  /** AWS-managed prefix lists of the Region (to find the S3 one). */
  describePrefixLists: read({
    actions: { 'ec2:DescribePrefixLists': 'any' },
    scope: () => [],
    live: ({ clients, sendOptions }): Promise<PrefixList[]> =>
      collect(
        paginateDescribePrefixLists({ client: clients.ec2, pageSize: 100 }, {}, ...sendOptions),
        (p) => p.PrefixLists,
      ),
    record: (draft, lists) => draft.keep('prefixLists', lists, (p) => p.PrefixListId),
    replay: (snapshot) => snapshot.ec2.prefixLists,
  }),
  /** One DNS attribute of a VPC. */
  describeVpcAttribute: read({
    actions: { 'ec2:DescribeVpcAttribute': 'any' },
    scope: (vpcId: string, attribute: VpcDnsAttribute) => [`${vpcId}/${attribute}`],
    live: async ({ clients, sendOptions }, vpcId: string, attribute: VpcDnsAttribute): Promise<boolean> => {
      const out = await clients.ec2.send(
        new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }),
        ...sendOptions,
      );
      const value = attribute === 'enableDnsSupport' ? out.EnableDnsSupport?.Value : out.EnableDnsHostnames?.Value;
      // An answer without the value is no answer: unknown, never assumed on or off.
      if (typeof value !== 'boolean') {
        throw new AwsCallError(
          'ec2:DescribeVpcAttribute',
          `ec2:DescribeVpcAttribute returned no ${attribute} value for ${vpcId}`,
          { failure: 'failed', errorName: `no ${attribute} value for ${vpcId}` },
        );
      }
      return value;
    },
    record: (draft, value, vpcId, attribute) => {
      draft.vpcAttributes[vpcId] = { ...draft.vpcAttributes[vpcId], [attribute]: value };
    },
    replay: (snapshot, vpcId, attribute) => {
      const { vpcAttributes } = snapshot.ec2;
      const value = Object.hasOwn(vpcAttributes, vpcId) ? vpcAttributes[vpcId]?.[attribute] : undefined;
      if (value === undefined) {
        throw new InputError(
          `The snapshot has no ${attribute} for ${vpcId} (ec2.vpcAttributes). Record the snapshot again, or add it.`,
        );
      }
      return value;
    },
  }),
  /** Security groups of these VPCs (one batched, paginated call): the clusters' and workgroups' egress rules. */
  describeSecurityGroups: read({
    actions: { 'ec2:DescribeSecurityGroups': 'any' },
    scope: (vpcIds: readonly string[]) => vpcIds,
    live: ({ clients, sendOptions }, vpcIds: readonly string[]): Promise<SecurityGroup[]> =>
      collect(
        // By VPC, like the other per-VPC reads: one page holds up to 1000 groups (MaxResults 5-1000), where
        // a list of ids would take a call per 200 (EC2's limit on filter values).
        paginateDescribeSecurityGroups(
          { client: clients.ec2, pageSize: 1000 },
          { Filters: vpcFilter(vpcIds) },
          ...sendOptions,
        ),
        (p) => p.SecurityGroups,
      ),
    record: (draft, groups) => draft.keep('securityGroups', groups, (g) => g.GroupId),
    replay: ofVpcs((snapshot) => snapshot.ec2.securityGroups),
    recordedFact: 'security groups',
  }),
  /** Network ACLs of these VPCs (one batched, paginated call). */
  describeNetworkAcls: read({
    actions: { 'ec2:DescribeNetworkAcls': 'any' },
    scope: (vpcIds: readonly string[]) => vpcIds,
    live: ({ clients, sendOptions }, vpcIds: readonly string[]): Promise<NetworkAcl[]> =>
      collect(
        // Up to 1000 ACLs a page (MaxResults 5-1000).
        paginateDescribeNetworkAcls(
          { client: clients.ec2, pageSize: 1000 },
          { Filters: vpcFilter(vpcIds) },
          ...sendOptions,
        ),
        (p) => p.NetworkAcls,
      ),
    record: (draft, acls) => draft.keep('networkAcls', acls, (a) => a.NetworkAclId),
    replay: ofVpcs((snapshot) => snapshot.ec2.networkAcls),
    recordedFact: 'network ACLs',
  }),
  /** The CIDRs of a managed prefix list (the Region's S3 list). */
  getManagedPrefixListEntries: read({
    actions: { 'ec2:GetManagedPrefixListEntries': 'prefix-list' },
    scope: (prefixListId: string) => [prefixListId],
    live: ({ clients, sendOptions }, prefixListId: string): Promise<PrefixListEntry[]> =>
      collect(
        // 100 entries a page is this API's largest (MaxResults 1-100).
        paginateGetManagedPrefixListEntries(
          { client: clients.ec2, pageSize: 100 },
          { PrefixListId: prefixListId },
          ...sendOptions,
        ),
        (p) => p.Entries,
      ),
    record: (draft, entries, prefixListId) => draft.prefixListEntries.set(prefixListId, entries),
    replay: (snapshot, prefixListId) =>
      recordedEntry(snapshot.ec2.prefixListEntries, prefixListId, 'entries', 'ec2.prefixListEntries'),
    recordedFact: 'S3 prefix list entries',
  }),
  /** VPC Block Public Access of the account and Region. */
  describeVpcBlockPublicAccessOptions: read({
    actions: { [OPTIONS]: 'any' },
    scope: () => [],
    live: async ({ clients, sendOptions }): Promise<VpcBlockPublicAccessOptions> => {
      const out = await clients.ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}), ...sendOptions);
      return out.VpcBlockPublicAccessOptions ?? {};
    },
    record: (draft, options) => {
      draft.blockPublicAccessOptions = options;
    },
    replay: (snapshot) => recordedBlockPublicAccess(snapshot).options,
    recordedFact: 'VPC Block Public Access',
    // The two halves are recorded together: when one failed, neither is in the file.
    recordedWith: [EXCLUSIONS],
  }),
  /** Its exclusions (VPCs and subnets). */
  describeVpcBlockPublicAccessExclusions: read({
    actions: { [EXCLUSIONS]: 'any' },
    scope: () => [],
    live: async ({ clients, sendOptions }): Promise<VpcBlockPublicAccessExclusion[]> => {
      // The SDK has no paginator for this action.
      const out: VpcBlockPublicAccessExclusion[] = [];
      let NextToken: string | undefined;
      do {
        const page = await clients.ec2.send(
          new DescribeVpcBlockPublicAccessExclusionsCommand({ MaxResults: 100, NextToken }),
          ...sendOptions,
        );
        out.push(...(page.VpcBlockPublicAccessExclusions ?? []));
        NextToken = page.NextToken || undefined;
      } while (NextToken !== undefined);
      return out;
    },
    record: (draft, exclusions) => {
      draft.blockPublicAccessExclusions = exclusions;
    },
    replay: (snapshot) => recordedBlockPublicAccess(snapshot).exclusions,
    recordedFact: 'VPC Block Public Access',
    recordedWith: [OPTIONS],
  }),
};
