/**
 * DiscoverUsage through the runbook and the real preflight handler: the resource's own records (the Data API, a
 * client mock here; its wire format is tested in test/aws) decide readiness besides the network.
 */
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { HeadBucketCommand, type HeadBucketCommandInput, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { KINDS, type RunbookMocks, useRunbookMocks } from '../support/runbook/kinds.ts';
import { invokePreflight } from '../support/runbook/preflightLambda.ts';
import { runRunbook } from '../support/runbook/runRunbook.ts';

const BUCKET_REGIONS: Record<string, string> = { 'etl-raw': 'us-east-1', 'partner-drop-eu': 'eu-west-1' };

for (const kind of KINDS) {
  describe(`${kind.name} runbook: readiness from usage (DiscoverUsage)`, () => {
    const mocks: RunbookMocks = useRunbookMocks();
    const data = useClientMock(RedshiftDataClient);
    const s3 = useClientMock(S3Client);

    /** The resource loaded from these buckets; its catalog statement finds no external schema. */
    const loadedFrom = (buckets: readonly string[]) => {
      data()
        .on(ExecuteStatementCommand)
        .callsFake((input: ExecuteStatementCommandInput) => ({
          Id: /svv_external/i.test(input.Sql ?? '') ? 'catalog' : 'logs',
        }));
      data().on(DescribeStatementCommand).resolves({ Status: 'FINISHED', HasResultSet: true });
      data()
        .on(GetStatementResultCommand)
        .callsFake((input: { Id: string }) =>
          input.Id === 'logs'
            ? {
                ColumnMetadata: [{ name: 'usage' }, { name: 'value' }],
                Records: buckets.map((b) => [{ stringValue: 'load' }, { stringValue: b }]),
              }
            : { ColumnMetadata: [{ name: 'usage' }, { name: 'value' }, { name: 'eskind' }], Records: [] },
        );
      s3()
        .on(HeadBucketCommand)
        .callsFake((input: HeadBucketCommandInput) => ({ BucketRegion: BUCKET_REGIONS[input.Bucket ?? ''] }));
    };
    const run = (parameters: Record<string, unknown>) =>
      runRunbook(
        kind.document,
        { [kind.nameParameter]: kind.id, ChangeWindow: 'now', DiscoverUsage: true, ...parameters },
        { invokeLambda: invokePreflight, pollSeconds: 30 },
      );
    const payloadOf = (result: Awaited<ReturnType<typeof run>>, step: string) =>
      JSON.parse(String(result.outputs[`${step}.Payload`]));

    it('blocks a resource that loads from a bucket in another Region without a NAT or internet path, naming it', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      loadedFrom(['etl-raw', 'partner-drop-eu']);
      const result = await run({});
      expect(result.status).to.equal('Failed');
      expect(kind.changeRequests(mocks)).to.have.length(0);
      expect(payloadOf(result, 'Preflight')).to.deep.include({ decision: 'blocked', ready: false });
      expect(payloadOf(result, 'Preflight').missing).to.include('OTHER_REGION_PATH_MISSING');
      expect(result.failureMessage).to.contain('partner-drop-eu');
      const sent = data()
        .commandCalls(ExecuteStatementCommand)
        .map((c) => c.args[0].input as ExecuteStatementCommandInput);
      for (const input of sent) expect(input).to.include({ Database: 'dev', [kind.nameParameter]: kind.id });
    });

    it('changes a resource whose buckets are all in its Region', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      loadedFrom(['etl-raw']);
      const result = await run({});
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(kind.changeRequests(mocks)).to.have.length(1);
    });

    it('blocks, unverified, when the usage cannot be read, and reads nothing without DiscoverUsage', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      data().on(ExecuteStatementCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
      const result = await run({});
      expect(result.status).to.equal('Failed');
      expect(payloadOf(result, 'Preflight').missing).to.include('USAGE_UNVERIFIED');
      expect(kind.changeRequests(mocks)).to.have.length(0);
      data().resetHistory();
      const plain = await run({ DiscoverUsage: false });
      expect(plain.status, plain.failureMessage).to.equal('Success');
      expect(data().calls()).to.have.length(0);
    });
  });
}
