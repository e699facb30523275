/**
 * Synthetic Redshift estates for the benchmark, in the SDK's own shapes (what the fake endpoint serializes).
 * Every VPC looks like a typical private data VPC: 10 clusters, one cluster subnet group over 2 subnets,
 * a main route table (local + internet gateway), a private route table for both subnets with an S3 gateway
 * endpoint route, the S3 gateway endpoint itself and DNS support/hostnames on.
 */
import type { ComplianceType } from '@aws-sdk/client-config-service';
import type { PrefixList, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '111122223333';
export const CLUSTERS_PER_VPC = 10;
export const S3_PREFIX_LIST_ID = 'pl-63a5400a';

/** A result Config holds for the rule from an earlier run (what GetComplianceDetailsByConfigRule lists). */
export interface EarlierResult {
  readonly clusterIdentifier: string;
  readonly complianceType: ComplianceType;
  readonly recordedAt: Date;
}

export interface Estate {
  readonly clusters: readonly Cluster[];
  readonly subnetGroups: readonly ClusterSubnetGroup[];
  readonly routeTables: readonly RouteTable[];
  readonly vpcEndpoints: readonly VpcEndpoint[];
  readonly prefixLists: readonly PrefixList[];
  readonly vpcIds: readonly string[];
  /** DNS attributes per VPC (all on: every prerequisite is met, so both contenders do their full work). */
  readonly dns: ReadonlyMap<string, { readonly enableDnsSupport: boolean; readonly enableDnsHostnames: boolean }>;
  readonly earlierResults: readonly EarlierResult[];
}

export const vpcCount = (clusters: number): number => Math.max(1, Math.ceil(clusters / CLUSTERS_PER_VPC));

/** Every fourth cluster has enhanced VPC routing off, so both verdicts occur and can be cross-checked. */
const evrOn = (i: number): boolean => i % 4 !== 0;

const hex = (n: number, width = 8): string => n.toString(16).padStart(width, '0');

const cluster = (i: number, vpcs: number): Cluster => {
  const v = i % vpcs;
  const id = `dw-${hex(i, 5)}`;
  return {
    ClusterIdentifier: id,
    NodeType: 'ra3.xlplus',
    ClusterStatus: 'available',
    ClusterAvailabilityStatus: 'Available',
    NumberOfNodes: 2,
    DBName: 'dev',
    MasterUsername: 'admin',
    Endpoint: { Address: `${id}.c0ffee1234ab.${REGION}.redshift.amazonaws.com`, Port: 5439 },
    ClusterCreateTime: new Date(Date.UTC(2024, 2, 1, 8, 0, 0)),
    ClusterSubnetGroupName: `sng-${hex(v)}`,
    VpcId: `vpc-${hex(v)}`,
    AvailabilityZone: `${REGION}a`,
    PubliclyAccessible: false,
    Encrypted: true,
    EnhancedVpcRouting: evrOn(i),
    Tags: [
      { Key: 'team', Value: `team-${v % 17}` },
      { Key: 'env', Value: 'prod' },
    ],
  };
};

/** An estate of `clusters` clusters in ⌈clusters / 10⌉ VPCs; earlier results exist for every cluster. */
export const buildEstate = (clusters: number): Estate => {
  const vpcs = vpcCount(clusters);
  const vpcIds = Array.from({ length: vpcs }, (_, v) => `vpc-${hex(v)}`);
  const subnets = (v: number) => [`subnet-${hex(v)}a`, `subnet-${hex(v)}b`];
  const allClusters = Array.from({ length: clusters }, (_, i) => cluster(i, vpcs));
  const recordedAt = new Date(Date.UTC(2026, 10, 27, 10, 0, 0));
  return {
    clusters: allClusters,
    subnetGroups: vpcIds.map((vpcId, v) => ({
      ClusterSubnetGroupName: `sng-${hex(v)}`,
      Description: 'private subnets for Redshift',
      VpcId: vpcId,
      SubnetGroupStatus: 'Complete',
      Subnets: subnets(v).map((id, s) => ({
        SubnetIdentifier: id,
        SubnetAvailabilityZone: { Name: `${REGION}${'ab'[s]}` },
        SubnetStatus: 'Active',
      })),
    })),
    routeTables: vpcIds.flatMap((vpcId, v): RouteTable[] => [
      {
        RouteTableId: `rtb-${hex(v)}m`,
        VpcId: vpcId,
        OwnerId: ACCOUNT_ID,
        Associations: [
          {
            Main: true,
            RouteTableAssociationId: `rtbassoc-${hex(v)}m`,
            RouteTableId: `rtb-${hex(v)}m`,
            AssociationState: { State: 'associated' },
          },
        ],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: `igw-${hex(v)}`, Origin: 'CreateRoute', State: 'active' },
        ],
      },
      {
        RouteTableId: `rtb-${hex(v)}p`,
        VpcId: vpcId,
        OwnerId: ACCOUNT_ID,
        Associations: subnets(v).map((subnetId, s) => ({
          Main: false,
          RouteTableAssociationId: `rtbassoc-${hex(v)}${s}`,
          RouteTableId: `rtb-${hex(v)}p`,
          SubnetId: subnetId,
          AssociationState: { State: 'associated' },
        })),
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          {
            DestinationPrefixListId: S3_PREFIX_LIST_ID,
            GatewayId: `vpce-${hex(v)}`,
            Origin: 'CreateRoute',
            State: 'active',
          },
        ],
      },
    ]),
    vpcEndpoints: vpcIds.map((vpcId, v) => ({
      VpcEndpointId: `vpce-${hex(v)}`,
      VpcEndpointType: 'Gateway',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${REGION}.s3`,
      State: 'Available',
      RouteTableIds: [`rtb-${hex(v)}p`],
      PrivateDnsEnabled: false,
    })),
    prefixLists: [
      { PrefixListId: S3_PREFIX_LIST_ID, PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: ['3.5.0.0/19'] },
      { PrefixListId: 'pl-02cd2c6b', PrefixListName: `com.amazonaws.${REGION}.dynamodb`, Cidrs: ['3.218.182.0/24'] },
    ],
    vpcIds,
    dns: new Map(vpcIds.map((id) => [id, { enableDnsSupport: true, enableDnsHostnames: true }])),
    // A steady state: the rule ran before and Config holds one result per existing cluster.
    earlierResults: allClusters.map((c) => ({
      clusterIdentifier: c.ClusterIdentifier ?? '',
      complianceType: c.EnhancedVpcRouting ? 'COMPLIANT' : 'NON_COMPLIANT',
      recordedAt,
    })),
  };
};
