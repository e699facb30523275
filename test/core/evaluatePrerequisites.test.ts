import { expect } from 'chai';
import { evaluatePrerequisites } from '../../src/core/prerequisites.ts';
import type { PrerequisiteCode, Route, S3Path, VpcNetworkFacts } from '../../src/core/types.ts';
import {
  aCluster,
  aGatewayEndpoint,
  aNetwork,
  aRouteTable,
  defaultRouteTo,
  endpointRoute,
  failedCall,
  igwRoute,
  known,
  localRoute,
  natRoute,
  networkWithRoutes,
  S3_PL,
  unknown,
} from '../support/coreFixtures.ts';

interface Case {
  readonly name: string;
  readonly routes: Route[];
  readonly publiclyAccessible?: boolean;
  readonly network?: Partial<VpcNetworkFacts>;
  readonly s3Path: S3Path;
  readonly met: boolean | null;
  readonly missing: PrerequisiteCode[];
}

/** A CIDR route, as the route table lists it. */
const cidrRoute = (destination: string, kind: Route['target']['kind'], id: string, active = true): Route => ({
  destination,
  target: { kind, id },
  active,
});

describe('evaluatePrerequisites', () => {
  const cases: Case[] = [
    {
      name: 'a gateway endpoint, but a /16 of S3 routed to a transit gateway (longest prefix wins)',
      routes: [endpointRoute(), cidrRoute('52.216.0.0/16', 'transit-gateway', 'tgw-1')],
      s3Path: 'OTHER',
      met: null,
      missing: [],
    },
    {
      name: 'a gateway endpoint, and a /8 peering route less specific than every S3 CIDR',
      routes: [endpointRoute(), cidrRoute('52.0.0.0/8', 'peering', 'pcx-1')],
      s3Path: 'GATEWAY_ENDPOINT',
      met: true,
      missing: [],
    },
    {
      name: 'a NAT gateway, but a blackhole route for part of an S3 CIDR',
      routes: [natRoute(), cidrRoute('3.5.0.0/24', 'nat-gateway', 'nat-gone', false)],
      s3Path: 'OTHER',
      met: null,
      missing: [],
    },
    {
      name: 'an S3 gateway endpoint route',
      routes: [endpointRoute()],
      s3Path: 'GATEWAY_ENDPOINT',
      met: true,
      missing: [],
    },
    {
      name: 'a NAT gateway default route (private)',
      routes: [natRoute()],
      s3Path: 'NAT_GATEWAY',
      met: true,
      missing: [],
    },
    {
      name: 'an internet gateway default route (public)',
      routes: [igwRoute()],
      publiclyAccessible: true,
      s3Path: 'INTERNET_GATEWAY',
      met: true,
      missing: [],
    },
    {
      name: 'an internet gateway default route for a private cluster',
      routes: [igwRoute()],
      s3Path: 'NONE',
      met: false,
      missing: ['S3_ROUTE_MISSING'],
    },
    { name: 'only the local route', routes: [], s3Path: 'NONE', met: false, missing: ['S3_ROUTE_MISSING'] },
    {
      name: 'a blackhole NAT route',
      routes: [natRoute('nat-gone', false)],
      s3Path: 'NONE',
      met: false,
      missing: ['S3_ROUTE_MISSING'],
    },
    {
      name: 'a blackhole gateway endpoint route',
      routes: [endpointRoute('vpce-s3', S3_PL, false)],
      s3Path: 'NONE',
      met: false,
      missing: ['S3_ROUTE_MISSING'],
    },
    {
      name: 'a gateway endpoint route for another service (DynamoDB prefix list)',
      routes: [endpointRoute('vpce-ddb', 'pl-02cd2c6b')],
      s3Path: 'NONE',
      met: false,
      missing: ['S3_ROUTE_MISSING'],
    },
    {
      name: 'a NAT instance default route',
      routes: [defaultRouteTo('instance', 'i-0nat')],
      s3Path: 'OTHER',
      met: null,
      missing: [],
    },
    {
      name: 'a Gateway Load Balancer / Network Firewall endpoint default route',
      routes: [defaultRouteTo('vpc-endpoint', 'vpce-0firewall')],
      s3Path: 'OTHER',
      met: null,
      missing: [],
    },
    {
      name: 'a transit gateway default route',
      routes: [defaultRouteTo('transit-gateway', 'tgw-1')],
      s3Path: 'OTHER',
      met: null,
      missing: [],
    },
    {
      name: 'a peering default route (no transitive routing to S3)',
      routes: [defaultRouteTo('peering', 'pcx-1')],
      s3Path: 'NONE',
      met: false,
      missing: ['S3_ROUTE_MISSING'],
    },
    {
      name: 'an S3 interface endpoint only',
      routes: [],
      network: {
        s3Endpoints: known([aGatewayEndpoint({ vpcEndpointId: 'vpce-if', type: 'Interface', routeTableIds: [] })]),
      },
      s3Path: 'OTHER',
      met: null,
      missing: [],
    },
    {
      name: 'a gateway endpoint recognised by endpoint id when the prefix list is denied (still unverified)',
      routes: [endpointRoute('vpce-s3', 'pl-unknown')],
      network: {
        s3PrefixListId: unknown(failedCall('ec2:DescribePrefixLists', 'UnauthorizedOperation')),
        s3Endpoints: known([aGatewayEndpoint()]),
      },
      s3Path: 'GATEWAY_ENDPOINT',
      met: null,
      missing: ['NETWORK_UNVERIFIED'],
    },
    {
      name: 'DNS resolution off',
      routes: [endpointRoute()],
      network: { enableDnsSupport: known(false) },
      s3Path: 'GATEWAY_ENDPOINT',
      met: false,
      missing: ['DNS_SUPPORT_DISABLED'],
    },
    {
      name: 'DNS hostnames off',
      routes: [endpointRoute()],
      network: { enableDnsHostnames: known(false) },
      s3Path: 'GATEWAY_ENDPOINT',
      met: false,
      missing: ['DNS_HOSTNAMES_DISABLED'],
    },
    {
      name: 'DescribeVpcAttribute denied',
      routes: [endpointRoute()],
      network: { enableDnsHostnames: unknown(failedCall('ec2:DescribeVpcAttribute', 'UnauthorizedOperation')) },
      s3Path: 'GATEWAY_ENDPOINT',
      met: null,
      missing: ['NETWORK_UNVERIFIED'],
    },
    {
      name: 'DescribeRouteTables denied, DNS off',
      routes: [],
      network: {
        routeTables: unknown(failedCall('ec2:DescribeRouteTables', 'UnauthorizedOperation')),
        enableDnsSupport: known(false),
      },
      s3Path: 'NONE',
      met: false,
      missing: ['DNS_SUPPORT_DISABLED', 'NETWORK_UNVERIFIED'],
    },
  ];

  for (const c of cases) {
    it(`reports s3Path ${c.s3Path}, met=${c.met}, missing=[${c.missing.join(',')}] for ${c.name}`, () => {
      const cluster = aCluster({ publiclyAccessible: c.publiclyAccessible ?? false });
      const report = evaluatePrerequisites(cluster, networkWithRoutes(c.routes, c.network), {
        requireInternetPath: false,
      });
      expect(report.subnets.map((s) => s.s3Path)).to.deep.equal([c.s3Path, c.s3Path]);
      expect(report.met).to.equal(c.met);
      expect(report.missing).to.deep.equal(c.missing);
    });
  }

  it('reports S3_ROUTE_MISSING when a subnet of the group has only the local route', () => {
    const network = aNetwork({
      routeTables: known([
        aRouteTable({ routes: [localRoute(), endpointRoute()] }),
        aRouteTable({ routeTableId: 'rtb-isolated', isMain: false, subnetIds: ['subnet-b'], routes: [localRoute()] }),
      ]),
    });
    const report = evaluatePrerequisites(aCluster(), network, { requireInternetPath: false });
    expect(report.subnets).to.deep.include({
      subnetId: 'subnet-b',
      routeTableId: 'rtb-isolated',
      s3Path: 'NONE',
      internetPath: 'NONE',
      networkAclId: 'acl-default',
    });
    expect(report.subnets[0]).to.include({
      subnetId: 'subnet-a',
      routeTableId: 'rtb-main',
      s3Path: 'GATEWAY_ENDPOINT',
    });
    expect(report.missing).to.deep.equal(['S3_ROUTE_MISSING']);
  });

  it('uses the explicit association before the main table', () => {
    const network = aNetwork({
      routeTables: known([
        aRouteTable({ routes: [localRoute()] }),
        aRouteTable({
          routeTableId: 'rtb-a',
          isMain: false,
          subnetIds: ['subnet-a', 'subnet-b'],
          routes: [localRoute(), natRoute()],
        }),
      ]),
    });
    const report = evaluatePrerequisites(aCluster(), network, { requireInternetPath: false });
    expect(report.subnets.map((s) => s.routeTableId)).to.deep.equal(['rtb-a', 'rtb-a']);
    expect(report.met).to.equal(true);
  });

  it('prefers the gateway endpoint over a NAT route in the same table', () => {
    const report = evaluatePrerequisites(aCluster(), networkWithRoutes([natRoute(), endpointRoute()]), {
      requireInternetPath: false,
    });
    expect(report.subnets[0]?.s3Path).to.equal('GATEWAY_ENDPOINT');
  });

  describe('with RequireInternetPath', () => {
    const table: {
      name: string;
      routes: Route[];
      publiclyAccessible: boolean;
      missing: PrerequisiteCode[];
      met: boolean | null;
    }[] = [
      {
        name: 'endpoint only (private)',
        routes: [endpointRoute()],
        publiclyAccessible: false,
        missing: ['INTERNET_PATH_MISSING'],
        met: false,
      },
      {
        name: 'endpoint + NAT (private)',
        routes: [endpointRoute(), natRoute()],
        publiclyAccessible: false,
        missing: [],
        met: true,
      },
      {
        name: 'endpoint + IGW (private)',
        routes: [endpointRoute(), igwRoute()],
        publiclyAccessible: false,
        missing: ['INTERNET_PATH_MISSING'],
        met: false,
      },
      {
        name: 'endpoint + IGW (public)',
        routes: [endpointRoute(), igwRoute()],
        publiclyAccessible: true,
        missing: [],
        met: true,
      },
      {
        name: 'endpoint + TGW (private)',
        routes: [endpointRoute(), defaultRouteTo('transit-gateway', 'tgw-1')],
        publiclyAccessible: false,
        missing: [],
        met: null,
      },
    ];
    for (const c of table) {
      it(`gives missing=[${c.missing.join(',')}] met=${c.met} for ${c.name}`, () => {
        const cluster = aCluster({ publiclyAccessible: c.publiclyAccessible });
        const report = evaluatePrerequisites(cluster, networkWithRoutes(c.routes), { requireInternetPath: true });
        expect(report.missing).to.deep.equal(c.missing);
        expect(report.met).to.equal(c.met);
      });
    }
  });

  it('is unverified, never met, when the subnet group could not be read', () => {
    const cluster = aCluster({
      subnetIds: unknown(failedCall('redshift:DescribeClusterSubnetGroups', 'AccessDenied')),
    });
    const report = evaluatePrerequisites(cluster, aNetwork(), { requireInternetPath: false });
    expect(report.met).to.equal(null);
    expect(report.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
    expect(report.unverifiedReasons).to.deep.equal([
      failedCall('redshift:DescribeClusterSubnetGroups', 'AccessDenied'),
    ]);
  });

  it('is unverified when both the prefix list and the endpoints are unknown', () => {
    const network = aNetwork({
      s3PrefixListId: unknown(failedCall('ec2:DescribePrefixLists', 'UnauthorizedOperation')),
      s3Endpoints: unknown(failedCall('ec2:DescribeVpcEndpoints', 'UnauthorizedOperation')),
    });
    const report = evaluatePrerequisites(aCluster(), network, { requireInternetPath: false });
    expect(report.missing).to.include('NETWORK_UNVERIFIED');
    expect(report.met).to.equal(null);
  });

  it('is unverified when a subnet has no route table at all', () => {
    const network = aNetwork({
      routeTables: known([aRouteTable({ isMain: false, subnetIds: ['subnet-a'], routes: [localRoute(), natRoute()] })]),
    });
    const report = evaluatePrerequisites(aCluster(), network, { requireInternetPath: false });
    expect(report.met).to.equal(null);
    expect(report.unverifiedReasons).to.deep.equal([
      { kind: 'no-route-table', subnetId: 'subnet-b', vpcId: 'vpc-0a1' },
    ]);
  });
});
