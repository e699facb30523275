import type {
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
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';
import { isAwsCallError } from '../errors.ts';
import type { FactSource, VpcDnsAttribute, WorkgroupTag } from './factSource.ts';
import { type RecordedFailure, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from './snapshotFormat.ts';

/** Wraps a source and keeps every answer and failure, to write as a snapshot. */
export const recordingFactSource = (
  source: FactSource,
  now: () => Date = () => new Date(),
): { source: FactSource; snapshot: () => Snapshot } => {
  const clusters = new Map<string, Cluster>();
  const groups = new Map<string, ClusterSubnetGroup>();
  const workgroups = new Map<string, Workgroup>();
  const workgroupTags = new Map<string, WorkgroupTag[]>();
  const subnets = new Map<string, Subnet>();
  const tables = new Map<string, RouteTable>();
  const endpoints = new Map<string, VpcEndpoint>();
  const prefixLists = new Map<string, PrefixList>();
  const securityGroups = new Map<string, SecurityGroup>();
  const networkAcls = new Map<string, NetworkAcl>();
  const prefixListEntries = new Map<string, PrefixListEntry[]>();
  let bpaOptions: VpcBlockPublicAccessOptions | undefined;
  let bpaExclusions: VpcBlockPublicAccessExclusion[] | undefined;
  // Keyed by ids from outside: no prototype, so any key is an ordinary own property.
  const vpcAttributes: Record<string, Partial<Record<VpcDnsAttribute, boolean>>> = Object.create(null);
  const failures: RecordedFailure[] = [];

  const record = async <T>(
    operation: string,
    scope: readonly string[],
    call: () => Promise<T>,
    keep: (v: T) => void,
  ) => {
    try {
      const value = await call();
      keep(value);
      return value;
    } catch (error) {
      if (isAwsCallError(error)) {
        failures.push({
          operation,
          scope: [...scope],
          message: error.message,
          failure: error.failure,
          errorName: error.errorName,
        });
      }
      throw error;
    }
  };
  const keepAll =
    <T>(into: Map<string, T>, key: (item: T) => string | undefined) =>
    (items: T[]) => {
      for (const item of items) into.set(key(item) ?? '', item);
    };

  const recorder: FactSource = {
    region: source.region,
    describeClusters: (id) =>
      record(
        'redshift:DescribeClusters',
        id === undefined ? [] : [id],
        () => source.describeClusters(id),
        keepAll(clusters, (c) => c.ClusterIdentifier),
      ),
    describeClusterSubnetGroups: (name) =>
      record(
        'redshift:DescribeClusterSubnetGroups',
        name === undefined ? [] : [name],
        () => source.describeClusterSubnetGroups(name),
        keepAll(groups, (g) => g.ClusterSubnetGroupName),
      ),
    listWorkgroups: (name) =>
      record(
        name === undefined ? 'redshift-serverless:ListWorkgroups' : 'redshift-serverless:GetWorkgroup',
        name === undefined ? [] : [name],
        () => source.listWorkgroups(name),
        keepAll(workgroups, (w) => w.workgroupName),
      ),
    listWorkgroupTags: (arn) =>
      record(
        'redshift-serverless:ListTagsForResource',
        [arn],
        () => source.listWorkgroupTags(arn),
        (tags) => workgroupTags.set(arn, tags),
      ),
    describeSubnets: (subnetIds) =>
      record(
        'ec2:DescribeSubnets',
        subnetIds,
        () => source.describeSubnets(subnetIds),
        keepAll(subnets, (s) => s.SubnetId),
      ),
    describeRouteTables: (vpcIds) =>
      record(
        'ec2:DescribeRouteTables',
        vpcIds,
        () => source.describeRouteTables(vpcIds),
        keepAll(tables, (t) => t.RouteTableId),
      ),
    describeVpcEndpoints: (vpcIds) =>
      record(
        'ec2:DescribeVpcEndpoints',
        vpcIds,
        () => source.describeVpcEndpoints(vpcIds),
        keepAll(endpoints, (e) => e.VpcEndpointId),
      ),
    describePrefixLists: () =>
      record(
        'ec2:DescribePrefixLists',
        [],
        () => source.describePrefixLists(),
        keepAll(prefixLists, (p) => p.PrefixListId),
      ),
    describeVpcAttribute: (vpcId, attribute) =>
      record(
        'ec2:DescribeVpcAttribute',
        [`${vpcId}/${attribute}`],
        () => source.describeVpcAttribute(vpcId, attribute),
        (value) => {
          vpcAttributes[vpcId] = { ...vpcAttributes[vpcId], [attribute]: value };
        },
      ),
    describeSecurityGroups: (vpcIds) =>
      record(
        'ec2:DescribeSecurityGroups',
        vpcIds,
        () => source.describeSecurityGroups(vpcIds),
        keepAll(securityGroups, (g) => g.GroupId),
      ),
    describeNetworkAcls: (vpcIds) =>
      record(
        'ec2:DescribeNetworkAcls',
        vpcIds,
        () => source.describeNetworkAcls(vpcIds),
        keepAll(networkAcls, (a) => a.NetworkAclId),
      ),
    getManagedPrefixListEntries: (prefixListId) =>
      record(
        'ec2:GetManagedPrefixListEntries',
        [prefixListId],
        () => source.getManagedPrefixListEntries(prefixListId),
        (entries) => prefixListEntries.set(prefixListId, entries),
      ),
    describeVpcBlockPublicAccessOptions: () =>
      record(
        'ec2:DescribeVpcBlockPublicAccessOptions',
        [],
        () => source.describeVpcBlockPublicAccessOptions(),
        (options) => {
          bpaOptions = options;
        },
      ),
    describeVpcBlockPublicAccessExclusions: () =>
      record(
        'ec2:DescribeVpcBlockPublicAccessExclusions',
        [],
        () => source.describeVpcBlockPublicAccessExclusions(),
        (exclusions) => {
          bpaExclusions = exclusions;
        },
      ),
  };
  // Keep AWS's order for resources; sort what concurrency may have shuffled.
  const values = <T>(m: Map<string, T>) => [...m.values()];
  return {
    source: recorder,
    snapshot: () => ({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      region: source.region,
      capturedAt: now().toISOString(),
      redshift: { clusters: values(clusters), clusterSubnetGroups: values(groups) },
      redshiftServerless: {
        workgroups: values(workgroups),
        workgroupTags: Object.fromEntries([...workgroupTags].sort(([a], [b]) => a.localeCompare(b))),
      },
      ec2: {
        subnets: values(subnets),
        routeTables: values(tables),
        vpcEndpoints: values(endpoints),
        prefixLists: values(prefixLists),
        vpcAttributes: Object.fromEntries(Object.entries(vpcAttributes).sort(([a], [b]) => a.localeCompare(b))),
        securityGroups: values(securityGroups),
        networkAcls: values(networkAcls),
        prefixListEntries: Object.fromEntries(prefixListEntries),
        // Both halves, or neither: a replay cannot answer one without the other.
        ...(bpaOptions !== undefined && bpaExclusions !== undefined
          ? { blockPublicAccess: { options: bpaOptions, exclusions: bpaExclusions } }
          : {}),
      },
      failures: [...failures].sort((a, b) =>
        `${a.operation} ${a.scope.join(',')}`.localeCompare(`${b.operation} ${b.scope.join(',')}`),
      ),
    }),
  };
};
