/**
 * Synthetic Redshift estates for the benchmark, in the one account model (test/support/fakeAws) the fake
 * endpoint serves. Every VPC looks like a typical private data VPC: one cluster subnet group over 2 subnets, a
 * main route table (local + internet gateway), a private route table for both subnets with an S3 gateway
 * endpoint route, the S3 gateway endpoint itself (AWS's default full-access policy), DNS support/hostnames on,
 * the VPC's default network ACL (allow all, as AWS creates it) for both subnets, the VPC's default security
 * group (unused by the clusters) and the team's security groups for Redshift: most clusters share one, a few
 * have their own. The Region has the S3 prefix list with its CIDRs, and VPC Block Public Access off.
 *
 * Topologies: 10 clusters per VPC, 1 per VPC, or all in one VPC. Unless `blocked: false`, some paths to S3 are
 * closed, so that the contenders' agreement means they read the network: in every tenth VPC (v mod 10 = 3) the
 * private route table has no S3 route, in another (5) DNS hostnames are off, in another (7) a network ACL denies
 * HTTPS out; and the 9th of every 10 clusters of a VPC has only a group of its own whose egress reaches the VPC
 * alone. `expectedReady` says, cluster by cluster, what a correct checker must find.
 */
import type { ComplianceType } from '@aws-sdk/client-config-service';
import type { IpPermission, NetworkAclEntry, SecurityGroup } from '@aws-sdk/client-ec2';
import type { Cluster } from '@aws-sdk/client-redshift';
import type { AccountData } from '../test/support/fakeAws/account.ts';
import {
  ACCOUNT_ID,
  cluster as aCluster,
  securityGroup as aSecurityGroup,
  defaultAclEntries,
  egress,
  networkAcl,
  prefixLists,
  REGION,
  routes,
  routeTable,
  subnetGroup,
  vpcEndpoint,
} from '../test/support/fakeAws/builders.ts';

/** How clusters are spread over VPCs. */
export const TOPOLOGIES = {
  'ten-per-vpc': { label: '10 per VPC', clustersPerVpc: 10 },
  'one-per-vpc': { label: '1 per VPC', clustersPerVpc: 1 },
  'one-vpc': { label: 'all in one VPC', clustersPerVpc: Number.POSITIVE_INFINITY },
} as const;
export type Topology = keyof typeof TOPOLOGIES;
export const isTopology = (value: unknown): value is Topology => typeof value === 'string' && value in TOPOLOGIES;
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

/** A result Config holds for the rule from an earlier run (what GetComplianceDetailsByConfigRule lists). */
export interface EarlierResult {
  readonly clusterIdentifier: string;
  readonly complianceType: ComplianceType;
  readonly recordedAt: Date;
}

/** An account whose every part is given (nothing left to AWS's defaults), and what the benchmark knows of it. */
export interface Estate extends AccountData {
  /** Every security group: the clusters' and each VPC's default group (which no cluster uses). */
  securityGroups: SecurityGroup[];
  networkAcls: NonNullable<AccountData['networkAcls']>;
  prefixListEntries: NonNullable<AccountData['prefixListEntries']>;
  blockPublicAccess: NonNullable<AccountData['blockPublicAccess']>;
  /** The groups some cluster uses (what an evaluation must read). */
  readonly clusterSecurityGroupIds: readonly string[];
  readonly vpcIds: readonly string[];
  readonly earlierResults: readonly EarlierResult[];
  /** Per cluster: whether its whole path to S3 is open (what a correct checker reports). */
  readonly expectedReady: ReadonlyMap<string, boolean>;
  readonly topology: Topology;
}

export const vpcCount = (clusters: number, topology: Topology = 'ten-per-vpc'): number =>
  Math.max(1, Math.ceil(clusters / TOPOLOGIES[topology].clustersPerVpc));

/** What closes a VPC's path to S3 (v mod 10), when the estate has blocked networks. */
const vpcBlock = (v: number, blocked: boolean): 'route' | 'dns' | 'acl' | undefined =>
  !blocked ? undefined : v % 10 === 3 ? 'route' : v % 10 === 5 ? 'dns' : v % 10 === 7 ? 'acl' : undefined;

/** The `k`th cluster of a VPC whose only group keeps HTTPS inside the VPC (when networks are blocked). */
const groupBlocks = (k: number, blocked: boolean): boolean => blocked && k % 10 === 8;

/** Every fourth cluster has enhanced VPC routing off, so both verdicts occur and can be cross-checked. */
const evrOn = (i: number): boolean => i % 4 !== 0;

const hex = (n: number, width = 8): string => n.toString(16).padStart(width, '0');

/** The team's Redshift group of VPC `v`, shared by most of its clusters. */
const sharedGroupId = (v: number): string => `sg-${hex(v)}r`;
/** A cluster's own group: the `k`th cluster of VPC `v` (its last digit: what the group lets out). */
const ownGroupId = (v: number, k: number): string => `sg-${hex(v)}${k}`;

/**
 * The security groups of the `k`th cluster of a VPC (by k mod 10): 7 in 10 share the team's group only, 2 have a
 * group of their own (the 8th's reaches S3 by HTTPS to the prefix list; the 9th's, when networks are blocked,
 * only the VPC), and 1 has both (its own group only reaches the VPC: S3 is open through the shared one).
 */
const groupsOf = (v: number, k: number): string[] => {
  if (k % 10 < 7) return [sharedGroupId(v)];
  if (k % 10 < 9) return [ownGroupId(v, k)];
  return [sharedGroupId(v), ownGroupId(v, k)];
};

const redshiftIngress = (): IpPermission[] => [
  { IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: VPC_CIDR, Description: 'Redshift' }] },
];

/** A security group of VPC `v` in the shape DescribeSecurityGroups returns. */
const securityGroup = (v: number, groupId: string, blocked: boolean): SecurityGroup => {
  const vpcId = `vpc-${hex(v)}`;
  if (groupId === `sg-${hex(v)}d`) {
    // AWS's default group: all egress, ingress from itself.
    return aSecurityGroup(groupId, vpcId, [egress.allTraffic()], {
      name: 'default',
      description: 'default VPC security group',
      ingress: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groupId, UserId: ACCOUNT_ID }] }],
    });
  }
  if (groupId === sharedGroupId(v)) {
    return aSecurityGroup(groupId, vpcId, [egress.allTraffic()], {
      name: `redshift-team-${v % 17}`,
      description: 'Redshift clusters of the team',
      ingress: redshiftIngress(),
    });
  }
  const k = Number(groupId.slice(`sg-${hex(v)}`.length));
  const toVpc = egress.tcpToCidrs(5439, 5439, [VPC_CIDR]);
  const reachesS3 = k % 10 === 7 || (k % 10 === 8 && !groupBlocks(k, blocked));
  return aSecurityGroup(groupId, vpcId, reachesS3 ? [egress.httpsToPrefixList(), toVpc] : [toVpc], {
    name: `redshift-dw-${hex(v)}-${k}`,
    description: 'one cluster',
    ingress: redshiftIngress(),
  });
};

const cluster = (i: number, vpcs: number): Cluster => {
  // Round-robin over the VPCs: cluster i is the kth of VPC v.
  const v = i % vpcs;
  const id = `dw-${hex(i, 5)}`;
  return {
    ...aCluster({
      id,
      evr: evrOn(i),
      subnetGroup: `sng-${hex(v)}`,
      vpcId: `vpc-${hex(v)}`,
      securityGroupIds: groupsOf(v, Math.floor(i / vpcs)),
      tags: { team: `team-${v % 17}`, env: 'prod' },
    }),
    Endpoint: { Address: `${id}.c0ffee1234ab.${REGION}.redshift.amazonaws.com`, Port: 5439 },
    ClusterCreateTime: new Date(Date.UTC(2024, 2, 1, 8, 0, 0)),
    AvailabilityZone: `${REGION}a`,
  };
};

/** HTTPS out denied before the allow-all rules (a team's "no direct internet" ACL that forgets S3). */
const httpsDenied = (): NetworkAclEntry[] => [
  {
    RuleNumber: 90,
    Protocol: '6',
    RuleAction: 'deny',
    Egress: true,
    CidrBlock: '0.0.0.0/0',
    PortRange: { From: 443, To: 443 },
  },
  ...defaultAclEntries(),
];

/**
 * An estate of `clusters` clusters in the topology's VPCs; earlier results exist for every cluster. Blocked
 * networks (the default) close some paths to S3, as the module's comment lists.
 */
export const buildEstate = (
  clusters: number,
  options: { readonly topology?: Topology; readonly blocked?: boolean } = {},
): Estate => {
  const topology = options.topology ?? 'ten-per-vpc';
  const blocked = options.blocked ?? true;
  const vpcs = vpcCount(clusters, topology);
  const vpcIds = Array.from({ length: vpcs }, (_, v) => `vpc-${hex(v)}`);
  const subnets = (v: number) => [`subnet-${hex(v)}a`, `subnet-${hex(v)}b`];
  const allClusters = Array.from({ length: clusters }, (_, i) => cluster(i, vpcs));
  // Only the groups some cluster uses exist (besides each VPC's default group), in the order first used.
  const clusterGroups = new Map<string, number>();
  allClusters.forEach((c, i) => {
    for (const g of c.VpcSecurityGroups ?? []) clusterGroups.set(g.VpcSecurityGroupId ?? '', i % vpcs);
  });
  const recordedAt = new Date(Date.UTC(2026, 10, 27, 10, 0, 0));
  const lists = prefixLists(REGION, S3_CIDRS);
  return {
    clusters: allClusters,
    subnetGroups: vpcIds.map((vpcId, v) => ({
      ...subnetGroup(`sng-${hex(v)}`, vpcId, subnets(v)),
      Description: 'private subnets for Redshift',
    })),
    routeTables: vpcIds.flatMap((vpcId, v) => [
      routeTable(`rtb-${hex(v)}m`, vpcId, { main: true, routes: [routes.local(), routes.igw(`igw-${hex(v)}`)] }),
      routeTable(`rtb-${hex(v)}p`, vpcId, {
        subnets: subnets(v),
        routes:
          vpcBlock(v, blocked) === 'route' ? [routes.local()] : [routes.local(), routes.s3Endpoint(`vpce-${hex(v)}`)],
      }),
    ]),
    vpcEndpoints: vpcIds.map((vpcId, v) => vpcEndpoint(`vpce-${hex(v)}`, vpcId, { routeTableIds: [`rtb-${hex(v)}p`] })),
    prefixLists: lists,
    prefixListEntries: Object.fromEntries(
      lists.map((l) => [l.PrefixListId ?? '', (l.Cidrs ?? []).map((Cidr) => ({ Cidr }))]),
    ),
    securityGroups: [
      ...[...clusterGroups].map(([groupId, v]) => securityGroup(v, groupId, blocked)),
      ...vpcIds.map((_, v) => securityGroup(v, `sg-${hex(v)}d`, blocked)),
    ],
    clusterSecurityGroupIds: [...clusterGroups.keys()],
    networkAcls: vpcIds.flatMap((vpcId, v) =>
      vpcBlock(v, blocked) === 'acl'
        ? [
            networkAcl(`acl-${hex(v)}`, vpcId, { isDefault: true }),
            networkAcl(`acl-${hex(v)}c`, vpcId, { subnets: subnets(v), entries: httpsDenied() }),
          ]
        : [networkAcl(`acl-${hex(v)}`, vpcId, { isDefault: true, subnets: subnets(v) })],
    ),
    blockPublicAccess: {
      options: {
        AwsAccountId: ACCOUNT_ID,
        AwsRegion: REGION,
        State: 'default-state',
        InternetGatewayBlockMode: 'off',
        ExclusionsAllowed: 'allowed',
      },
      exclusions: [],
    },
    vpcIds,
    vpcAttributes: Object.fromEntries(
      vpcIds.map((id, v) => [id, { enableDnsSupport: true, enableDnsHostnames: vpcBlock(v, blocked) !== 'dns' }]),
    ),
    // A steady state: the rule ran before and Config holds one result per existing cluster.
    earlierResults: allClusters.map((c) => ({
      clusterIdentifier: c.ClusterIdentifier ?? '',
      complianceType: c.EnhancedVpcRouting ? 'COMPLIANT' : 'NON_COMPLIANT',
      recordedAt,
    })),
    expectedReady: new Map(
      allClusters.map((c, i) => {
        const v = i % vpcs;
        const k = Math.floor(i / vpcs);
        return [c.ClusterIdentifier ?? '', vpcBlock(v, blocked) === undefined && !groupBlocks(k, blocked)];
      }),
    ),
    topology,
  };
};
