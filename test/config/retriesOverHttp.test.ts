import { expect } from 'chai';
import { RuleClientProvider } from '../../src/aws/ruleClients.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { ACCOUNT, scheduledEvent } from '../support/configEvents.ts';
import { emulatedAccount } from '../support/fakeAws/emulatedAccount.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { jsonError, jsonOk, queryError } from '../support/fakeAws/wire.ts';
import { testRuntime } from '../support/ruleRuntime.ts';

/**
 * Through the SDK's real middleware (serialization, error parsing, retry strategy) against 127.0.0.1:
 * the rule's clients must ride out throttling on a describe call and on PutEvaluations.
 */
describe('Config rule over HTTP (real SDK retries)', () => {
  const startStub = useHttpStub();
  afterEach(async () => {
    delete process.env.AWS_ENDPOINT_URL;
  });

  it('retries ThrottlingException on DescribeClusters and PutEvaluations, then succeeds', async () => {
    const throttledOnce = new Set(['DescribeClusters', 'PutEvaluations']);
    const account = emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' });
    const stub = await startStub((request) => {
      if (throttledOnce.delete(request.operation)) {
        return request.operation === 'PutEvaluations'
          ? jsonError('ThrottlingException', 'Rate exceeded')
          : queryError('ThrottlingException', 'Rate exceeded');
      }
      if (request.operation === 'GetComplianceDetailsByConfigRule') return jsonOk({ EvaluationResults: [] });
      if (request.operation === 'PutEvaluations') return jsonOk({ FailedEvaluations: [] });
      return account(request);
    });
    process.env.AWS_ENDPOINT_URL = stub.url;
    const provider = new RuleClientProvider({ ownAccountId: ACCOUNT });
    const result = await runConfigRule(scheduledEvent(), testRuntime({ clientsFor: (e) => provider.clientsFor(e) }));

    expect(result).to.deep.equal({ evaluations: 1, putEvaluationsCalls: 1, notEvaluated: 0 });
    const operations = stub.requests.map((r) => r.operation);
    expect(operations.filter((o) => o === 'DescribeClusters')).to.have.length(2);
    expect(operations.filter((o) => o === 'PutEvaluations')).to.have.length(2);
    const put = stub.requests.filter((r) => r.operation === 'PutEvaluations').at(-1);
    expect(put?.headers['x-amz-target']).to.equal('StarlingDoveService.PutEvaluations');
    const body = JSON.parse(put?.body ?? '{}');
    expect(body.Evaluations).to.have.length(1);
    expect(body.Evaluations[0]).to.include({
      ComplianceResourceType: 'AWS::Redshift::Cluster',
      ComplianceResourceId: 'emu-1',
      ComplianceType: 'NON_COMPLIANT',
    });
    expect(body.Evaluations[0].Annotation).to.match(/^Enhanced VPC routing is off\. Ready to remediate/);
    // The SDK marks retried requests; the second attempt says so.
    const describes = stub.requests.filter((r) => r.operation === 'DescribeClusters');
    expect(describes[1]?.headers['amz-sdk-request']).to.match(/attempt=2/);
  });

  it('gives up on a describe call that stays throttled and names it', async () => {
    const stub = await startStub((request) =>
      request.operation === 'DescribeClusters' ? queryError('ThrottlingException', 'Rate exceeded') : jsonOk({}),
    );
    process.env.AWS_ENDPOINT_URL = stub.url;
    process.env.AWS_MAX_ATTEMPTS = '2';
    try {
      const provider = new RuleClientProvider({ ownAccountId: ACCOUNT });
      const error = await runConfigRule(
        scheduledEvent(),
        testRuntime({ clientsFor: (e) => provider.clientsFor(e) }),
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.equal('redshift:DescribeClusters was throttled after retries (ThrottlingException)');
      expect(stub.requests.filter((r) => r.operation === 'PutEvaluations')).to.have.length(0);
    } finally {
      delete process.env.AWS_MAX_ATTEMPTS;
    }
  });
});
