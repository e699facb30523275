import { expect } from 'chai';
import { RuleClientProvider } from '../../src/aws/ruleClients.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { ACCOUNT, RULE_NAME, scheduledEvent } from '../support/configEvents.ts';
import { emulatedAccount } from '../support/fakeAws/emulatedAccount.ts';
import { type StubRequest, useHttpStub } from '../support/fakeAws/httpStub.ts';
import { jsonOk } from '../support/fakeAws/wire.ts';
import { testRuntime } from '../support/ruleRuntime.ts';

/** A call the server never answers (no timer: nothing keeps the test process alive). */
const HANG = new Promise<never>(() => {});

const earlierResult = (id: string) => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: RULE_NAME, ResourceType: 'AWS::Redshift::Cluster', ResourceId: id },
  },
  ComplianceType: 'NON_COMPLIANT',
  ResultRecordedTime: 1_700_000_000,
});

/**
 * The invocation's deadline governs everything, through the SDK's real HTTP stack on 127.0.0.1: a call that
 * hangs is abandoned in time to send what was decided, and the run returns before Lambda would kill it.
 */
describe('Config rule deadline over HTTP (hung calls)', function () {
  this.timeout(30_000);
  const startStub = useHttpStub();
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
  });

  const BUDGET_MS = 10_000;
  const run = async (handler: (request: StubRequest) => unknown) => {
    const account = emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' });
    const stub = await startStub(async (request) => {
      const answer = handler(request);
      if (answer !== undefined) return answer as never;
      if (request.operation === 'PutEvaluations') return jsonOk({ FailedEvaluations: [] });
      return account(request);
    });
    process.env.AWS_ENDPOINT_URL = stub.url;
    const provider = new RuleClientProvider({ ownAccountId: ACCOUNT });
    const started = Date.now();
    const runtime = testRuntime({
      clientsFor: (e) => provider.clientsFor(e),
      remainingTimeMs: () => BUDGET_MS - (Date.now() - started),
    });
    const result = await runConfigRule(scheduledEvent(), runtime);
    const elapsed = Date.now() - started;
    // The abandoned request is cancelled when the invocation returns: nothing lingers into the next one.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const aborted = stub.aborted();
    const sent = stub.requests
      .filter((r) => r.operation === 'PutEvaluations')
      .flatMap((r) => JSON.parse(r.body).Evaluations as { ComplianceResourceId: string; ComplianceType: string }[]);
    return { result, elapsed, sent, logs: runtime.logs, aborted };
  };

  it('abandons a DescribeVpcAttribute that never answers and sends what was decided before the deadline', async () => {
    const { result, elapsed, sent, logs, aborted } = await run((request) => {
      if (request.operation === 'DescribeVpcAttribute') return HANG;
      if (request.operation === 'GetComplianceDetailsByConfigRule')
        return jsonOk({ EvaluationResults: [earlierResult('emu-1'), earlierResult('old-1')] });
      return undefined;
    });
    expect(elapsed).to.be.below(BUDGET_MS);
    // old-1 is gone (decided without facts) and was sent; emu-1 could not be evaluated in time.
    expect(sent.map((e) => [e.ComplianceResourceId, e.ComplianceType])).to.deep.equal([['old-1', 'NOT_APPLICABLE']]);
    expect(result).to.deep.equal({ evaluations: 1, putEvaluationsCalls: 1, notEvaluated: 1 });
    expect(aborted).to.be.greaterThan(0);
    expect(logs.find((l) => l.message === 'periodic run stopped before the Lambda timeout')?.attributes).to.include({
      notEvaluated: 1,
    });
  });

  it('abandons a clean-up listing that never answers and still evaluates and sends every cluster', async () => {
    const { result, elapsed, sent, logs } = await run((request) =>
      request.operation === 'GetComplianceDetailsByConfigRule' ? HANG : undefined,
    );
    expect(elapsed).to.be.below(BUDGET_MS);
    expect(sent.map((e) => [e.ComplianceResourceId, e.ComplianceType])).to.deep.equal([['emu-1', 'NON_COMPLIANT']]);
    expect(result).to.deep.equal({ evaluations: 1, putEvaluationsCalls: 1, notEvaluated: 0 });
    expect(logs.find((l) => l.level === 'warn')?.message).to.match(
      /^Earlier results not listed \(config:GetComplianceDetailsByConfigRule did not answer within \d+ ms\): no clean-up/,
    );
  });
});
