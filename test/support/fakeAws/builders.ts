/**
 * Builders of the account model's resources in the SDK's own shapes (what the SDK returns), for unit tests, the
 * demo estate and the synthetic and benchmark estates.
 */
import { createHash } from 'node:crypto';
import type {
  IpPermission,
  NetworkAcl,
  NetworkAclEntry,
  PrefixList,
  Route,
  RouteTable,
  SecurityGroup,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';

/** The Region and account every fake resource is in unless a builder is told otherwise. */
export const REGION = 'us-east-1';
export const ACCOUNT_ID = '111122223333';
/** us-east-1's AWS-managed prefix lists of S3 and DynamoDB. */
export const S3_PREFIX_LIST_ID = 'pl-63a5400a';
export const DYNAMODB_PREFIX_LIST_ID = 'pl-02cd2c6b';

/** The Region's S3 and DynamoDB prefix lists (a few of S3's CIDRs unless `s3Cidrs` are given). */
export const prefixLists = (
  region = REGION,
  s3Cidrs: readonly string[] = ['3.5.0.0/19', '52.216.0.0/15'],
): PrefixList[] => [
  {
    PrefixListId: S3_PREFIX_LIST_ID,
    PrefixListName: `com.amazonaws.${region}.s3`,
    Cidrs: [...s3Cidrs],
  },
  {
    PrefixListId: DYNAMODB_PREFIX_LIST_ID,
    PrefixListName: `com.amazonaws.${region}.dynamodb`,
    Cidrs: ['3.218.182.0/24'],
  },
];

/** What a test says about a cluster; the rest is what a new private cluster shows. */
export interface ClusterSpec {
  readonly id: string;
  readonly evr?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly subnetGroup?: string;
  readonly vpcId?: string;
  readonly status?: string;
  readonly tags?: Record<string, string>;
  readonly nodeType?: string;
  /** Its PreferredMaintenanceWindow (default: sat:07:30-sat:08:00). */
  readonly maintenanceWindow?: string;
  /** Active VPC security groups (default: one, `DEFAULT_SECURITY_GROUP_ID`). */
  readonly securityGroupIds?: readonly string[];
}

/** The security group clusters and workgroups get unless a test names others. */
export const DEFAULT_SECURITY_GROUP_ID = 'sg-0123456789abcdef0';

/** Egress rules, as IpPermissionsEgress holds them. */
export const egress = {
  allTraffic: (): IpPermission => ({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
  httpsToPrefixList: (prefixListId = S3_PREFIX_LIST_ID): IpPermission => ({
    IpProtocol: 'tcp',
    FromPort: 443,
    ToPort: 443,
    PrefixListIds: [{ PrefixListId: prefixListId }],
  }),
  tcpToCidrs: (from: number, to: number, cidrs: readonly string[]): IpPermission => ({
    IpProtocol: 'tcp',
    FromPort: from,
    ToPort: to,
    IpRanges: cidrs.map((CidrIp) => ({ CidrIp })),
  }),
  toGroup: (groupId: string): IpPermission => ({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groupId }] }),
};

/** A security group with these egress rules (named after its id, no ingress unless `spec` says). */
export const securityGroup = (
  groupId: string,
  vpcId: string,
  rules: readonly IpPermission[],
  spec: { name?: string; description?: string; ingress?: readonly IpPermission[] } = {},
): SecurityGroup => ({
  GroupId: groupId,
  GroupName: spec.name ?? groupId,
  VpcId: vpcId,
  OwnerId: ACCOUNT_ID,
  Description: spec.description ?? 'test',
  IpPermissions: [...(spec.ingress ?? [])],
  IpPermissionsEgress: [...rules],
});

/** A network ACL entry, as DescribeNetworkAcls returns it (protocol "6" is TCP, "-1" all). */
export const aclEntry = (
  ruleNumber: number,
  egress: boolean,
  action: 'allow' | 'deny',
  spec: { cidr?: string; protocol?: string; ports?: readonly [number, number] } = {},
): NetworkAclEntry => ({
  RuleNumber: ruleNumber,
  Egress: egress,
  RuleAction: action,
  Protocol: spec.protocol ?? (spec.ports ? '6' : '-1'),
  CidrBlock: spec.cidr ?? '0.0.0.0/0',
  ...(spec.ports ? { PortRange: { From: spec.ports[0], To: spec.ports[1] } } : {}),
});

/** AWS's default network ACL: rule 100 allows everything both ways, then the final * deny (32767). */
export const defaultAclEntries = (): NetworkAclEntry[] => [
  aclEntry(100, true, 'allow'),
  aclEntry(32767, true, 'deny'),
  aclEntry(100, false, 'allow'),
  aclEntry(32767, false, 'deny'),
];

/** A network ACL (AWS's default entries unless given) and its subnet associations. */
export const networkAcl = (
  id: string,
  vpcId: string,
  spec: { isDefault?: boolean; subnets?: readonly string[]; entries?: readonly NetworkAclEntry[] } = {},
): NetworkAcl => ({
  NetworkAclId: id,
  VpcId: vpcId,
  IsDefault: spec.isDefault ?? false,
  OwnerId: ACCOUNT_ID,
  Associations: (spec.subnets ?? []).map((SubnetId, i) => ({
    NetworkAclAssociationId: `aclassoc-${id.slice(4)}${i}`,
    NetworkAclId: id,
    SubnetId,
  })),
  Entries: [...(spec.entries ?? defaultAclEntries())],
});

/** A provisioned cluster as DescribeClusters returns it. */
export const cluster = (spec: ClusterSpec): Cluster => ({
  ClusterIdentifier: spec.id,
  NodeType: spec.nodeType ?? 'ra3.xlplus',
  ClusterStatus: spec.status ?? 'available',
  ClusterAvailabilityStatus: spec.status === 'paused' ? 'Unavailable' : 'Available',
  NumberOfNodes: 2,
  DBName: 'dev',
  MasterUsername: 'admin',
  ...(spec.subnetGroup === undefined ? {} : { ClusterSubnetGroupName: spec.subnetGroup }),
  ...(spec.vpcId === undefined ? {} : { VpcId: spec.vpcId }),
  PubliclyAccessible: spec.publiclyAccessible ?? false,
  EnhancedVpcRouting: spec.evr ?? false,
  // Redshift gives every cluster one (it picks it when none is asked for).
  PreferredMaintenanceWindow: spec.maintenanceWindow ?? 'sat:07:30-sat:08:00',
  VpcSecurityGroups: (spec.securityGroupIds ?? [DEFAULT_SECURITY_GROUP_ID]).map((VpcSecurityGroupId) => ({
    VpcSecurityGroupId,
    Status: 'active',
  })),
  Encrypted: true,
  Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  // Redshift returns the namespace ARN for every cluster: the account and partition come from it.
  ClusterNamespaceArn: `arn:aws:redshift:${REGION}:111122223333:namespace:${createHash('sha256').update(spec.id).digest('hex').slice(0, 8)}-0000-4000-8000-000000000000`,
});

/** What a test says about a workgroup; the rest is what a new workgroup shows. */
export interface WorkgroupSpec {
  readonly name: string;
  readonly subnetIds: readonly string[];
  readonly evr?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly status?: Workgroup['status'];
  readonly account?: string;
  readonly securityGroupIds?: readonly string[];
}

/** A Redshift Serverless workgroup as ListWorkgroups / GetWorkgroup return it. */
export const workgroup = (spec: WorkgroupSpec): Workgroup => {
  const id = `${createHash('sha256').update(spec.name).digest('hex').slice(0, 8)}-0000-4000-8000-000000000000`;
  return {
    workgroupId: id,
    workgroupArn: `arn:aws:redshift-serverless:${REGION}:${spec.account ?? ACCOUNT_ID}:workgroup/${id}`,
    workgroupName: spec.name,
    namespaceName: `${spec.name}-ns`,
    baseCapacity: 8,
    enhancedVpcRouting: spec.evr ?? false,
    securityGroupIds: [...(spec.securityGroupIds ?? [DEFAULT_SECURITY_GROUP_ID])],
    subnetIds: [...spec.subnetIds],
    status: spec.status ?? 'AVAILABLE',
    publiclyAccessible: spec.publiclyAccessible ?? false,
    port: 5439,
  };
};

/** A cluster subnet group over these subnets (in the Region's first Availability Zones). */
export const subnetGroup = (name: string, vpcId: string, subnetIds: readonly string[]): ClusterSubnetGroup => ({
  ClusterSubnetGroupName: name,
  Description: `Subnets for ${name}`,
  VpcId: vpcId,
  SubnetGroupStatus: 'Complete',
  Subnets: subnetIds.map((id, i) => ({
    SubnetIdentifier: id,
    SubnetAvailabilityZone: { Name: `${REGION}${'abc'[i % 3]}` },
    SubnetStatus: 'Active',
  })),
});

/** Routes, as a route table's `Routes` hold them. */
export const routes = {
  local: (cidr = '10.0.0.0/16'): Route => ({
    DestinationCidrBlock: cidr,
    GatewayId: 'local',
    Origin: 'CreateRouteTable',
    State: 'active',
  }),
  nat: (id: string, state: 'active' | 'blackhole' = 'active'): Route => ({
    DestinationCidrBlock: '0.0.0.0/0',
    NatGatewayId: id,
    Origin: 'CreateRoute',
    State: state,
  }),
  igw: (id: string): Route => ({
    DestinationCidrBlock: '0.0.0.0/0',
    GatewayId: id,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  s3Endpoint: (vpceId: string, state: 'active' | 'blackhole' = 'active'): Route => ({
    DestinationPrefixListId: S3_PREFIX_LIST_ID,
    GatewayId: vpceId,
    Origin: 'CreateRoute',
    State: state,
  }),
  dynamoEndpoint: (vpceId: string): Route => ({
    DestinationPrefixListId: DYNAMODB_PREFIX_LIST_ID,
    GatewayId: vpceId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  tgw: (id: string): Route => ({
    DestinationCidrBlock: '0.0.0.0/0',
    TransitGatewayId: id,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  natInstance: (instanceId: string, eni: string): Route => ({
    DestinationCidrBlock: '0.0.0.0/0',
    InstanceId: instanceId,
    InstanceOwnerId: ACCOUNT_ID,
    NetworkInterfaceId: eni,
    Origin: 'CreateRoute',
    State: 'active',
  }),
};

/** A route table, the main one of its VPC or associated with `subnets`. */
export const routeTable = (
  id: string,
  vpcId: string,
  spec: { main?: boolean; subnets?: readonly string[]; routes: readonly Route[] },
): RouteTable => ({
  RouteTableId: id,
  VpcId: vpcId,
  OwnerId: ACCOUNT_ID,
  Associations: [
    ...(spec.main
      ? [
          {
            Main: true,
            RouteTableAssociationId: `rtbassoc-${id.slice(4)}m`,
            RouteTableId: id,
            AssociationState: { State: 'associated' as const },
          },
        ]
      : []),
    ...(spec.subnets ?? []).map((subnetId, i) => ({
      Main: false,
      RouteTableAssociationId: `rtbassoc-${id.slice(4)}${i}`,
      RouteTableId: id,
      SubnetId: subnetId,
      AssociationState: { State: 'associated' as const },
    })),
  ],
  Routes: [...spec.routes],
  PropagatingVgws: [],
  Tags: [],
});

/** A VPC endpoint (an S3 gateway endpoint unless `spec` says otherwise). */
export const vpcEndpoint = (
  id: string,
  vpcId: string,
  spec: {
    type?: 'Gateway' | 'Interface';
    service?: string;
    routeTableIds?: readonly string[];
    state?: string;
    /** The endpoint policy (default: AWS's full-access policy). */
    policy?: object;
  },
): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcEndpointType: spec.type ?? 'Gateway',
  VpcId: vpcId,
  ServiceName: spec.service ?? `com.amazonaws.${REGION}.s3`,
  State: (spec.state ?? 'available') as VpcEndpoint['State'],
  RouteTableIds: [...(spec.routeTableIds ?? [])],
  PrivateDnsEnabled: false,
  OwnerId: ACCOUNT_ID,
  PolicyDocument: JSON.stringify(spec.policy ?? FULL_ACCESS_POLICY),
});

/** The policy AWS gives an endpoint created without one. */
export const FULL_ACCESS_POLICY = {
  Version: '2008-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};
