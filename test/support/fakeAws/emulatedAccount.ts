/**
 * A tiny account for tests that run the built CLI with AWS_ENDPOINT_URL: one private cluster in one VPC and no
 * Redshift Serverless workgroup, answered over HTTP in the real wire formats by the one fake (accountHandler).
 *
 * Besides its route (an S3 gateway endpoint, a NAT gateway, or none), the cluster's network lets S3 through
 * everywhere: one security group allowing all egress, the VPC's default network ACL allowing all, the
 * endpoint's default full-access policy and VPC Block Public Access off. So the route and the DNS attributes
 * alone decide whether the cluster is ready.
 */
import type { AccountData } from './account.ts';
import { accountHandler } from './accountHandler.ts';
import {
  ACCOUNT_ID,
  cluster,
  egress,
  networkAcl,
  prefixLists,
  routes,
  routeTable,
  securityGroup,
  subnetGroup,
  vpcEndpoint,
} from './builders.ts';
import type { StubHandler, StubRequest } from './httpStub.ts';
import { serviceError } from './serviceError.ts';

/** What a test chooses of the emulated account. */
export interface EmulatedAccount {
  readonly enhancedVpcRouting: boolean;
  readonly routeToS3: 'endpoint' | 'nat' | 'none';
  readonly denyVpcAttribute?: boolean;
}

/** The one cluster's identifier. */
export const CLUSTER_ID = 'emu-1';

/** A few of the S3 prefix list's CIDRs (GetManagedPrefixListEntries). */
const S3_CIDRS = ['3.5.0.0/19', '16.182.0.0/16', '52.216.0.0/15', '54.231.0.0/16'];

/** The Region a request is signed for (its credential scope), so that a scan of several Regions finds S3's names. */
const regionOf = (request: StubRequest): string =>
  /Credential=[^/]+\/\d+\/([a-z0-9-]+)\//.exec(String(request.headers.authorization))?.[1] ?? 'us-east-1';

/** The emulated account as the Region `region` shows it. */
const emulatedData = (account: EmulatedAccount, region: string): AccountData => {
  const s3Route = { endpoint: [routes.s3Endpoint('vpce-emu')], nat: [routes.nat('nat-emu')], none: [] };
  return {
    clusters: [
      cluster({
        id: CLUSTER_ID,
        evr: account.enhancedVpcRouting,
        subnetGroup: 'emu-group',
        vpcId: 'vpc-emu',
        securityGroupIds: ['sg-emu'],
      }),
    ],
    subnetGroups: [subnetGroup('emu-group', 'vpc-emu', ['subnet-emu1'])],
    routeTables: [
      routeTable('rtb-emu', 'vpc-emu', { main: true, routes: [routes.local(), ...s3Route[account.routeToS3]] }),
    ],
    vpcEndpoints:
      account.routeToS3 === 'endpoint'
        ? [vpcEndpoint('vpce-emu', 'vpc-emu', { service: `com.amazonaws.${region}.s3`, routeTableIds: ['rtb-emu'] })]
        : [],
    prefixLists: prefixLists(region, S3_CIDRS),
    securityGroups: [
      securityGroup('sg-emu', 'vpc-emu', [egress.allTraffic()], {
        name: 'emu-redshift',
        description: 'Redshift',
        ingress: [egress.tcpToCidrs(5439, 5439, ['10.0.0.0/16'])],
      }),
    ],
    networkAcls: [networkAcl('acl-emu', 'vpc-emu', { isDefault: true, subnets: ['subnet-emu1'] })],
    vpcAttributes: { 'vpc-emu': { enableDnsSupport: true, enableDnsHostnames: true } },
    blockPublicAccess: {
      options: {
        AwsAccountId: ACCOUNT_ID,
        AwsRegion: region,
        State: 'default-state',
        InternetGatewayBlockMode: 'off',
        ExclusionsAllowed: 'allowed',
      },
      exclusions: [],
    },
  };
};

/**
 * Serve the emulated account (in the Region each request is signed for). A ModifyCluster of its cluster that sets
 * EnhancedVpcRouting takes effect at once, with no restart to wait through: the reads after it show the new value,
 * and the cluster available.
 */
export const emulatedAccount = (account: EmulatedAccount): StubHandler => {
  let enhancedVpcRouting = account.enhancedVpcRouting;
  const serve = accountHandler((request) => emulatedData({ ...account, enhancedVpcRouting }, regionOf(request)), {
    fail: (operation) =>
      account.denyVpcAttribute && operation === 'DescribeVpcAttribute'
        ? serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403)
        : undefined,
  });
  return (request) => {
    const wanted = request.params.get('EnhancedVpcRouting');
    if (request.operation === 'ModifyCluster' && request.params.get('ClusterIdentifier') === CLUSTER_ID && wanted) {
      enhancedVpcRouting = wanted === 'true';
    }
    return serve(request);
  };
};
