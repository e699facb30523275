/**
 * Synthetic Redshift estates for the benchmark, in the SDK's own shapes (what the fake endpoint serializes).
 * Every VPC looks like a typical private data VPC: 10 clusters, one cluster subnet group over 2 subnets,
 * a main route table (local + internet gateway), a private route table for both subnets with an S3 gateway
 * endpoint route, the S3 gateway endpoint itself (AWS's default full-access policy), DNS support/hostnames on,
 * the VPC's default network ACL (allow all, as AWS creates it) for both subnets, the VPC's default security
 * group (unused by the clusters) and the team's security groups for Redshift: most clusters share one, a few
 * have their own. The Region has the S3 prefix list with its CIDRs, and VPC Block Public Access off.
 */
import type { ComplianceType } from '@aws-sdk/client-config-service';
import type {
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

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '111122223333';
export const CLUSTERS_PER_VPC = 10;
export const S3_PREFIX_LIST_ID = 'pl-63a5400a';
const DYNAMODB_PREFIX_LIST_ID = 'pl-02cd2c6b';
const VPC_CIDR = '10.0.0.0/16';
/** The CIDRs of us-east-1's S3 prefix list (the kind of list AWS publishes; a handful of /15–/21 blocks). */
export const S3_CIDRS = [
  '3.5.0.0/19',
  '16.15.192.0/18',
  '16.182.0.0/16',
  '18.34.0.0/19',
  '18.34.232.0/21',
  '52.216.0.0/15',
  '54.231.0.0/16',
] as const;
/** AWS's default gateway endpoint policy ("Full access"), as DescribeVpcEndpoints returns it. */
export const FULL_ACCESS_POLICY = JSON.stringify({
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
});

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
  /** GetManagedPrefixListEntries, per prefix list id. */
  readonly prefixListEntries: ReadonlyMap<string, readonly PrefixListEntry[]>;
  /** Every security group: the clusters' and each VPC's default group (which no cluster uses). */
  readonly securityGroups: readonly SecurityGroup[];
  /** The groups some cluster uses (what an evaluation must read). */
  readonly clusterSecurityGroupIds: readonly string[];
  readonly networkAcls: readonly NetworkAcl[];
  readonly blockPublicAccess: VpcBlockPublicAccessOptions;
  readonly blockPublicAccessExclusions: readonly VpcBlockPublicAccessExclusion[];
  readonly vpcIds: readonly string[];
  /** DNS attributes per VPC (all on: every prerequisite is met, so both contenders do their full work). */
  readonly dns: ReadonlyMap<string, { readonly enableDnsSupport: boolean; readonly enableDnsHostnames: boolean }>;
  readonly earlierResults: readonly EarlierResult[];
}

export const vpcCount = (clusters: number): number => Math.max(1, Math.ceil(clusters / CLUSTERS_PER_VPC));

/** Every fourth cluster has enhanced VPC routing off, so both verdicts occur and can be cross-checked. */
const evrOn = (i: number): boolean => i % 4 !== 0;

const hex = (n: number, width = 8): string => n.toString(16).padStart(width, '0');

/** The team's Redshift group of VPC `v`, shared by most of its clusters. */
const sharedGroupId = (v: number): string => `sg-${hex(v)}r`;
/** A cluster's own group: the `k`th cluster of VPC `v`. */
const ownGroupId = (v: number, k: number): string => `sg-${hex(v)}${k}`;

/**
 * The security groups of the `k`th cluster of a VPC (k = 0…9): 7 in 10 share the team's group only, 2 have a
 * group of their own (HTTPS to the S3 prefix list, Redshift to the VPC), and 1 has both (its own group only
 * reaches the VPC: S3 is open through the shared one).
 */
const groupsOf = (v: number, k: number): NonNullable<Cluster['VpcSecurityGroups']> => {
  if (k < 7) return [{ VpcSecurityGroupId: sharedGroupId(v), Status: 'active' }];
  if (k < 9) return [{ VpcSecurityGroupId: ownGroupId(v, k), Status: 'active' }];
  return [
    { VpcSecurityGroupId: sharedGroupId(v), Status: 'active' },
    { VpcSecurityGroupId: ownGroupId(v, k), Status: 'active' },
  ];
};

const redshiftIngress = (): NonNullable<SecurityGroup['IpPermissions']> => [
  { IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: VPC_CIDR, Description: 'Redshift' }] },
];
const allEgress = (): NonNullable<SecurityGroup['IpPermissionsEgress']> => [
  { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
];

/** A security group of VPC `v` in the shape DescribeSecurityGroups returns. */
const securityGroup = (v: number, groupId: string): SecurityGroup => {
  const base = { GroupId: groupId, VpcId: `vpc-${hex(v)}`, OwnerId: ACCOUNT_ID };
  if (groupId === `sg-${hex(v)}d`) {
    // AWS's default group: all egress, ingress from itself.
    return {
      ...base,
      GroupName: 'default',
      Description: 'default VPC security group',
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groupId, UserId: ACCOUNT_ID }] }],
      IpPermissionsEgress: allEgress(),
    };
  }
  if (groupId === sharedGroupId(v)) {
    return {
      ...base,
      GroupName: `redshift-team-${v % 17}`,
      Description: 'Redshift clusters of the team',
      IpPermissions: redshiftIngress(),
      IpPermissionsEgress: allEgress(),
    };
  }
  const k = Number(groupId.slice(-1));
  return {
    ...base,
    GroupName: `redshift-dw-${hex(v)}-${k}`,
    Description: 'one cluster',
    IpPermissions: redshiftIngress(),
    IpPermissionsEgress:
      k === 9
        ? [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: VPC_CIDR }] }]
        : [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: S3_PREFIX_LIST_ID }] },
            { IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: VPC_CIDR }] },
          ],
  };
};

/** The VPC's default network ACL as AWS creates it: all traffic in and out, then the final deny (rule 32767). */
const defaultNetworkAcl = (v: number, subnetIds: readonly string[]): NetworkAcl => ({
  NetworkAclId: `acl-${hex(v)}`,
  VpcId: `vpc-${hex(v)}`,
  OwnerId: ACCOUNT_ID,
  IsDefault: true,
  Associations: subnetIds.map((subnetId, s) => ({
    NetworkAclAssociationId: `aclassoc-${hex(v)}${s}`,
    NetworkAclId: `acl-${hex(v)}`,
    SubnetId: subnetId,
  })),
  Entries: [true, false].flatMap((egress) => [
    { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow' as const, Egress: egress, CidrBlock: '0.0.0.0/0' },
    { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny' as const, Egress: egress, CidrBlock: '0.0.0.0/0' },
  ]),
});

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
    VpcSecurityGroups: groupsOf(v, Math.floor(i / vpcs)),
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
  // Only the groups some cluster uses exist (besides each VPC's default group), in the order first used.
  const clusterGroups = new Map<string, number>();
  allClusters.forEach((c, i) => {
    for (const g of c.VpcSecurityGroups ?? []) clusterGroups.set(g.VpcSecurityGroupId ?? '', i % vpcs);
  });
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
      PolicyDocument: FULL_ACCESS_POLICY,
      OwnerId: ACCOUNT_ID,
    })),
    prefixLists: [
      { PrefixListId: S3_PREFIX_LIST_ID, PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: [...S3_CIDRS] },
      {
        PrefixListId: DYNAMODB_PREFIX_LIST_ID,
        PrefixListName: `com.amazonaws.${REGION}.dynamodb`,
        Cidrs: ['3.218.182.0/24'],
      },
    ],
    prefixListEntries: new Map([
      [S3_PREFIX_LIST_ID, S3_CIDRS.map((Cidr) => ({ Cidr }))],
      [DYNAMODB_PREFIX_LIST_ID, [{ Cidr: '3.218.182.0/24' }]],
    ]),
    securityGroups: [
      ...[...clusterGroups].map(([groupId, v]) => securityGroup(v, groupId)),
      ...vpcIds.map((_, v) => securityGroup(v, `sg-${hex(v)}d`)),
    ],
    clusterSecurityGroupIds: [...clusterGroups.keys()],
    networkAcls: vpcIds.map((_, v) => defaultNetworkAcl(v, subnets(v))),
    blockPublicAccess: {
      AwsAccountId: ACCOUNT_ID,
      AwsRegion: REGION,
      State: 'default-state',
      InternetGatewayBlockMode: 'off',
      ExclusionsAllowed: 'allowed',
    },
    blockPublicAccessExclusions: [],
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
