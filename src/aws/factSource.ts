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
import type { Workgroup, Tag as WorkgroupTag } from '@aws-sdk/client-redshift-serverless';

export type { WorkgroupTag };

export type VpcDnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

/**
 * The describe and list calls the engine needs, returning AWS's raw shapes (so snapshots record them verbatim).
 * Implementations: live SDK clients, a recorded snapshot, and a recorder around either.
 * Every method throws AwsCallError on failure.
 */
export interface FactSource {
  readonly region: string;
  /** All clusters, or one by identifier (an unknown identifier yields []). */
  describeClusters(clusterIdentifier?: string): Promise<Cluster[]>;
  /** All Redshift Serverless workgroups (ListWorkgroups), or one by name (GetWorkgroup; unknown yields []). */
  listWorkgroups(workgroupName?: string): Promise<Workgroup[]>;
  /** A workgroup's tags (ListTagsForResource): ListWorkgroups does not return them. */
  listWorkgroupTags(workgroupArn: string): Promise<WorkgroupTag[]>;
  /** These subnets (one batched, paginated call): where a workgroup's VPC comes from. */
  describeSubnets(subnetIds: readonly string[]): Promise<Subnet[]>;
  /** All cluster subnet groups, or one by name. */
  describeClusterSubnetGroups(name?: string): Promise<ClusterSubnetGroup[]>;
  /** Route tables of these VPCs (one batched, paginated call). */
  describeRouteTables(vpcIds: readonly string[]): Promise<RouteTable[]>;
  /** VPC endpoints of these VPCs (one batched, paginated call). */
  describeVpcEndpoints(vpcIds: readonly string[]): Promise<VpcEndpoint[]>;
  /** AWS-managed prefix lists of the region (to find the S3 one). */
  describePrefixLists(): Promise<PrefixList[]>;
  describeVpcAttribute(vpcId: string, attribute: VpcDnsAttribute): Promise<boolean>;
  /** Security groups of these VPCs (one batched, paginated call): the clusters' and workgroups' egress rules. */
  describeSecurityGroups(vpcIds: readonly string[]): Promise<SecurityGroup[]>;
  /** Network ACLs of these VPCs (one batched, paginated call). */
  describeNetworkAcls(vpcIds: readonly string[]): Promise<NetworkAcl[]>;
  /** The CIDRs of a managed prefix list (the Region's S3 list). */
  getManagedPrefixListEntries(prefixListId: string): Promise<PrefixListEntry[]>;
  /** VPC Block Public Access of the account and Region. */
  describeVpcBlockPublicAccessOptions(): Promise<VpcBlockPublicAccessOptions>;
  /** Its exclusions (VPCs and subnets). */
  describeVpcBlockPublicAccessExclusions(): Promise<VpcBlockPublicAccessExclusion[]>;
}
