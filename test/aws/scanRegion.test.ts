import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import type { RuleOptions } from '../../src/core/types.ts';
import { cluster, REGION, workgroup } from '../support/fakeAws/builders.ts';
import { callCounts, installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients } from '../support/recordAccount.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const REPORT: RuleOptions = { prerequisiteMode: 'report', requireInternetPath: false };

const account = syntheticAccount;

describe('scanRegion', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const scan = (options: RuleOptions = REPORT, control = {}) =>
    scanRegion(liveFactSource(fakeClients(), REGION), options, control);

  it('makes the same number of calls for 50 clusters as for 5 in the same 5 VPCs', async () => {
    installFakeAccount(redshift(), ec2(), account(5, 5), { serverless: serverless() });
    await scan();
    const few = callCounts(redshift(), ec2());
    redshift().reset();
    ec2().reset();
    installFakeAccount(redshift(), ec2(), account(50, 5), { serverless: serverless() });
    const result = await scan();
    const many = callCounts(redshift(), ec2());
    expect(result.evaluations).to.have.length(50);
    expect(result.evaluations.every((e) => e.prerequisitesMet === true)).to.equal(true);
    expect(many).to.deep.equal(few);
    expect(many).to.deep.equal({
      DescribeClusters: 1,
      DescribeClusterSubnetGroups: 1,
      DescribeRouteTables: 1,
      DescribeVpcEndpoints: 1,
      DescribePrefixLists: 1,
      DescribeVpcAttribute: 10,
      DescribeSecurityGroups: 1,
      DescribeNetworkAcls: 1,
      GetManagedPrefixListEntries: 1,
      DescribeVpcBlockPublicAccessOptions: 1,
      DescribeVpcBlockPublicAccessExclusions: 1,
    });
  });

  it('batches VPCs: 450 VPCs take 3 filtered queries of each per-VPC read (at most 200 filter values a call)', async () => {
    installFakeAccount(redshift(), ec2(), account(450, 450), { serverless: serverless() });
    await scan();
    const batches = (
      command:
        | typeof DescribeRouteTablesCommand
        | typeof DescribeVpcEndpointsCommand
        | typeof DescribeNetworkAclsCommand
        | typeof DescribeSecurityGroupsCommand,
    ) =>
      [
        ...new Set(
          ec2()
            .commandCalls(command)
            .map((c) => JSON.stringify(c.args[0].input.Filters)),
        ),
      ].map((filters) => JSON.parse(filters)[0].Values.length);
    for (const command of [
      DescribeRouteTablesCommand,
      DescribeVpcEndpointsCommand,
      DescribeNetworkAclsCommand,
      DescribeSecurityGroupsCommand,
    ]) {
      expect(batches(command), command.name).to.deep.equal([194, 194, 62]);
    }
    expect(callCounts(redshift(), ec2()).DescribeVpcAttribute).to.equal(900);
  });

  it('pages through every paginated call with small pages', async () => {
    installFakeAccount(redshift(), ec2(), account(7, 3), { serverless: serverless(), pageSize: 2 });
    const result = await scan();
    expect(result.evaluations.map((e) => e.clusterIdentifier)).to.deep.equal([
      'c-0',
      'c-1',
      'c-2',
      'c-3',
      'c-4',
      'c-5',
      'c-6',
    ]);
    expect(result.evaluations.every((e) => e.prerequisitesMet === true)).to.equal(true);
    const counts = callCounts(redshift(), ec2());
    expect(counts).to.include({ DescribeClusters: 4, DescribeClusterSubnetGroups: 2, DescribeRouteTables: 3 });
  });

  it('makes no EC2 calls with PrerequisiteMode off', async () => {
    installFakeAccount(redshift(), ec2(), account(5, 5), { serverless: serverless() });
    const result = await scan({ prerequisiteMode: 'off', requireInternetPath: false });
    expect(ec2().calls()).to.have.length(0);
    expect(result.evaluations.every((e) => e.complianceType === 'NON_COMPLIANT')).to.equal(true);
  });

  it('evaluates only the clusters named, reading only their VPCs', async () => {
    installFakeAccount(redshift(), ec2(), account(10, 5), { serverless: serverless() });
    const result = await scan(REPORT, { clusterIdentifiers: ['c-3', 'c-4'] });
    expect(result.evaluations.map((e) => e.clusterIdentifier)).to.deep.equal(['c-3', 'c-4']);
    // Two VPCs, two DNS attributes each: nothing was evaluated only to be thrown away.
    expect(callCounts(redshift(), ec2()).DescribeVpcAttribute).to.equal(4);
    expect(serverless().calls()).to.have.length(0);
  });

  it('evaluates one cluster with a subnet-group lookup of its own', async () => {
    installFakeAccount(redshift(), ec2(), account(10, 5), { serverless: serverless() });
    const result = await scan(REPORT, { clusterIdentifiers: ['c-3'] });
    expect(result.evaluations.map((e) => e.clusterIdentifier)).to.deep.equal(['c-3']);
    const input = redshift().commandCalls(
      (await import('@aws-sdk/client-redshift')).DescribeClusterSubnetGroupsCommand,
    )[0]?.args[0].input;
    expect(input).to.deep.include({ ClusterSubnetGroupName: 'g-3' });
    expect(callCounts(redshift(), ec2()).DescribeVpcAttribute).to.equal(2);
  });

  const ec2Operations = ['DescribeRouteTables', 'DescribeVpcEndpoints', 'DescribePrefixLists', 'DescribeVpcAttribute'];
  for (const operation of ec2Operations) {
    it(`keeps working when ${operation} is denied, never reporting prerequisites as met`, async () => {
      installFakeAccount(redshift(), ec2(), account(4, 2), {
        serverless: serverless(),
        fail: (op) => (op === operation ? serviceError('UnauthorizedOperation') : undefined),
      });
      const result = await scan();
      expect(result.evaluations).to.have.length(4);
      for (const e of result.evaluations) {
        expect(e.complianceType).to.equal('NON_COMPLIANT');
        expect(e.prerequisitesMet).to.equal(null);
        expect(e.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
        expect(e.annotation).to.contain(
          `ec2:${operation} was denied (UnauthorizedOperation); grant ec2:${operation}, then re-evaluate.`,
        );
        if (operation !== 'DescribeRouteTables') {
          // The gateway endpoint routes are still recognised (from the other source when one is denied).
          expect(e.subnets.map((s) => s.s3Path)).to.deep.equal(['GATEWAY_ENDPOINT', 'GATEWAY_ENDPOINT']);
        }
      }
    });
  }

  it('marks only the clusters of the VPC whose describe failed as unverified', async () => {
    installFakeAccount(redshift(), ec2(), account(4, 2), {
      serverless: serverless(),
      fail: (op, input) =>
        op === 'DescribeVpcAttribute' && input.VpcId === 'vpc-1' ? serviceError('UnauthorizedOperation') : undefined,
    });
    const result = await scan();
    const byVpc = (vpc: string) => result.evaluations.filter((e) => e.vpcId === vpc).map((e) => e.prerequisitesMet);
    expect(byVpc('vpc-0')).to.deep.equal([true, true]);
    expect(byVpc('vpc-1')).to.deep.equal([null, null]);
  });

  it('is unverified when both the prefix list and the endpoints are denied', async () => {
    installFakeAccount(redshift(), ec2(), account(2, 1), {
      serverless: serverless(),
      fail: (op) =>
        op === 'DescribePrefixLists' || op === 'DescribeVpcEndpoints'
          ? serviceError('UnauthorizedOperation')
          : undefined,
    });
    const result = await scan();
    expect(result.evaluations.map((e) => e.prerequisitesMet)).to.deep.equal([null, null]);
  });

  it('marks clusters unverified when DescribeClusterSubnetGroups is denied', async () => {
    installFakeAccount(redshift(), ec2(), account(2, 1), {
      serverless: serverless(),
      fail: (op) => (op === 'DescribeClusterSubnetGroups' ? serviceError('AccessDenied') : undefined),
    });
    const result = await scan();
    expect(result.evaluations.map((e) => e.missing)).to.deep.equal([['NETWORK_UNVERIFIED'], ['NETWORK_UNVERIFIED']]);
    // Without the group, the cluster's own VpcId still lets DNS be checked.
    expect(result.evaluations[0]?.vpcId).to.equal('vpc-0');
  });

  it('fails with the call named when the clusters themselves cannot be listed', async () => {
    installFakeAccount(redshift(), ec2(), account(2, 1), {
      serverless: serverless(),
      fail: (op) => (op === 'DescribeClusters' ? serviceError('AccessDenied') : undefined),
    });
    const error = await scan().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal('redshift:DescribeClusters was denied (AccessDenied)');
  });

  describe('a kind that cannot be listed', () => {
    const withWorkgroups = () => ({
      ...account(2, 1),
      workgroups: [workgroup({ name: 'wg-one', subnetIds: ['subnet-0a'] })],
    });
    const denying =
      (...operations: string[]) =>
      (op: string) =>
        operations.includes(op) ? serviceError('AccessDeniedException') : undefined;
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: unknown) => e as Error,
      );

    it('fails a strict scan, naming the call', async () => {
      installFakeAccount(redshift(), ec2(), withWorkgroups(), {
        serverless: serverless(),
        fail: denying('ListWorkgroups'),
      });
      expect((await failure(scan()))?.message).to.equal(
        'redshift-serverless:ListWorkgroups was denied (AccessDeniedException)',
      );
    });

    it('leaves a scan with optional workgroups with the clusters, and says why the workgroups are missing', async () => {
      installFakeAccount(redshift(), ec2(), withWorkgroups(), {
        serverless: serverless(),
        fail: denying('ListWorkgroups'),
      });
      const result = await scan(REPORT, { optionalWorkgroups: true });
      expect(result.evaluations.map((e) => `${e.kind} ${e.clusterIdentifier}`)).to.deep.equal([
        'cluster c-0',
        'cluster c-1',
      ]);
      expect(result.unlisted?.map((u) => `${u.kind}: ${u.error.message}`)).to.deep.equal([
        'workgroup: redshift-serverless:ListWorkgroups was denied (AccessDeniedException)',
      ]);
    });

    it('still fails when the clusters cannot be listed (they are never optional)', async () => {
      installFakeAccount(redshift(), ec2(), withWorkgroups(), {
        serverless: serverless(),
        fail: denying('DescribeClusters'),
      });
      expect((await failure(scan(REPORT, { optionalWorkgroups: true })))?.message).to.equal(
        'redshift:DescribeClusters was denied (AccessDeniedException)',
      );
    });

    it('fails when workgroups are all that was asked for', async () => {
      installFakeAccount(redshift(), ec2(), withWorkgroups(), {
        serverless: serverless(),
        fail: denying('ListWorkgroups'),
      });
      expect((await failure(scan(REPORT, { optionalWorkgroups: true, kinds: ['workgroup'] })))?.message).to.match(
        /^redshift-serverless:ListWorkgroups was denied/,
      );
    });
  });

  it('uses the subnet group VPC, not Cluster.VpcId alone', async () => {
    const data = account(1, 2);
    data.clusters = [cluster({ id: 'moved', subnetGroup: 'g-1', vpcId: 'vpc-0' })];
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    const [evaluation] = (await scan()).evaluations;
    expect(evaluation?.vpcId).to.equal('vpc-1');
    expect(evaluation?.subnets.map((s) => s.routeTableId)).to.deep.equal(['rtb-1p', 'rtb-1p']);
  });

  it('stops between VPC batches when asked, returning whole results and the rest by name', async () => {
    installFakeAccount(redshift(), ec2(), account(500, 500), { serverless: serverless() });
    let asked = 0;
    const result = await scan(REPORT, { shouldStop: () => ++asked > 1 });
    expect(result.evaluations).to.have.length(194);
    expect(result.notEvaluated).to.have.length(306);
    expect(result.notEvaluated[0]).to.equal('c-194');
  });
});
