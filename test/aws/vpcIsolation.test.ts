/**
 * One slow VPC costs only itself: a call that hangs past the per-call cap makes that VPC's facts unverified,
 * and one still pending at the invocation's deadline leaves only that VPC's clusters unevaluated; every other
 * cluster of the batch is evaluated, and verdicts that need no network facts are decided first.
 */
import { DescribeVpcAttributeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import type { RuleOptions } from '../../src/core/types.ts';
import { REGION } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients } from '../support/recordAccount.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const OPTIONS: RuleOptions = { prerequisiteMode: 'report', requireInternetPath: false, exemptionTagKey: 'evr-exempt' };
/** Never settles, and holds no timer: nothing keeps the test process alive. */
const HANG = () => new Promise<never>(() => {});

describe('one slow VPC costs only itself', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);

  /** 20 clusters in 10 VPCs (c-3 and c-13 in vpc-3), c-13 exempt; vpc-3's DNS attributes never answer. */
  const install = () => {
    const data = syntheticAccount(20, 10);
    const exempt = data.clusters[13];
    if (exempt) exempt.Tags = [{ Key: 'evr-exempt', Value: 'vendor-managed' }];
    installFakeAccount(redshift(), ec2(), data);
    ec2().on(DescribeVpcAttributeCommand, { VpcId: 'vpc-3' }).callsFake(HANG);
  };

  it('makes the hung VPC unverified after the per-call cap and evaluates every other cluster', async () => {
    install();
    const result = await scanRegion(liveFactSource(fakeClients(), REGION, { callCapMs: 200 }), OPTIONS, {
      kinds: ['cluster'],
    });
    const byId = new Map(result.evaluations.map((e) => [e.clusterIdentifier, e]));
    expect(result.evaluations).to.have.length(20);
    expect(byId.get('c-3')?.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
    expect(byId.get('c-3')?.annotation).to.contain('ec2:DescribeVpcAttribute failed (no answer within 0.2 s)');
    expect(byId.get('c-13')?.complianceType).to.equal('NOT_APPLICABLE');
    const ready = result.evaluations.filter((e) => e.prerequisitesMet === true).map((e) => e.clusterIdentifier);
    expect(ready).to.have.length(18);
  });

  it('leaves only the hung VPC unevaluated at the deadline, exempt clusters decided before any call', async () => {
    install();
    const started = Date.now();
    const msLeft = () => 1_000 - (Date.now() - started);
    const result = await scanRegion(liveFactSource(fakeClients(), REGION, { msLeft }), OPTIONS, { kinds: ['cluster'] });
    expect(Date.now() - started).to.be.below(3_000);
    expect(result.notEvaluated).to.deep.equal(['c-3']);
    const ids = result.evaluations.map((e) => e.clusterIdentifier);
    expect(ids).to.have.length(19);
    expect(ids).to.include('c-13');
    expect(result.evaluations.every((e) => e.clusterIdentifier === 'c-13' || e.prerequisitesMet === true)).to.equal(
      true,
    );
  });
});
