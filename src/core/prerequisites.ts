import { classifyInternetPath, classifyS3Path, effectiveRouteTable } from './routing.ts';
import {
  type ClusterFacts,
  type InternetPath,
  PREREQUISITE_CODES,
  type PrerequisiteCode,
  type ResourceKind,
  type RuleOptions,
  type S3Endpoint,
  type SubnetReport,
  type UnverifiedReason,
  type VpcNetworkFacts,
} from './types.ts';

/** One subnet of the cluster subnet group, with what its effective route table offers. */
export interface SubnetAnalysis extends SubnetReport {
  readonly internetPath: InternetPath;
  readonly unusableInternetGatewayId?: string;
  readonly unverifiedTargetId?: string;
}

/** The prerequisites of enhanced VPC routing for one cluster, with enough detail to explain them. */
export interface PrerequisiteReport {
  /** What the report is about, so that its sentences name it ("a private cluster", "a private workgroup"). */
  readonly kind: ResourceKind;
  readonly vpcId: string;
  /** true: all met; false: something is missing; null: nothing missing is known, but something is unverified. */
  readonly met: boolean | null;
  readonly missing: readonly PrerequisiteCode[];
  readonly subnets: readonly SubnetAnalysis[];
  /** S3 gateway endpoints of the VPC (to suggest associating one rather than creating one). */
  readonly s3GatewayEndpointIds: readonly string[];
  /** Why facts are unverified (denied/failed describe calls, subnets without a route table). */
  readonly unverifiedReasons: readonly UnverifiedReason[];
}

const analyseSubnets = (
  subnetIds: readonly string[],
  network: VpcNetworkFacts,
  publiclyAccessible: boolean,
  unverifiedReasons: UnverifiedReason[],
): SubnetAnalysis[] => {
  if (!network.routeTables.known) {
    unverifiedReasons.push(network.routeTables.reason);
    return subnetIds.map((subnetId) => ({ subnetId, routeTableId: null, s3Path: 'NONE', internetPath: 'NONE' }));
  }
  const tables = network.routeTables.value;
  const ctx = {
    s3PrefixListId: network.s3PrefixListId.known ? network.s3PrefixListId.value : undefined,
    s3Endpoints: network.s3Endpoints.known ? network.s3Endpoints.value : undefined,
  };
  // Gateway endpoint routes are still recognised from the other source, but a failed describe is never
  // "met": without the endpoint list an interface endpoint goes unseen, without the prefix list a route may.
  if (!network.s3PrefixListId.known) unverifiedReasons.push(network.s3PrefixListId.reason);
  if (!network.s3Endpoints.known) unverifiedReasons.push(network.s3Endpoints.reason);
  return subnetIds.map((subnetId): SubnetAnalysis => {
    const table = effectiveRouteTable(subnetId, tables);
    if (table === undefined) {
      unverifiedReasons.push({ kind: 'no-route-table', subnetId, vpcId: network.vpcId });
      return { subnetId, routeTableId: null, s3Path: 'NONE', internetPath: 'NONE' };
    }
    return {
      subnetId,
      routeTableId: table.routeTableId,
      internetPath: classifyInternetPath(table, publiclyAccessible),
      ...classifyS3Path(table, publiclyAccessible, ctx),
    };
  });
};

const gatewayEndpointIds = (endpoints: VpcNetworkFacts['s3Endpoints']): string[] =>
  endpoints.known ? endpoints.value.filter((e: S3Endpoint) => e.type === 'Gateway').map((e) => e.vpcEndpointId) : [];

/**
 * Evaluate the network prerequisites of enhanced VPC routing for a VPC cluster.
 * https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-enabling-cluster.html
 */
export const evaluatePrerequisites = (
  cluster: ClusterFacts,
  network: VpcNetworkFacts,
  options: Pick<RuleOptions, 'requireInternetPath'>,
): PrerequisiteReport => {
  const unverifiedReasons: UnverifiedReason[] = [];
  const missing = new Set<PrerequisiteCode>();

  let subnets: SubnetAnalysis[] = [];
  if (cluster.subnetIds.known && cluster.subnetIds.value.length === 0) {
    unverifiedReasons.push(
      cluster.kind === 'cluster'
        ? { kind: 'subnet-group-empty', subnetGroup: cluster.subnetGroupName ?? '?' }
        : { kind: 'workgroup-no-subnets', workgroup: cluster.clusterIdentifier },
    );
  } else if (cluster.subnetIds.known) {
    subnets = analyseSubnets(cluster.subnetIds.value, network, cluster.publiclyAccessible, unverifiedReasons);
  } else {
    unverifiedReasons.push(cluster.subnetIds.reason);
  }
  const routesKnown = cluster.subnetIds.known && network.routeTables.known;
  const anyUnverifiedPath = subnets.some((s) => s.s3Path === 'OTHER');
  if (routesKnown && subnets.some((s) => s.s3Path === 'NONE' && s.routeTableId !== null))
    missing.add('S3_ROUTE_MISSING');

  if (!network.enableDnsSupport.known) unverifiedReasons.push(network.enableDnsSupport.reason);
  else if (!network.enableDnsSupport.value) missing.add('DNS_SUPPORT_DISABLED');
  if (!network.enableDnsHostnames.known) unverifiedReasons.push(network.enableDnsHostnames.reason);
  else if (!network.enableDnsHostnames.value) missing.add('DNS_HOSTNAMES_DISABLED');

  if (options.requireInternetPath && routesKnown) {
    if (subnets.some((s) => s.internetPath === 'NONE' && s.routeTableId !== null)) missing.add('INTERNET_PATH_MISSING');
  }
  const anyUnverifiedInternet = options.requireInternetPath && subnets.some((s) => s.internetPath === 'OTHER');

  if (unverifiedReasons.length > 0) missing.add('NETWORK_UNVERIFIED');
  const definitelyMissing = [...missing].some((c) => c !== 'NETWORK_UNVERIFIED');
  const unverified = missing.has('NETWORK_UNVERIFIED') || anyUnverifiedPath || anyUnverifiedInternet;
  return {
    kind: cluster.kind,
    vpcId: network.vpcId,
    met: definitelyMissing ? false : unverified ? null : true,
    // Keep the documented code order (docs/report.md) so reports and annotations are stable.
    missing: orderCodes(missing),
    subnets,
    s3GatewayEndpointIds: gatewayEndpointIds(network.s3Endpoints),
    // The same reason can come from several facts (one denied call behind the route tables of every subnet).
    unverifiedReasons: [...new Map(unverifiedReasons.map((r) => [JSON.stringify(r), r])).values()],
  };
};

const orderCodes = (codes: ReadonlySet<PrerequisiteCode>): PrerequisiteCode[] =>
  PREREQUISITE_CODES.filter((c) => codes.has(c));
