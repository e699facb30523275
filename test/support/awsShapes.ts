import { createHash } from 'node:crypto';
/** Builders of raw AWS response shapes (what the SDK returns), for adapter tests and the demo snapshot. */
import type { PrefixList, Route, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';

export const REGION = 'us-east-1';
export const S3_PREFIX_LIST_ID = 'pl-63a5400a';
export const DYNAMODB_PREFIX_LIST_ID = 'pl-02cd2c6b';

export const prefixLists = (region = REGION): PrefixList[] => [
  {
    PrefixListId: S3_PREFIX_LIST_ID,
    PrefixListName: `com.amazonaws.${region}.s3`,
    Cidrs: ['3.5.0.0/19', '52.216.0.0/15'],
  },
  {
    PrefixListId: DYNAMODB_PREFIX_LIST_ID,
    PrefixListName: `com.amazonaws.${region}.dynamodb`,
    Cidrs: ['3.218.182.0/24'],
  },
];

export interface ClusterSpec {
  readonly id: string;
  readonly evr?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly subnetGroup?: string;
  readonly vpcId?: string;
  readonly status?: string;
  readonly tags?: Record<string, string>;
  readonly nodeType?: string;
}

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
  Encrypted: true,
  Tags: Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  // Redshift returns the namespace ARN for every cluster: the account and partition come from it.
  ClusterNamespaceArn: `arn:aws:redshift:${REGION}:111122223333:namespace:${createHash('sha256').update(spec.id).digest('hex').slice(0, 8)}-0000-4000-8000-000000000000`,
});

export interface WorkgroupSpec {
  readonly name: string;
  readonly subnetIds: readonly string[];
  readonly evr?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly status?: Workgroup['status'];
  readonly account?: string;
}

/** A Redshift Serverless workgroup as ListWorkgroups / GetWorkgroup return it. */
export const workgroup = (spec: WorkgroupSpec): Workgroup => {
  const id = `${createHash('sha256').update(spec.name).digest('hex').slice(0, 8)}-0000-4000-8000-000000000000`;
  return {
    workgroupId: id,
    workgroupArn: `arn:aws:redshift-serverless:${REGION}:${spec.account ?? '111122223333'}:workgroup/${id}`,
    workgroupName: spec.name,
    namespaceName: `${spec.name}-ns`,
    baseCapacity: 8,
    enhancedVpcRouting: spec.evr ?? false,
    securityGroupIds: ['sg-0123456789abcdef0'],
    subnetIds: [...spec.subnetIds],
    status: spec.status ?? 'AVAILABLE',
    publiclyAccessible: spec.publiclyAccessible ?? false,
    port: 5439,
  };
};

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
    InstanceOwnerId: '111122223333',
    NetworkInterfaceId: eni,
    Origin: 'CreateRoute',
    State: 'active',
  }),
};

export const routeTable = (
  id: string,
  vpcId: string,
  spec: { main?: boolean; subnets?: readonly string[]; routes: readonly Route[] },
): RouteTable => ({
  RouteTableId: id,
  VpcId: vpcId,
  OwnerId: '111122223333',
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

export const vpcEndpoint = (
  id: string,
  vpcId: string,
  spec: { type?: 'Gateway' | 'Interface'; service?: string; routeTableIds?: readonly string[]; state?: string },
): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcEndpointType: spec.type ?? 'Gateway',
  VpcId: vpcId,
  ServiceName: spec.service ?? `com.amazonaws.${REGION}.s3`,
  State: (spec.state ?? 'available') as VpcEndpoint['State'],
  RouteTableIds: [...(spec.routeTableIds ?? [])],
  PrivateDnsEnabled: false,
});
