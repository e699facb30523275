/**
 * The runbooks' change windows through the local runner on a clock: the preflight (the real handler) computes
 * the window from Date, aws:sleep and the wait steps move the same clock, and the test records the time of
 * every preflight call. The change comes right after the last one (no step between them waits), so that time is
 * when the resource was changed.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import sinon from 'sinon';
import { handler as preflight } from '../../src/handlers/preflight.ts';
import { useClientMock } from '../support/mocks.ts';
import { CLUSTER_KIND, type RunbookMocks, WORKGROUP_KIND } from '../support/runbook/kinds.ts';
import { type RunOptions, runRunbook } from '../support/runbook/runRunbook.ts';

const ROLE = 'arn:aws:iam::111122223333:role/redshift-evr-remediation';
const APPROVER = 'arn:aws:iam::111122223333:role/DataPlatformLead';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:AutomationEvrApprovals';
const context = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:redshift-evr-preflight',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;
const HOUR = 3_600_000;

/** Friday 2026-12-04 10:00 UTC; the test cluster's maintenance window is sat:07:30-sat:08:00. */
const FRIDAY = Date.parse('2026-12-04T10:00:00.000Z');

describe('change windows (runbooks through the local runner, on a clock)', () => {
  const mocks: RunbookMocks = {
    redshift: useClientMock(RedshiftClient),
    ec2: useClientMock(EC2Client),
    serverless: useClientMock(RedshiftServerlessClient),
  };
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: FRIDAY, toFake: ['Date'] });
  });
  afterEach(() => clock.restore());

  /** Run `kind`'s runbook; `beforeRecheck` may let time pass before a re-check (by its number, from 1). */
  const run = async (
    kind: typeof CLUSTER_KIND,
    parameters: Record<string, unknown>,
    options: RunOptions & { beforeRecheck?: (n: number) => void } = {},
  ) => {
    kind.install(mocks, {}, kind.readyAccount());
    // Several runs in one test share the mocks: count this run's changes only.
    const changesBefore = kind.changeRequests(mocks).length;
    const calls: { at: string; payload: Record<string, unknown> }[] = [];
    const quiet = sinon.stub(process.stdout, 'write').returns(true);
    try {
      const result = await runRunbook(
        kind.document,
        { [kind.nameParameter]: kind.id, AutomationAssumeRole: ROLE, ...parameters },
        {
          pollSeconds: 30,
          onWait: (seconds) => clock.tick(seconds * 1000),
          invokeLambda: async (_name, payload) => {
            if (calls.length > 0) options.beforeRecheck?.(calls.length);
            calls.push({ at: new Date().toISOString(), payload: payload as Record<string, unknown> });
            return preflight(payload, context);
          },
          ...options,
        },
      );
      return {
        result,
        calls,
        changes: kind.changeRequests(mocks).length - changesBefore,
        steps: result.steps.map((s) => s.name),
      };
    } finally {
      quiet.restore();
    }
  };

  it("waits for the cluster's own maintenance window by default, checks again there, and changes inside it", async () => {
    const { result, calls, changes, steps } = await run(CLUSTER_KIND, {});
    expect(result.status, result.failureMessage).to.equal('Success');
    expect(changes).to.equal(1);
    // The preflight got the window the first read found, and the default ChangeWindow.
    expect(calls[0]?.payload).to.include({
      ChangeWindow: 'maintenance-window',
      MaintenanceWindow: 'sat:07:30-sat:08:00',
    });
    expect(steps.filter((s) => s === 'WaitForChangeWindow')).to.have.length(1);
    // Checked at the window's opening: the change followed at once, inside it.
    expect(calls.map((c) => c.at)).to.deep.equal([
      '2026-12-04T10:00:00.000Z',
      '2026-12-04T10:00:00.000Z',
      '2026-12-05T07:30:00.000Z',
    ]);
    expect(result.outputs['CheckChangeWindow.Summary']).to.equal(
      'Inside the change window (maintenance-window, until 2026-12-05T08:00:00.000Z): changing cluster c-0 now.',
    );
  });

  it('changes at once when the window is open now, and with ChangeWindow now', async () => {
    for (const ChangeWindow of ['fri:09:00-fri:11:00', 'now']) {
      clock.setSystemTime(FRIDAY);
      const { result, calls, changes, steps } = await run(CLUSTER_KIND, { ChangeWindow });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(changes, ChangeWindow).to.equal(1);
      expect(steps, ChangeWindow).not.to.include('WaitForChangeWindow');
      expect(calls.at(-1)?.at, ChangeWindow).to.equal('2026-12-04T10:00:00.000Z');
    }
  });

  it('never changes outside the window, whenever the run starts in the week', async () => {
    // Before the window in the same week, and after it (the next week's).
    for (const hoursLater of [13, 110]) {
      clock.setSystemTime(FRIDAY + hoursLater * HOUR);
      const { result, calls, changes } = await run(CLUSTER_KIND, { ChangeWindow: 'tue:22:00-wed:02:00' });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(changes).to.equal(1);
      const at = new Date(calls.at(-1)?.at ?? '');
      const minuteOfWeek = at.getUTCDay() * 1440 + at.getUTCHours() * 60 + at.getUTCMinutes();
      // Tuesday 22:00 to Wednesday 02:00.
      expect(minuteOfWeek, at.toISOString()).to.be.within(2 * 1440 + 22 * 60, 3 * 1440 + 2 * 60 - 1);
    }
  });

  it('waits for the next week when a long approval ends after the window, and tells the approvers through SNS', async () => {
    const approvals: { message: string; notificationArn: unknown; minRequiredApprovals: unknown }[] = [];
    const { result, calls, changes, steps } = await run(
      CLUSTER_KIND,
      {
        ChangeWindow: 'fri:11:00-fri:12:00',
        RequireApproval: true,
        Approvers: [APPROVER],
        MinRequiredApprovals: 2,
        ApprovalNotificationArn: TOPIC,
      },
      {
        approve: async (request) => {
          approvals.push(request);
          // Approved the next morning: this week's window has closed.
          clock.tick(20 * HOUR);
          return 'Approved';
        },
      },
    );
    expect(result.status, result.failureMessage).to.equal('Success');
    expect(steps).to.include('ApproveWithNotification');
    expect(approvals).to.have.length(1);
    expect(approvals[0]).to.include({ notificationArn: TOPIC, minRequiredApprovals: 2 });
    expect(approvals[0]?.message).to.contain(
      'The change will happen in the change window fri:11:00-fri:12:00 (UTC), which opens at 2026-12-04T11:00:00.000Z and closes at 2026-12-04T12:00:00.000Z',
    );
    expect(approvals[0]?.message).to.contain('Redshift restarts the cluster to apply it.');
    expect(changes).to.equal(1);
    // Re-checked after the approval (outside: no change), then at next Friday's window.
    expect(calls.map((c) => c.at)).to.deep.equal([
      '2026-12-04T10:00:00.000Z',
      '2026-12-05T06:00:00.000Z',
      '2026-12-11T11:00:00.000Z',
    ]);
  });

  it('asks for approval without SNS when no topic is given', async () => {
    const { steps } = await run(
      CLUSTER_KIND,
      { ChangeWindow: 'now', RequireApproval: true, Approvers: [APPROVER] },
      { approve: async () => 'Approved' },
    );
    expect(steps).to.include('Approve');
    expect(steps).not.to.include('ApproveWithNotification');
  });

  it('stops unchanged, saying what to do, when the window is missed twice', async () => {
    const { result, changes, steps } = await run(
      CLUSTER_KIND,
      { ChangeWindow: 'fri:11:00-fri:12:00', RequireApproval: true, Approvers: [APPROVER] },
      {
        approve: async () => {
          clock.tick(20 * HOUR);
          return 'Approved';
        },
        // At next week's window the re-check comes two hours late (the cluster was busy): missed again.
        beforeRecheck: (n) => {
          if (n === 2) clock.tick(2 * HOUR);
        },
      },
    );
    expect(changes).to.equal(0);
    expect(steps.at(-1)).to.equal('StopWindowMissed');
    expect(result.status).to.equal('Failed');
    expect(result.failureMessage).to.equal(
      'Step StopWindowMissed failed: Exception: The change window fri:11:00-fri:12:00 (UTC) of cluster c-0 passed twice while the runbook waited (for the approval or for the cluster to be available); nothing was changed. Run the remediation again, or give a wider ChangeWindow.',
    );
  });

  it('changes a workgroup at once by default, and refuses to wait for a maintenance window it has not got', async () => {
    const now = await run(WORKGROUP_KIND, {});
    expect(now.result.status, now.result.failureMessage).to.equal('Success');
    expect(now.changes).to.equal(1);
    expect(now.calls[0]?.payload).to.include({ ChangeWindow: 'now' });
    expect(now.calls[0]?.payload).not.to.have.property('MaintenanceWindow');
    const refused = await run(WORKGROUP_KIND, { ChangeWindow: 'maintenance-window' });
    expect(refused.changes).to.equal(0);
    expect(refused.steps.at(-1)).to.equal('StopPreflightBlocked');
    expect(refused.result.failureMessage).to.contain(
      'Redshift Serverless workgroups have no maintenance window: give ChangeWindow as a weekly window in UTC',
    );
  });

  it('refuses a ChangeWindow that is not one before any step', async () => {
    const failed = await run(CLUSTER_KIND, { ChangeWindow: 'weekends' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failed?.message).to.match(/ChangeWindow/);
  });
});
