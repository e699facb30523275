/**
 * EC2 throttles each account with a token bucket that every caller shares. Through the SDK's real middleware
 * against 127.0.0.1: the rule's EC2 client paces itself below EC2's refill rate, so a scan of many VPCs (two
 * DescribeVpcAttribute calls each, no batch form) meets no RequestLimitExceeded even from a small bucket, and a
 * throttled answer (the bucket spent by someone else) is retried, not surfaced.
 */
import { expect } from 'chai';
import { EC2_READ_PACE, RequestPacer } from '../../src/aws/requestPacer.ts';
import { RuleClientProvider } from '../../src/aws/ruleClients.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { ACCOUNT, scheduledEvent } from '../support/configEvents.ts';
import { accountHandler } from '../support/fakeAws/accountHandler.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { ec2FamilyOf, requestLimitExceeded, TokenBucket } from '../support/fakeAws/tokenBucket.ts';
import { ec2Error, jsonOk } from '../support/fakeAws/wire.ts';
import { testRuntime } from '../support/ruleRuntime.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

describe('EC2 request pacing', () => {
  describe('RequestPacer', () => {
    it('lets a burst through at once, then one request per interval', () => {
      let now = 0;
      const pacer = new RequestPacer({ perSecond: 10, burst: 3 }, () => now);
      expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).to.deep.equal([0, 0, 0]);
      expect([pacer.reserve(), pacer.reserve()]).to.deep.equal([100, 200]);
      // After a quiet second the burst is available again.
      now = 1_500;
      expect([pacer.reserve(), pacer.reserve(), pacer.reserve(), pacer.reserve()]).to.deep.equal([0, 0, 0, 100]);
    });

    it('keeps this tool at half of the refill rate of EC2 non-mutating bucket (20 a second)', () => {
      expect(EC2_READ_PACE.perSecond).to.equal(10);
      expect(EC2_READ_PACE.burst).to.be.at.most(100);
    });
  });

  describe('the rule over HTTP', () => {
    const startStub = useHttpStub();
    afterEach(() => {
      delete process.env.AWS_ENDPOINT_URL;
    });

    /** Run the rule against `account`; EC2 reads for which `throttle` says so are answered RequestLimitExceeded. */
    const ruleAgainst = async (account: ReturnType<typeof syntheticAccount>, throttle: () => boolean) => {
      const serve = accountHandler(account);
      let throttled = 0;
      const stub = await startStub((request) => {
        if (ec2FamilyOf(request.operation) !== undefined && request.params.get('Version') === '2016-11-15') {
          if (throttle()) {
            throttled += 1;
            const error = requestLimitExceeded();
            return ec2Error(error.name, error.message, 503);
          }
        }
        if (request.operation === 'GetComplianceDetailsByConfigRule') return jsonOk({ EvaluationResults: [] });
        if (request.operation === 'PutEvaluations') return jsonOk({ FailedEvaluations: [] });
        return serve(request);
      });
      process.env.AWS_ENDPOINT_URL = stub.url;
      const provider = new RuleClientProvider({ ownAccountId: ACCOUNT });
      const result = await runConfigRule(scheduledEvent(), testRuntime({ clientsFor: (e) => provider.clientsFor(e) }));
      return { result, throttled: () => throttled, stub };
    };

    it('meets no RequestLimitExceeded from a bucket of 10 refilled at 12 a second, over 8 VPCs', async function () {
      this.timeout(10_000);
      // 16 DescribeVpcAttribute calls and 8 other EC2 reads: unpaced, 5 in flight drain a 10-token bucket at once.
      const bucket = new TokenBucket({ burst: 10, refillPerSecond: 12 });
      const { result, throttled, stub } = await ruleAgainst(syntheticAccount(8, 8), () => !bucket.take());
      expect(result).to.deep.include({ evaluations: 8, notEvaluated: 0 });
      expect(stub.requests.filter((r) => r.operation === 'DescribeVpcAttribute')).to.have.length(16);
      expect(throttled()).to.equal(0);
    });

    it('retries a RequestLimitExceeded (HTTP 503) when another caller has spent the bucket', async function () {
      this.timeout(10_000);
      let ec2Reads = 0;
      // One VPC takes 10 EC2 reads: the last finds the bucket empty (the SDK's adaptive limiter, which slows the
      // client down after a throttling answer, then has nothing left to slow).
      const { result, throttled, stub } = await ruleAgainst(syntheticAccount(1, 1), () => ++ec2Reads === 10);
      expect(throttled()).to.equal(1);
      expect(result).to.deep.include({ evaluations: 1, notEvaluated: 0 });
      const retried = stub.requests.filter((r) => /attempt=2/.test(String(r.headers['amz-sdk-request'])));
      expect(retried).to.have.length(1);
    });
  });
});
