/**
 * The runbooks' Security Hub steps through the local runner (UpdateSecurityHubFinding): the preflight marks the
 * finding it decided on, NoteFinding resolves it after a verified change, and nothing about Security Hub ever
 * fails a run. Security Hub is a client mock here; its wire format is tested in test/aws/securityHubFindings.test.ts.
 */
import {
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import type { AccountData } from '../support/fakeAws/account.ts';
import { routes, routeTable } from '../support/fakeAws/builders.ts';
import { holdHubFinding } from '../support/fakeAws/hubFinding.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { KINDS, type RunbookMocks, useRunbookMocks } from '../support/runbook/kinds.ts';
import { invokePreflight } from '../support/runbook/preflightLambda.ts';
import { runRunbook } from '../support/runbook/runRunbook.ts';

const invokeLambda = invokePreflight;

const withoutS3Route = (data: AccountData): AccountData => {
  data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
  data.vpcEndpoints = [];
  return data;
};

for (const kind of KINDS) {
  describe(`${kind.name} runbook: the Security Hub finding (UpdateSecurityHubFinding)`, () => {
    const mocks: RunbookMocks = useRunbookMocks();
    const hub = useClientMock(SecurityHubClient);
    const label = `${kind.name} ${kind.id}`;

    /** Security Hub holds one FAILED finding of the resource asked about, in this workflow status. */
    const holdFinding = (workflow: 'NEW' | 'NOTIFIED' = 'NEW') => holdHubFinding(hub(), workflow);
    const updates = (): BatchUpdateFindingsCommandInput[] =>
      hub()
        .commandCalls(BatchUpdateFindingsCommand)
        .map((c) => c.args[0].input);
    const run = (parameters: Record<string, unknown> = {}) =>
      runRunbook(
        kind.document,
        { [kind.nameParameter]: kind.id, ChangeWindow: 'now', UpdateSecurityHubFinding: true, ...parameters },
        { invokeLambda, pollSeconds: 30 },
      );
    const payloadOf = (result: Awaited<ReturnType<typeof run>>, step: string) =>
      JSON.parse(String(result.outputs[`${step}.Payload`]));

    it('resolves the finding after the verified change, naming the execution and what was found after it', async () => {
      const resource = kind.install(mocks, { modifyingPolls: 2 }, kind.readyAccount());
      holdFinding();
      const result = await run();
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(resource.changeCalls()).to.equal(1);
      expect(result.steps.map((s) => s.name).slice(-4)).to.deep.equal([
        'BranchOnFindingNote',
        'NoteFinding',
        'BranchOnWatch',
        'Report',
      ]);
      // Ready before the change: nothing to mark; after it, one update: RESOLVED with the note.
      expect(updates()).to.have.length(1);
      const [update] = updates();
      expect(update?.Workflow).to.deep.equal({ Status: 'RESOLVED' });
      expect(update?.FindingIdentifiers).to.deep.equal([
        { Id: 'f-1', ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub' },
      ]);
      expect(update?.Note?.Text).to.match(
        new RegExp(
          `^Enhanced VPC routing enabled by SSM Automation execution exec-local-1, verified on the ${kind.name}\\. After the change: .*S3 reachable.* \\(redshift-evr\\)$`,
        ),
      );
      expect(update?.Note?.UpdatedBy).to.equal('redshift-evr');
      // The filters named the resource by its ARN and the control.
      const filters = hub().commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;
      expect(filters?.ResourceId?.[0]?.Value).to.match(/^arn:aws:redshift(-serverless)?:us-east-1:111122223333:/);
      expect(payloadOf(result, 'NoteFinding').securityHub).to.deep.equal({
        action: 'change-note',
        findings: 1,
        updated: 1,
      });
    });

    it('marks the finding NOTIFIED with the problems when the preflight blocks the change, and says so', async () => {
      kind.install(mocks, {}, withoutS3Route(kind.readyAccount()));
      holdFinding();
      const result = await run();
      expect(result.status).to.equal('Failed');
      expect(result.failureMessage).to.contain('Its Security Hub finding now says so (NOTIFIED).');
      const [update] = updates();
      expect(update?.Workflow).to.deep.equal({ Status: 'NOTIFIED' });
      expect(update?.Note?.Text).to.match(/S3_ROUTE_MISSING|No S3 route/);
      expect(update?.Note?.Text).to.match(/ \(redshift-evr\)$/);
      expect(kind.changeRequests(mocks)).to.have.length(0);
    });

    it('suppresses the finding of an exempt resource with the tag and the reason', async () => {
      kind.install(mocks, { tags: { 'evr-exempt': 'vendor appliance' } }, kind.readyAccount());
      holdFinding();
      const result = await run({ ExemptionTagKey: 'evr-exempt' });
      expect(result.status, result.failureMessage).to.equal('Success');
      const [update] = updates();
      expect(update?.Workflow).to.deep.equal({ Status: 'SUPPRESSED' });
      expect(update?.Note?.Text).to.equal('Exempt by tag evr-exempt: vendor appliance (redshift-evr)');
    });

    it('still changes and succeeds when Security Hub is not enabled, saying why the finding was not noted', async () => {
      const resource = kind.install(mocks, {}, kind.readyAccount());
      hub()
        .on(GetFindingsCommand)
        .rejects(serviceError('InvalidAccessException', 'Account 111122223333 is not subscribed to AWS Security Hub'));
      const result = await run();
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(resource.changeCalls()).to.equal(1);
      expect(payloadOf(result, 'NoteFinding').securityHub.problem).to.match(/Security Hub is not enabled/);
    });

    it('still changes and succeeds when the update is denied', async () => {
      const resource = kind.install(mocks, {}, kind.readyAccount());
      holdFinding('NOTIFIED');
      hub().on(BatchUpdateFindingsCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
      const result = await run();
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(resource.changeCalls()).to.equal(1);
      expect(payloadOf(result, 'NoteFinding').securityHub.problem).to.match(/denied.*securityhub:BatchUpdateFindings/);
    });

    it(`makes no Security Hub call unless asked (the default), and reports the ${label} as before`, async () => {
      kind.install(mocks, {}, kind.readyAccount());
      const result = await run({ UpdateSecurityHubFinding: false });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(result.steps.map((s) => s.name)).not.to.include('NoteFinding');
      expect(hub().calls()).to.have.length(0);
      expect(payloadOf(result, 'Preflight').securityHub).to.equal(null);
    });
  });
}
