/**
 * The hardened account, end to end through the SDK clients: 7 clusters whose routes and DNS are all
 * fine, 4 of which would lose S3 the moment enhanced VPC routing is on (security groups, a network ACL, an
 * endpoint policy). Only the other 3 may be called ready.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import { isReadyToRemediate } from '../../src/core/evaluateCluster.ts';
import type { ClusterEvaluation, RuleOptions } from '../../src/core/types.ts';
import type { AccountData } from '../support/fakeAws/account.ts';
import {
  aclEntry,
  cluster,
  egress,
  networkAcl,
  prefixLists,
  REGION,
  routes,
  routeTable,
  S3_PREFIX_LIST_ID,
  securityGroup,
  subnetGroup,
  vpcEndpoint,
} from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients } from '../support/recordAccount.ts';

const VPC = 'vpc-hard';
const OPTIONS: RuleOptions = { prerequisiteMode: 'report', requireInternetPath: false };
const RESTRICTIVE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::etl-in/*' }],
};

/** One subnet group per cluster, so each can have its own subnet (ACL) and route table (endpoint). */
const hardenedAccount = (): AccountData => {
  const specs = [
    { id: 'ok-default', sg: 'sg-open' },
    { id: 'ok-prefix-list', sg: 'sg-pl' },
    { id: 'ok-two-groups', sgs: ['sg-half-a', 'sg-half-b'] },
    { id: 'no-egress', sg: 'sg-none' },
    { id: 'only-5439', sg: 'sg-5439' },
    { id: 'acl-deny', sg: 'sg-open', acl: true },
    { id: 'policy-get-only', sg: 'sg-open', restrictive: true },
  ];
  return {
    clusters: specs.map((s) =>
      cluster({ id: s.id, subnetGroup: `${s.id}-g`, vpcId: VPC, securityGroupIds: s.sgs ?? [s.sg as string] }),
    ),
    subnetGroups: specs.map((s) => subnetGroup(`${s.id}-g`, VPC, [`subnet-${s.id}`])),
    routeTables: specs.map((s) =>
      routeTable(`rtb-${s.id}`, VPC, {
        subnets: [`subnet-${s.id}`],
        routes: [routes.local(), routes.s3Endpoint(s.restrictive ? 'vpce-restricted' : 'vpce-open')],
      }),
    ),
    vpcEndpoints: [
      vpcEndpoint('vpce-open', VPC, { routeTableIds: specs.filter((s) => !s.restrictive).map((s) => `rtb-${s.id}`) }),
      vpcEndpoint('vpce-restricted', VPC, { routeTableIds: ['rtb-policy-get-only'], policy: RESTRICTIVE }),
    ],
    prefixLists: prefixLists(),
    vpcAttributes: { [VPC]: { enableDnsSupport: true, enableDnsHostnames: true } },
    securityGroups: [
      securityGroup('sg-open', VPC, [egress.allTraffic()]),
      securityGroup('sg-pl', VPC, [egress.httpsToPrefixList(S3_PREFIX_LIST_ID)]),
      securityGroup('sg-half-a', VPC, [egress.tcpToCidrs(443, 443, ['3.5.0.0/19'])]),
      securityGroup('sg-half-b', VPC, [egress.tcpToCidrs(443, 443, ['52.216.0.0/15'])]),
      securityGroup('sg-none', VPC, []),
      securityGroup('sg-5439', VPC, [egress.tcpToCidrs(5439, 5439, ['10.0.0.0/16'])]),
    ],
    networkAcls: [
      networkAcl('acl-default', VPC, { isDefault: true }),
      networkAcl('acl-locked', VPC, {
        subnets: ['subnet-acl-deny'],
        entries: [aclEntry(100, true, 'deny'), aclEntry(32767, true, 'deny'), aclEntry(100, false, 'allow')],
      }),
    ],
  };
};

describe('the whole network path, through the SDK clients', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const scan = async (data: AccountData, options: RuleOptions = OPTIONS, fail?: (op: string) => Error | undefined) => {
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless(), ...(fail ? { fail } : {}) });
    const result = await scanRegion(liveFactSource(fakeClients(), REGION), options, { kinds: ['cluster'] });
    return new Map(result.evaluations.map((e) => [e.clusterIdentifier, e]));
  };
  const ready = (results: Map<string, ClusterEvaluation>) =>
    [...results.values()].filter(isReadyToRemediate).map((e) => e.clusterIdentifier);

  it('calls ready only the 3 clusters whose traffic would still reach S3 with EVR on', async () => {
    const results = await scan(hardenedAccount());
    expect(ready(results)).to.deep.equal(['ok-default', 'ok-prefix-list', 'ok-two-groups']);
    expect(results.get('no-egress')?.missing).to.deep.equal(['SECURITY_GROUP_EGRESS_BLOCKED']);
    expect(results.get('only-5439')?.missing).to.deep.equal(['SECURITY_GROUP_EGRESS_BLOCKED']);
    expect(results.get('acl-deny')?.missing).to.deep.equal(['NETWORK_ACL_BLOCKS_S3']);
    // No S3Buckets given: the restrictive policy cannot be checked, so not ready (never assumed).
    expect(results.get('policy-get-only')).to.include({ prerequisitesMet: null });
    expect(results.get('policy-get-only')?.annotation).to.contain(
      'the endpoint policy of vpce-restricted restricts S3: list the buckets COPY/UNLOAD use in S3Buckets, or confirm',
    );
  });

  it('names the resource at fault and the fix in every problem, and keeps annotations within 256 characters', async () => {
    const results = await scan(hardenedAccount(), { ...OPTIONS, s3Buckets: ['etl-in'] });
    const sg = results.get('only-5439')?.problems[0];
    expect(sg).to.include({ code: 'SECURITY_GROUP_EGRESS_BLOCKED' });
    expect(sg?.resourceIds).to.deep.equal(['sg-5439']);
    expect(sg?.fix).to.contain('authorize-security-group-egress --group-id sg-5439');
    expect(sg?.fix).to.contain(`PrefixListId=${S3_PREFIX_LIST_ID}`);
    const acl = results.get('acl-deny')?.problems[0];
    expect(acl?.resourceIds).to.deep.equal(['acl-locked']);
    expect(acl?.detail).to.contain('blocks outbound TCP 443 to S3 (rule 100 denies it)');
    const policy = results.get('policy-get-only');
    expect(policy?.missing).to.deep.equal(['S3_ENDPOINT_POLICY_BLOCKS']);
    expect(policy?.problems[0]?.detail).to.contain(
      'refuses s3:ListBucket on etl-in, s3:GetBucketLocation on etl-in, s3:PutObject on etl-in',
    );
    for (const e of results.values()) expect(e.annotation.length).to.be.at.most(256);
  });

  it('says what is unverified when a read of the filters is denied, and calls nothing ready', async () => {
    for (const operation of ['DescribeSecurityGroups', 'DescribeNetworkAcls', 'GetManagedPrefixListEntries']) {
      redshift().reset();
      ec2().reset();
      const data = hardenedAccount();
      // Only the clusters with plain all-traffic groups and the default ACL: a denied read is all that stands.
      const results = await scan({ ...data, networkAcls: undefined, securityGroups: undefined }, OPTIONS, (op) =>
        op === operation ? serviceError('UnauthorizedOperation') : undefined,
      );
      const evaluation = results.get('ok-default');
      if (operation === 'GetManagedPrefixListEntries') {
        // 0.0.0.0/0 egress and an allow-all ACL let S3 through whatever its CIDRs are.
        expect(evaluation?.prerequisitesMet, operation).to.equal(true);
        continue;
      }
      expect(evaluation?.prerequisitesMet, operation).to.equal(null);
      expect(evaluation?.missing, operation).to.deep.equal(['NETWORK_UNVERIFIED']);
      expect(evaluation?.annotation, operation).to.contain(`grant ec2:${operation}`);
    }
  });

  it('closes the NAT path of a private cluster under bidirectional Block Public Access, unless the VPC is excluded', async () => {
    const base: AccountData = {
      clusters: [cluster({ id: 'nat-etl', subnetGroup: 'g', vpcId: VPC })],
      subnetGroups: [subnetGroup('g', VPC, ['subnet-1'])],
      routeTables: [routeTable('rtb-1', VPC, { main: true, routes: [routes.local(), routes.nat('nat-1')] })],
      vpcEndpoints: [],
      prefixLists: prefixLists(),
      vpcAttributes: { [VPC]: { enableDnsSupport: true, enableDnsHostnames: true } },
    };
    const bidirectional = {
      InternetGatewayBlockMode: 'block-bidirectional' as const,
      State: 'update-complete' as const,
    };
    const blocked = await scan({ ...base, blockPublicAccess: { options: bidirectional, exclusions: [] } });
    expect(blocked.get('nat-etl')?.missing).to.deep.equal(['BLOCK_PUBLIC_ACCESS_BLOCKS']);
    expect(blocked.get('nat-etl')?.annotation).to.contain(
      'VPC Block Public Access closes the gateway path from subnet-1',
    );
    redshift().reset();
    ec2().reset();
    const excluded = await scan({
      ...base,
      blockPublicAccess: {
        options: bidirectional,
        exclusions: [
          {
            ExclusionId: 'vpcbpa-exclude-1',
            InternetGatewayExclusionMode: 'allow-egress',
            ResourceArn: `arn:aws:ec2:${REGION}:111122223333:vpc/${VPC}`,
            State: 'create-complete',
          },
        ],
      },
    });
    expect(excluded.get('nat-etl')?.prerequisitesMet).to.equal(true);
  });
});
