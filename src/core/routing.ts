import { overlapCidr, parseCidr } from 'cidr-tools';
import type { InternetPath, Route, RouteTable, S3Endpoint, S3Path } from './types.ts';

const IPV4_DEFAULT = '0.0.0.0/0';

/**
 * The route table that governs a subnet: its explicit association, else the VPC's main table.
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#RouteTables
 */
export const effectiveRouteTable = (subnetId: string, tables: readonly RouteTable[]): RouteTable | undefined =>
  tables.find((t) => t.subnetIds.includes(subnetId)) ?? tables.find((t) => t.isMain);

/** How the S3 gateway endpoint routes of a table are recognised. */
export interface S3RouteContext {
  /** `pl-…` of `com.amazonaws.<region>.s3`, when it could be read. */
  readonly s3PrefixListId: string | undefined;
  /** S3 endpoints of the VPC, when they could be read. */
  readonly s3Endpoints: readonly S3Endpoint[] | undefined;
  /** The S3 prefix list's CIDRs, when they could be read: a more specific route to part of them wins. */
  readonly s3Cidrs?: readonly string[] | undefined;
}

export interface S3PathAnalysis {
  readonly s3Path: S3Path;
  /** For S3Path NONE in a private cluster: the internet gateway that cannot serve it. */
  readonly unusableInternetGatewayId?: string;
  /** For OTHER: the target that could not be verified (NAT instance, ENI, TGW, interface endpoint …). */
  readonly unverifiedTargetId?: string;
  /** For GATEWAY_ENDPOINT: the endpoint the route goes to (whose policy applies); for NAT_GATEWAY: the NAT. */
  readonly viaId?: string;
}

const activeDefaultRoute = (table: RouteTable): Route | undefined =>
  table.routes.find((r) => r.active && r.destination === IPV4_DEFAULT);

const isS3GatewayEndpointRoute = (route: Route, ctx: S3RouteContext): boolean => {
  if (!route.active || route.target.kind !== 'vpc-endpoint') return false;
  if (ctx.s3PrefixListId !== undefined && route.destination === ctx.s3PrefixListId) return true;
  return (ctx.s3Endpoints ?? []).some((e) => e.type === 'Gateway' && e.vpcEndpointId === route.target.id);
};

/**
 * Default-route targets that may forward to the internet but cannot be verified from route tables alone:
 * NAT instances and appliances, transit/virtual private gateways, Gateway Load Balancer and Network Firewall
 * endpoints (a default route to `vpce-…`).
 */
const UNVERIFIED_EGRESS: ReadonlySet<Route['target']['kind']> = new Set([
  'vpc-endpoint',
  'instance',
  'network-interface',
  'transit-gateway',
  'virtual-private-gateway',
  'other',
]);

/** Classify how the internet is reached through a table's default route. */
export const classifyInternetPath = (table: RouteTable, publiclyAccessible: boolean): InternetPath => {
  const route = activeDefaultRoute(table);
  if (route === undefined) return 'NONE';
  switch (route.target.kind) {
    case 'nat-gateway':
      return 'NAT_GATEWAY';
    // An internet gateway only carries traffic of nodes with public IPs: it does not serve a private cluster.
    case 'internet-gateway':
      return publiclyAccessible ? 'INTERNET_GATEWAY' : 'NONE';
    default:
      return UNVERIFIED_EGRESS.has(route.target.kind) ? 'OTHER' : 'NONE';
  }
};

const IPV4_CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const prefixLength = (cidr: string): number => Number(cidr.split('/')[1]);

/**
 * A route that takes part of S3's addresses elsewhere: routing picks the longest matching prefix, so a CIDR
 * route overlapping an S3 CIDR and at least as specific as it (every one is, against 0.0.0.0/0) wins over the
 * gateway endpoint's or the default route for those addresses, even a blackhole route, which drops them.
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
 */
const overridingRoute = (table: RouteTable, s3Cidrs: readonly string[], viaDefault: boolean): Route | undefined =>
  table.routes.find(
    (r) =>
      r.destination !== IPV4_DEFAULT &&
      IPV4_CIDR.test(r.destination) &&
      s3Cidrs.some(
        (c) =>
          overlapCidr(c, r.destination) &&
          (viaDefault || prefixLength(r.destination) >= prefixLength(parseCidr(c).cidr)),
      ),
  );

/**
 * Classify the path from a route table to same-Region S3, best first:
 * gateway endpoint, then NAT (private) or IGW (public) default route, then unverified paths, else none.
 * Blackhole routes never count.
 */
export const classifyS3Path = (table: RouteTable, publiclyAccessible: boolean, ctx: S3RouteContext): S3PathAnalysis => {
  const endpointRoute = table.routes.find((r) => isS3GatewayEndpointRoute(r, ctx));
  const internet = classifyInternetPath(table, publiclyAccessible);
  const path: S3PathAnalysis | undefined =
    endpointRoute !== undefined
      ? { s3Path: 'GATEWAY_ENDPOINT', viaId: endpointRoute.target.id }
      : internet === 'NAT_GATEWAY' || internet === 'INTERNET_GATEWAY'
        ? { s3Path: internet, viaId: activeDefaultRoute(table)?.target.id ?? '' }
        : undefined;
  if (path !== undefined) {
    const override = ctx.s3Cidrs && overridingRoute(table, ctx.s3Cidrs, endpointRoute === undefined);
    if (override) {
      return {
        s3Path: 'OTHER',
        unverifiedTargetId: `${override.active ? override.target.id : 'a blackhole route'} (for ${override.destination})`,
      };
    }
    return path;
  }
  // Without the prefix list and the endpoint list, an endpoint route may well be S3's: unverified, not missing.
  const unrecognisedEndpoint =
    ctx.s3PrefixListId === undefined && ctx.s3Endpoints === undefined
      ? table.routes.find((r) => r.active && r.target.kind === 'vpc-endpoint' && r.destination.startsWith('pl-'))
      : undefined;
  if (unrecognisedEndpoint !== undefined)
    return { s3Path: 'OTHER', unverifiedTargetId: unrecognisedEndpoint.target.id };
  const defaultRoute = activeDefaultRoute(table);
  if (internet === 'OTHER' && defaultRoute !== undefined) {
    return { s3Path: 'OTHER', unverifiedTargetId: defaultRoute.target.id };
  }
  // AWS documents only gateway endpoints for enhanced VPC routing; an interface endpoint needs private DNS
  // or endpoint-specific URLs, which COPY/UNLOAD may not use: report it, but as unverified.
  const interfaceEndpoint = (ctx.s3Endpoints ?? []).find((e) => e.type === 'Interface');
  if (interfaceEndpoint !== undefined) return { s3Path: 'OTHER', unverifiedTargetId: interfaceEndpoint.vpcEndpointId };
  if (defaultRoute?.target.kind === 'internet-gateway') {
    return { s3Path: 'NONE', unusableInternetGatewayId: defaultRoute.target.id };
  }
  return { s3Path: 'NONE' };
};
