/**
 * The demo account behind examples/demo-account.json: one cluster per row of the checks and verdicts
 * (docs/checks.md, docs/report.md). `npm run demo:record` re-records the snapshot from it; a test keeps the two in step.
 */
import { createHash } from 'node:crypto';
import type { AccountData } from './fakeAws/account.ts';
import {
  cluster,
  DEFAULT_SECURITY_GROUP_ID,
  egress,
  prefixLists,
  routes,
  routeTable,
  securityGroup,
  subnetGroup,
  vpcEndpoint,
  workgroup,
} from './fakeAws/builders.ts';
import type { FakeOptions } from './fakeAws/mock.ts';
import { serviceError } from './fakeAws/serviceError.ts';

/** Realistic, stable resource ids: `vpc-0` + 16 hex digits derived from the kind and a number. */
const hex = (prefix: string, n: number) =>
  `${prefix}-0${createHash('sha256').update(`${prefix}${n}`).digest('hex').slice(0, 16)}`;
const vpc = (n: number) => hex('vpc', n);
const subnet = (n: number) => hex('subnet', n);
const rtb = (n: number) => hex('rtb', n);

const VPC = {
  analytics: vpc(1),
  legacy: vpc(2),
  web: vpc(3),
  isolated: vpc(4),
  hub: vpc(5),
  restricted: vpc(6),
  ops: vpc(7),
  payments: vpc(8),
};
export const DEMO_VPCS = VPC;
const S3_ANALYTICS = hex('vpce', 1);
const S3_OPS = hex('vpce', 7);
const S3_PAYMENTS = hex('vpce', 8);
/** A security group that lets the cluster talk to its VPC only: COPY/UNLOAD would stop with EVR on. */
const SG_LOCKED = hex('sg', 1);

export const DEMO_EXEMPTION_TAG_KEY = 'evr-exempt';

/**
 * Each VPC's own Redshift security group (allowing all egress, as AWS creates groups): clusters and workgroups
 * that name no other group get their VPC's.
 */
const withVpcSecurityGroups = (data: AccountData): AccountData => {
  const groupVpc = new Map(data.subnetGroups.map((g) => [g.ClusterSubnetGroupName ?? '', g.VpcId ?? '']));
  const subnetVpc = new Map([
    ...data.subnetGroups.flatMap((g) =>
      (g.Subnets ?? []).map((s) => [s.SubnetIdentifier ?? '', g.VpcId ?? ''] as const),
    ),
    ...(data.subnets ?? []).map((s) => [s.SubnetId ?? '', s.VpcId ?? ''] as const),
  ]);
  const vpcNumber = new Map(Object.values(VPC).map((id, i) => [id, i + 1]));
  const own = (vpcId: string) => hex('sg', 100 + (vpcNumber.get(vpcId) ?? 0));
  const swap = (ids: readonly string[], vpcId: string) =>
    ids.map((id) => (id === DEFAULT_SECURITY_GROUP_ID ? own(vpcId) : id));
  const clusters = data.clusters.map((c) => {
    const vpcId = groupVpc.get(c.ClusterSubnetGroupName ?? '') ?? '';
    return {
      ...c,
      VpcSecurityGroups: (c.VpcSecurityGroups ?? []).map((g) => ({
        ...g,
        VpcSecurityGroupId: swap([g.VpcSecurityGroupId ?? ''], vpcId)[0],
      })),
    };
  });
  const workgroups = (data.workgroups ?? []).map((w) => ({
    ...w,
    securityGroupIds: swap(w.securityGroupIds ?? [], subnetVpc.get(w.subnetIds?.[0] ?? '') ?? ''),
  }));
  const used = [...new Set(clusters.map((c) => groupVpc.get(c.ClusterSubnetGroupName ?? '') ?? ''))].filter(Boolean);
  return {
    ...data,
    clusters,
    workgroups,
    securityGroups: [
      ...used.map((vpcId) => securityGroup(own(vpcId), vpcId, [egress.allTraffic()])),
      ...(data.securityGroups ?? []),
    ],
  };
};

export const demoAccountData = (): AccountData => withVpcSecurityGroups(demoAccountDefinition());

const demoAccountDefinition = (): AccountData => ({
  clusters: [
    cluster({
      id: 'etl-prod',
      subnetGroup: 'analytics-private',
      vpcId: VPC.analytics,
      tags: { team: 'data-platform' },
    }),
    cluster({ id: 'bi-reporting', evr: true, subnetGroup: 'analytics-private', vpcId: VPC.analytics }),
    cluster({ id: 'finance-ledger', subnetGroup: 'analytics-mixed', vpcId: VPC.analytics, tags: { team: 'finance' } }),
    cluster({ id: 'archive-2019', status: 'paused', subnetGroup: 'analytics-private', vpcId: VPC.analytics }),
    cluster({ id: 'legacy-dw', subnetGroup: 'legacy-private', vpcId: VPC.legacy, nodeType: 'dc2.large' }),
    cluster({
      id: 'partner-share',
      subnetGroup: 'legacy-private',
      vpcId: VPC.legacy,
      tags: { [DEMO_EXEMPTION_TAG_KEY]: 'Vendor-managed; risk accepted in SEC-1432 until 2027-03-31' },
    }),
    cluster({ id: 'marketing-public', publiclyAccessible: true, subnetGroup: 'web-public', vpcId: VPC.web }),
    cluster({ id: 'ml-sandbox', subnetGroup: 'web-public', vpcId: VPC.web }),
    cluster({ id: 'sandbox-isolated', subnetGroup: 'isolated', vpcId: VPC.isolated }),
    cluster({ id: 'hub-analytics', subnetGroup: 'hub-spoke', vpcId: VPC.hub }),
    cluster({ id: 'audit-vault', subnetGroup: 'restricted', vpcId: VPC.restricted }),
    cluster({ id: 'ops-metrics', evr: true, subnetGroup: 'ops', vpcId: VPC.ops }),
    // Routes and DNS are fine for both, but with EVR on the egress rules, or the endpoint policy, stop S3.
    cluster({
      id: 'clickstream-loader',
      subnetGroup: 'analytics-private',
      vpcId: VPC.analytics,
      securityGroupIds: [SG_LOCKED],
    }),
    cluster({ id: 'payments-dw', subnetGroup: 'payments', vpcId: VPC.payments }),
    // EC2-Classic is retired; kept to show the "not in a VPC" verdict (docs/report.md).
    cluster({ id: 'classic-import', status: 'available' }),
  ],
  // Redshift Serverless (RedshiftServerless.1): one workgroup ready to remediate, one without an S3 path.
  workgroups: [
    workgroup({ name: 'analytics-serverless', subnetIds: [subnet(11), subnet(12)] }),
    workgroup({ name: 'adhoc-serverless', subnetIds: [subnet(43), subnet(44)] }),
  ],
  workgroupTags: {},
  // The isolated VPC's subnets that only the adhoc workgroup uses (the others come from the subnet groups).
  subnets: [
    { SubnetId: subnet(43), VpcId: VPC.isolated },
    { SubnetId: subnet(44), VpcId: VPC.isolated },
  ],
  subnetGroups: [
    subnetGroup('analytics-private', VPC.analytics, [subnet(11), subnet(12)]),
    subnetGroup('analytics-mixed', VPC.analytics, [subnet(11), subnet(12), subnet(14)]),
    subnetGroup('legacy-private', VPC.legacy, [subnet(21), subnet(22)]),
    subnetGroup('web-public', VPC.web, [subnet(31), subnet(32)]),
    subnetGroup('isolated', VPC.isolated, [subnet(41), subnet(42)]),
    subnetGroup('hub-spoke', VPC.hub, [subnet(51)]),
    subnetGroup('restricted', VPC.restricted, [subnet(61)]),
    subnetGroup('ops', VPC.ops, [subnet(71)]),
    subnetGroup('payments', VPC.payments, [subnet(81), subnet(82)]),
  ],
  routeTables: [
    routeTable(rtb(10), VPC.analytics, { main: true, routes: [routes.local(), routes.igw(hex('igw', 1))] }),
    routeTable(rtb(11), VPC.analytics, {
      subnets: [subnet(11), subnet(12)],
      routes: [routes.local(), routes.s3Endpoint(S3_ANALYTICS), routes.nat(hex('nat', 1))],
    }),
    // finance-ledger's third subnet: its NAT gateway was deleted (blackhole) and the S3 endpoint never associated.
    routeTable(rtb(14), VPC.analytics, {
      subnets: [subnet(14)],
      routes: [routes.local(), routes.nat(hex('nat', 9), 'blackhole')],
    }),
    routeTable(rtb(20), VPC.legacy, { main: true, routes: [routes.local('172.31.0.0/16'), routes.igw(hex('igw', 2))] }),
    routeTable(rtb(21), VPC.legacy, {
      subnets: [subnet(21), subnet(22)],
      routes: [routes.local('172.31.0.0/16'), routes.nat(hex('nat', 2))],
    }),
    routeTable(rtb(30), VPC.web, { main: true, routes: [routes.local('10.3.0.0/16'), routes.igw(hex('igw', 3))] }),
    routeTable(rtb(40), VPC.isolated, { main: true, routes: [routes.local('10.4.0.0/16')] }),
    routeTable(rtb(50), VPC.hub, { main: true, routes: [routes.local('10.5.0.0/16'), routes.tgw(hex('tgw', 1))] }),
    routeTable(rtb(60), VPC.restricted, {
      main: true,
      routes: [routes.local('10.6.0.0/16'), routes.nat(hex('nat', 6))],
    }),
    routeTable(rtb(70), VPC.ops, { main: true, routes: [routes.local('10.7.0.0/16'), routes.s3Endpoint(S3_OPS)] }),
    routeTable(rtb(80), VPC.payments, {
      main: true,
      routes: [routes.local('10.8.0.0/16'), routes.s3Endpoint(S3_PAYMENTS)],
    }),
  ],
  vpcEndpoints: [
    vpcEndpoint(S3_ANALYTICS, VPC.analytics, { routeTableIds: [rtb(11)] }),
    vpcEndpoint(hex('vpce', 2), VPC.analytics, {
      service: 'com.amazonaws.us-east-1.dynamodb',
      routeTableIds: [rtb(11)],
    }),
    vpcEndpoint(S3_OPS, VPC.ops, { routeTableIds: [rtb(70)] }),
    // Only reads from one bucket: UNLOAD (s3:PutObject) and listing would be refused through it.
    vpcEndpoint(S3_PAYMENTS, VPC.payments, {
      routeTableIds: [rtb(80)],
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::payments-landing/*',
          },
        ],
      },
    }),
  ],
  securityGroups: [securityGroup(SG_LOCKED, VPC.analytics, [egress.tcpToCidrs(5439, 5439, ['10.1.0.0/16'])])],
  prefixLists: prefixLists(),
  vpcAttributes: {
    [VPC.analytics]: { enableDnsSupport: true, enableDnsHostnames: true },
    [VPC.legacy]: { enableDnsSupport: true, enableDnsHostnames: true },
    [VPC.web]: { enableDnsSupport: true, enableDnsHostnames: true },
    [VPC.isolated]: { enableDnsSupport: true, enableDnsHostnames: false },
    [VPC.hub]: { enableDnsSupport: true, enableDnsHostnames: true },
    [VPC.restricted]: { enableDnsSupport: true, enableDnsHostnames: true },
    [VPC.ops]: { enableDnsSupport: false, enableDnsHostnames: true },
    [VPC.payments]: { enableDnsSupport: true, enableDnsHostnames: true },
  },
});

/** The restricted VPC's attributes are protected by an SCP in the demo account. */
export const demoFailures: FakeOptions['fail'] = (operation, input) =>
  operation === 'DescribeVpcAttribute' && input.VpcId === VPC.restricted
    ? serviceError(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/SecurityAudit/evr is not authorized to perform: ec2:DescribeVpcAttribute with an explicit deny in a service control policy',
      )
    : undefined;
