import { ConfigServiceClient, type Evaluation, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { expect } from 'chai';
import { putEvaluations } from '../../src/config/putEvaluations.ts';
import { REGION } from '../support/fakeAws/builders.ts';
import { useClientMock } from '../support/mocks.ts';
import { FAKE_CREDENTIALS } from '../support/recordAccount.ts';

const evaluations = (n: number): Evaluation[] =>
  Array.from({ length: n }, (_, i) => ({
    ComplianceResourceType: 'AWS::Redshift::Cluster',
    ComplianceResourceId: `c-${i}`,
    ComplianceType: 'COMPLIANT',
    OrderingTimestamp: new Date('2026-11-28T00:00:00Z'),
  }));

describe('putEvaluations', () => {
  const config = useClientMock(ConfigServiceClient);
  const client = () => new ConfigServiceClient({ region: REGION, credentials: FAKE_CREDENTIALS });

  const table: [number, number[]][] = [
    [0, [0]],
    [1, [1]],
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
  ];
  for (const [count, batches] of table) {
    it(`sends ${count} evaluation(s) in batches of ${JSON.stringify(batches)}`, async () => {
      config().on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
      const calls = await putEvaluations(client(), 'token-1', evaluations(count));
      const sizes = config()
        .commandCalls(PutEvaluationsCommand)
        .map((c) => c.args[0].input.Evaluations?.length);
      expect(sizes).to.deep.equal(batches);
      expect(calls).to.equal(batches.length);
      const ids = config()
        .commandCalls(PutEvaluationsCommand)
        .flatMap((c) => c.args[0].input.Evaluations?.map((e) => e.ComplianceResourceId) ?? []);
      expect(ids).to.deep.equal(evaluations(count).map((e) => e.ComplianceResourceId));
      expect(
        config()
          .commandCalls(PutEvaluationsCommand)
          .every((c) => c.args[0].input.ResultToken === 'token-1'),
      ).to.equal(true);
    });
  }

  it('retries only the failed evaluations of a batch', async () => {
    const all = evaluations(150);
    config()
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: all.slice(10, 12) })
      .resolves({ FailedEvaluations: [] });
    expect(await putEvaluations(client(), 't', all)).to.equal(3);
    expect(
      config()
        .commandCalls(PutEvaluationsCommand)[1]
        ?.args[0].input.Evaluations?.map((e) => e.ComplianceResourceId),
    ).to.deep.equal(['c-10', 'c-11']);
  });

  it('counts what the first call accepted when the retry of the rejected ones fails', async () => {
    const [first, second] = evaluations(2);
    config()
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [second as never] })
      .rejects(Object.assign(new Error('Internal failure'), { name: 'InternalFailure' }));
    const error = await putEvaluations(client(), 't', [first as never, second as never]).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal(
      'config:PutEvaluations accepted 1 of 2 evaluation(s); not accepted: c-1 (config:PutEvaluations failed (InternalFailure: Internal failure)). Those clusters keep their previous results until the next evaluation.',
    );
  });

  it('reports a call that fails after the SDK retries with the operation named', async () => {
    config()
      .on(PutEvaluationsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const error = await putEvaluations(client(), 't', evaluations(1)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // Nothing was accepted, and the message says so (not "the other batches were sent").
    expect(error?.message).to.equal(
      'config:PutEvaluations accepted 0 of 1 evaluation(s); not accepted: c-0 (config:PutEvaluations was throttled after retries (ThrottlingException)). Those clusters keep their previous results until the next evaluation.',
    );
  });

  it("says workgroups keep their previous results when the workgroup rule's evaluations were not accepted", async () => {
    config()
      .on(PutEvaluationsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const workgroups = evaluations(1).map((e) => ({
      ...e,
      ComplianceResourceType: 'AWS::RedshiftServerless::Workgroup',
    }));
    const error = await putEvaluations(client(), 't', workgroups).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/\. Those workgroups keep their previous results until the next evaluation\.$/);
  });

  it('still sends the other batches when one call fails, then reports it', async () => {
    config()
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [] })
      .rejectsOnce(Object.assign(new Error('Internal failure'), { name: 'InternalFailure' }))
      .resolves({ FailedEvaluations: [] });
    const error = await putEvaluations(client(), 't', evaluations(250)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(
      config()
        .commandCalls(PutEvaluationsCommand)
        .map((c) => c.args[0].input.Evaluations?.length),
    ).to.deep.equal([100, 100, 50]);
    expect(error?.message).to.equal(
      `config:PutEvaluations accepted 150 of 250 evaluation(s); not accepted: ${Array.from({ length: 20 }, (_, i) => `c-${100 + i}`).join(', ')} +80 more (config:PutEvaluations failed (InternalFailure: Internal failure)). Those clusters keep their previous results until the next evaluation.`,
    );
  });
});
