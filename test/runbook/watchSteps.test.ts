/**
 * The watch after the change (WatchMinutes, RollbackOnFailure) through the local runner on a clock: the runbook
 * sleeps, the real preflight handler reads the resource's records through the Data API (a client mock here; the
 * Data API's wire format is tested in test/aws), and the runbook rolls the change back only on new failures.
 */
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import sinon from 'sinon';
import { holdHubFinding } from '../support/fakeAws/hubFinding.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { KINDS, type RunbookMocks, useRunbookMocks } from '../support/runbook/kinds.ts';
import { invokePreflight } from '../support/runbook/preflightLambda.ts';
import { runRunbook } from '../support/runbook/runRunbook.ts';

const START = Date.parse('2026-12-05T07:30:00Z');
const MINUTE = 60_000;

/** A failure row as STL_S3CLIENT_ERROR / SYS_QUERY_HISTORY return it, `minutes` before the records are read. */
type Row = { minutesAgo: number; place: string; error: string; text?: string };

for (const kind of KINDS) {
  describe(`${kind.name} runbook: the watch after the change (WatchMinutes)`, () => {
    const mocks: RunbookMocks = useRunbookMocks();
    const data = useClientMock(RedshiftDataClient);
    const hub = useClientMock(SecurityHubClient);
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ now: START, toFake: ['Date'] });
    });
    afterEach(() => clock.restore());

    /** The resource's records: these rows in SYS_QUERY_HISTORY, none in STL_S3CLIENT_ERROR (clusters). */
    const records = (rows: readonly Row[]) => {
      data()
        .on(ExecuteStatementCommand)
        .callsFake((input: ExecuteStatementCommandInput) => ({
          Id: input.Sql?.includes('sys_query_history') ? 'stmt-sys' : 'stmt-stl',
        }));
      data().on(DescribeStatementCommand).resolves({ Status: 'FINISHED', HasResultSet: true });
      // The Data API's TIMESTAMP text: UTC, a space, microseconds.
      const at = (minutesAgo: number) =>
        new Date(Date.now() - minutesAgo * MINUTE).toISOString().replace('T', ' ').replace('Z', '').concat('123');
      data()
        .on(GetStatementResultCommand)
        .callsFake((input: { Id: string }) => ({
          ColumnMetadata: [{ name: 'at' }, { name: 'place' }, { name: 'error' }, { name: 'text' }],
          Records: (input.Id === 'stmt-sys' ? rows : []).map((r) => [
            { stringValue: at(r.minutesAgo) },
            { stringValue: r.place },
            { stringValue: r.error },
            { stringValue: r.text ?? '' },
          ]),
        }));
    };
    const run = (parameters: Record<string, unknown>) =>
      runRunbook(
        kind.document,
        { [kind.nameParameter]: kind.id, ChangeWindow: 'now', WatchMinutes: 15, ...parameters },
        { invokeLambda: invokePreflight, pollSeconds: 60, onWait: (seconds) => clock.tick(seconds * 1000) },
      );
    const payloadOf = (result: Awaited<ReturnType<typeof run>>, step: string) =>
      JSON.parse(String(result.outputs[`${step}.Payload`]));
    /** The change calls, in order: true (the change), then false (a rollback). */
    const flags = () =>
      (kind.changeRequests(mocks) as Record<string, unknown>[]).map((r) =>
        Object.values(r).find((v) => typeof v === 'boolean'),
      );

    it('ends enabled when nothing started failing, after sleeping WatchMinutes and reading the records once', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      // A bucket that failed yesterday and fails still: not the change's doing.
      records([
        { minutesAgo: 20 * 60, place: 'flaky-bucket', error: 'Connection timed out' },
        { minutesAgo: 5, place: 'flaky-bucket', error: 'Connection timed out' },
      ]);
      const result = await run({ RollbackOnFailure: true });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(result.steps.map((s) => s.name).slice(-5)).to.deep.equal([
        'BranchOnWatch',
        'WaitForPipelines',
        'CheckPipelines',
        'BranchOnPipelines',
        'Report',
      ]);
      expect(flags()).to.deep.equal([true]);
      expect(payloadOf(result, 'CheckPipelines')).to.deep.include({ verdict: 'clean' });
      expect(payloadOf(result, 'CheckPipelines').watch).to.include({ preexisting: 1 });
      // Read-only, bounded, as the resource itself (its name, the default database).
      const sent = data()
        .commandCalls(ExecuteStatementCommand)
        .map((c) => c.args[0].input as ExecuteStatementCommandInput);
      expect(sent).to.have.length(kind.name === 'cluster' ? 2 : 1);
      for (const input of sent) {
        expect(input.Sql).to.match(/^SELECT .* LIMIT 500$/);
        expect(input).to.include({ Database: 'dev', [kind.nameParameter]: kind.id });
      }
    });

    it('rolls the change back when COPY/UNLOAD started failing and RollbackOnFailure is true, and fails saying so', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      records([
        {
          minutesAgo: 5,
          place: 'COPY',
          error: 'S3ServiceException:Connection timed out',
          text: "COPY sales FROM 's3://partner-drop/2026/' IAM_ROLE default",
        },
      ]);
      const result = await run({ RollbackOnFailure: true });
      expect(result.status).to.equal('Failed');
      expect(flags()).to.deep.equal([true, false]);
      expect(result.steps.map((s) => s.name).slice(-5)).to.deep.equal([
        'BranchOnRollback',
        'RollBackEnhancedVpcRouting',
        'WaitForRollbackApplied',
        'WaitForAvailableAfterRollback',
        'StopRolledBack',
      ]);
      expect(result.failureMessage).to.match(
        /^Step StopRolledBack failed: Exception: ROLLED BACK: enhanced VPC routing was turned on and, with COPY\/UNLOAD failing after the change, off again on .*After the change, 1 COPY\/UNLOAD or S3 request failure\(s\) at partner-drop, which had none in the 24 hours before it; the first: S3ServiceException:Connection timed out\./,
      );
    });

    it('keeps the routing on and fails, naming the failures, when RollbackOnFailure is false', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      records([{ minutesAgo: 5, place: 'etl-staging', error: 'Connection timed out' }]);
      const result = await run({});
      expect(result.status).to.equal('Failed');
      expect(flags()).to.deep.equal([true]);
      expect(result.failureMessage).to.match(
        /^Step StopPipelinesFailing failed: Exception: ENABLED, but COPY\/UNLOAD started failing after the change on .*; RollbackOnFailure is false, so enhanced VPC routing stays on\..* at etl-staging,/,
      );
    });

    it('never rolls back when the records cannot be read (unverified), and says why', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      data()
        .on(ExecuteStatementCommand)
        .rejects(serviceError('AccessDeniedException', 'not authorized to perform redshift-data:ExecuteStatement'));
      const result = await run({ RollbackOnFailure: true });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(flags()).to.deep.equal([true]);
      expect(payloadOf(result, 'CheckPipelines')).to.deep.include({ verdict: 'unverified', watch: null });
      expect(payloadOf(result, 'CheckPipelines').summary).to.match(
        /^The watch could not read the .*redshift-data:ExecuteStatement.*nothing is rolled back on an unverified watch\./,
      );
    });

    it("adds what the watch found to the Security Hub finding's note (UpdateSecurityHubFinding)", async () => {
      kind.install(mocks, {}, kind.readyAccount());
      records([]);
      holdHubFinding(hub());
      const result = await run({ UpdateSecurityHubFinding: true });
      expect(result.status, result.failureMessage).to.equal('Success');
      const notes = hub()
        .commandCalls(BatchUpdateFindingsCommand)
        .map((c) => c.args[0].input.Note?.Text ?? '');
      // NoteFinding right after the change, then CheckPipelines with the watch's summary.
      expect(notes).to.have.length(2);
      expect(notes[1]).to.match(
        /^Enhanced VPC routing enabled by SSM Automation execution exec-local-1, verified on the .*No COPY, UNLOAD or S3 request failed in the 15 minutes after the change at a place that worked before it\. \(redshift-evr\)$/,
      );
      expect(payloadOf(result, 'CheckPipelines').securityHub).to.deep.include({ action: 'change-note', updated: 1 });
    });

    it('does not watch by default (WatchMinutes 0): no Data API call', async () => {
      kind.install(mocks, {}, kind.readyAccount());
      const result = await run({ WatchMinutes: 0 });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(result.steps.map((s) => s.name)).not.to.include('WaitForPipelines');
      expect(data().calls()).to.have.length(0);
    });
  });
}
