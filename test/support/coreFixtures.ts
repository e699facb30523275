import {
  type EgressRule,
  known,
  type NetworkAcl,
  type NetworkAclEntry,
  type ProvisionedClusterFacts,
  type Route,
  type RouteTable,
  type RuleOptions,
  type S3Endpoint,
  unknown,
  type VpcNetworkFacts,
  type WorkgroupFacts,
} from '../../src/core/types.ts';

/** The time evaluations are made at in tests (exemptions' end dates are judged against it). */
export const EVALUATED_AT = new Date('2026-11-28T09:00:00.000Z');

export const S3_PL = 'pl-63a5400a';
export const VPC = 'vpc-0a1';
export const SG = 'sg-0a1';
/** The CIDRs of the S3 prefix list in these fixtures. */
export const S3_CIDRS = ['3.5.0.0/19', '52.216.0.0/15'] as const;

export const allTrafficEgress = (): EgressRule => ({
  protocol: '-1',
  cidrs: ['0.0.0.0/0'],
  prefixListIds: [],
  groupIds: [],
});

/** A security group with these egress rules (default: all traffic, as AWS creates groups). */
export const aSecurityGroup = (groupId = SG, egress: readonly EgressRule[] = [allTrafficEgress()]) => ({
  groupId,
  vpcId: VPC,
  egress,
});

/** A network ACL entry; TCP when ports are given, else all traffic. */
export const anAclEntry = (
  ruleNumber: number,
  egress: boolean,
  allow: boolean,
  spec: { cidr?: string; ports?: readonly [number, number]; protocol?: string } = {},
): NetworkAclEntry => ({
  ruleNumber,
  egress,
  allow,
  protocol: spec.protocol ?? (spec.ports ? '6' : '-1'),
  cidr: spec.cidr ?? '0.0.0.0/0',
  ...(spec.ports ? { ports: { from: spec.ports[0], to: spec.ports[1] } } : {}),
});

/** AWS's default ACL: everything allowed both ways, then the final * deny. */
export const anAcl = (overrides: Partial<NetworkAcl> = {}): NetworkAcl => ({
  networkAclId: 'acl-default',
  vpcId: VPC,
  isDefault: true,
  subnetIds: [],
  entries: [
    anAclEntry(100, true, true),
    anAclEntry(32767, true, false),
    anAclEntry(100, false, true),
    anAclEntry(32767, false, false),
  ],
  ...overrides,
});

export const aCluster = (overrides: Partial<ProvisionedClusterFacts> = {}): ProvisionedClusterFacts => ({
  kind: 'cluster',
  clusterIdentifier: 'etl-prod',
  clusterStatus: 'available',
  enhancedVpcRouting: false,
  publiclyAccessible: false,
  tags: {},
  subnetGroupName: 'etl-subnets',
  vpcId: VPC,
  subnetIds: known(['subnet-a', 'subnet-b']),
  namespaceArn: 'arn:aws:redshift:us-east-1:111122223333:namespace:6f1e2d3c-0000-4000-8000-000000000000',
  securityGroupIds: [SG],
  ...overrides,
});

export const WORKGROUP_ARN =
  'arn:aws:redshift-serverless:us-east-1:111122223333:workgroup/aff4fad3-0000-4000-8000-000000000000';

/** A private workgroup in the same VPC, on its own two subnets (no subnet group). */
export const aWorkgroup = (overrides: Partial<WorkgroupFacts> = {}): WorkgroupFacts => ({
  kind: 'workgroup',
  clusterIdentifier: 'analytics',
  clusterStatus: 'AVAILABLE',
  enhancedVpcRouting: false,
  publiclyAccessible: false,
  tags: {},
  vpcId: VPC,
  subnetIds: known(['subnet-a', 'subnet-b']),
  workgroupArn: WORKGROUP_ARN,
  securityGroupIds: [SG],
  ...overrides,
});

const route = (destination: string, kind: Route['target']['kind'], id: string, active = true): Route => ({
  destination,
  target: { kind, id },
  active,
});
export const localRoute = () => route('10.0.0.0/16', 'local', 'local');
export const natRoute = (id = 'nat-1', active = true) => route('0.0.0.0/0', 'nat-gateway', id, active);
export const igwRoute = (id = 'igw-1') => route('0.0.0.0/0', 'internet-gateway', id);
export const endpointRoute = (vpce = 'vpce-s3', pl = S3_PL, active = true) => route(pl, 'vpc-endpoint', vpce, active);
export const defaultRouteTo = (kind: Route['target']['kind'], id: string) => route('0.0.0.0/0', kind, id);

export const aRouteTable = (overrides: Partial<RouteTable> = {}): RouteTable => ({
  routeTableId: 'rtb-main',
  vpcId: VPC,
  isMain: true,
  subnetIds: [],
  routes: [localRoute()],
  ...overrides,
});

export const aGatewayEndpoint = (overrides: Partial<S3Endpoint> = {}): S3Endpoint => ({
  vpcEndpointId: 'vpce-s3',
  vpcId: VPC,
  type: 'Gateway',
  routeTableIds: ['rtb-main'],
  policy: { kind: 'full-access' },
  ...overrides,
});

/** A VPC whose main table routes S3 through a gateway endpoint, with DNS on: every prerequisite met. */
export const aNetwork = (overrides: Partial<VpcNetworkFacts> = {}): VpcNetworkFacts => ({
  vpcId: VPC,
  routeTables: known([aRouteTable({ routes: [localRoute(), endpointRoute()] })]),
  s3Endpoints: known([aGatewayEndpoint()]),
  enableDnsSupport: known(true),
  enableDnsHostnames: known(true),
  s3PrefixListId: known(S3_PL),
  s3PrefixListCidrs: known(S3_CIDRS),
  securityGroups: known([aSecurityGroup()]),
  networkAcls: known([anAcl()]),
  blockPublicAccess: known({ mode: 'off', exclusions: [] }),
  ...overrides,
});

/**
 * A network whose only table has these routes; the VPC's S3 endpoints are the gateway endpoints those routes
 * name (with the default full-access policy), so that a route to one is a verified path.
 */
export const networkWithRoutes = (routes: Route[], overrides: Partial<VpcNetworkFacts> = {}): VpcNetworkFacts =>
  aNetwork({
    routeTables: known([aRouteTable({ routes: [localRoute(), ...routes] })]),
    s3Endpoints: known(
      routes
        .filter((r) => r.target.kind === 'vpc-endpoint' && r.destination === S3_PL)
        .map((r) => aGatewayEndpoint({ vpcEndpointId: r.target.id })),
    ),
    ...overrides,
  });

export const options = (overrides: Partial<RuleOptions> = {}): RuleOptions => ({
  prerequisiteMode: 'report',
  requireInternetPath: false,
  ...overrides,
});

export { known, unknown };

/** A describe call that failed, as the adapters report it. */
export const failedCall = (
  operation: string,
  error: string,
  failure: 'denied' | 'credentials' | 'throttled' | 'failed' = 'denied',
) => ({ kind: 'call', failure, operation, error }) as const;
