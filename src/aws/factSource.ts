import type { PrefixList, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';

export type VpcDnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

/**
 * The describe calls the engine needs, returning AWS's raw shapes (so snapshots record them verbatim).
 * Implementations: live SDK clients, a recorded snapshot, and a recorder around either.
 * Every method throws AwsCallError on failure.
 */
export interface FactSource {
  readonly region: string;
  /** All clusters, or one by identifier (an unknown identifier yields []). */
  describeClusters(clusterIdentifier?: string): Promise<Cluster[]>;
  /** All cluster subnet groups, or one by name. */
  describeClusterSubnetGroups(name?: string): Promise<ClusterSubnetGroup[]>;
  /** Route tables of these VPCs (one batched, paginated call). */
  describeRouteTables(vpcIds: readonly string[]): Promise<RouteTable[]>;
  /** VPC endpoints of these VPCs (one batched, paginated call). */
  describeVpcEndpoints(vpcIds: readonly string[]): Promise<VpcEndpoint[]>;
  /** AWS-managed prefix lists of the region (to find the S3 one). */
  describePrefixLists(): Promise<PrefixList[]>;
  describeVpcAttribute(vpcId: string, attribute: VpcDnsAttribute): Promise<boolean>;
}
