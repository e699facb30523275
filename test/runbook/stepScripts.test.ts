import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { type ScriptName, STEP_SCRIPTS, scriptPath } from '../../src/runbooks/stepScripts.ts';
import { runPythonScript, type ScriptResult } from '../support/runbook/executeScript.ts';

/** Run the committed file of a step script, as its step names the handler. */
const run = (name: ScriptName, events: Record<string, unknown>): Promise<ScriptResult> =>
  runPythonScript(readFileSync(scriptPath(name), 'utf8'), STEP_SCRIPTS[name].handler, events);

/** The payload the returned value of a script that succeeds. */
const answer = async (name: ScriptName, events: Record<string, unknown>): Promise<unknown> => {
  const result = await run(name, events);
  expect(result, JSON.stringify(result)).to.include({ ok: true });
  return (result as { payload: unknown }).payload;
};

/** The message a script that fails raises with. */
const raised = async (name: ScriptName, events: Record<string, unknown>): Promise<string> => {
  const result = await run(name, events);
  expect(result.ok, JSON.stringify(result)).to.equal(false);
  return (result as { error: string }).error;
};

/** A resource of each kind, as the runbooks name it. */
const RESOURCES = [
  { ResourceNoun: 'cluster', ResourceName: 'etl-prod', AvailableStatus: 'available' },
  { ResourceNoun: 'workgroup', ResourceName: 'wg-0', AvailableStatus: 'AVAILABLE' },
] as const;

const payload = (value: Record<string, unknown>): string => JSON.stringify(value);

describe('runbook step scripts (automation-documents/scripts/*.py, run by python3)', () => {
  it('has a file for every script, defining the handler its step names', () => {
    for (const [name, { handler }] of Object.entries(STEP_SCRIPTS)) {
      expect(readFileSync(scriptPath(name as ScriptName), 'utf8'), name).to.contain(`def ${handler}(events, context):`);
    }
  });

  for (const { ResourceNoun, ResourceName, AvailableStatus } of RESOURCES) {
    const target = `${ResourceNoun} ${ResourceName}`;
    const resource = { ResourceNoun, ResourceName };

    describe(`for a ${ResourceNoun}`, () => {
      it('report_exempt.py: no change, with the exemption the preflight found', async () => {
        const events = { Payload: payload({ explanation: 'exempt (evr-exempt: legacy ETL).' }), ...resource };
        expect(await answer('reportExempt', events)).to.deep.equal({
          Result: `NO_CHANGE: ${target} is exempt (evr-exempt: legacy ETL). Nothing was changed.`,
        });
      });

      it('report_exempt_at_recheck.py: no change, tagged while the runbook waited', async () => {
        const events = { Payload: payload({ explanation: 'exempt (evr-exempt: x).' }), ...resource };
        expect(await answer('reportExemptAtRecheck', events)).to.deep.equal({
          Result: `NO_CHANGE: ${target} is exempt (evr-exempt: x). (tagged while the runbook waited). Nothing was changed.`,
        });
      });

      it('report_already_enabled.py: no warning, the preflight warning, or the skipped check', async () => {
        const base = `NO_CHANGE: enhanced VPC routing was already on for ${target}.`;
        expect(
          await answer('reportAlreadyEnabled', { Payload: payload({ warning: null }), ...resource }),
        ).to.deep.equal({
          Result: base,
          Warning: '',
        });
        expect(
          await answer('reportAlreadyEnabled', { Payload: payload({ warning: 'No S3 route.' }), ...resource }),
        ).to.deep.equal({
          Result: `${base} WARNING, COPY/UNLOAD may be failing now: No S3 route.`,
          Warning: 'No S3 route.',
        });
        const skipped = 'Prerequisites not checked (SkipPreflight=true).';
        expect(
          await answer('reportAlreadyEnabled', { Payload: payload({ skipped: true, warning: 'x' }), ...resource }),
        ).to.deep.equal({ Result: `${base} WARNING, COPY/UNLOAD may be failing now: ${skipped}`, Warning: skipped });
      });

      it('report_already_enabled_at_recheck.py: turned on while the runbook waited, with any warning', async () => {
        const base = `NO_CHANGE: enhanced VPC routing was turned on for ${target} while the runbook waited.`;
        expect(await answer('reportAlreadyEnabledAtRecheck', { Payload: payload({}), ...resource })).to.deep.equal({
          Result: base,
          Warning: '',
        });
        expect(
          await answer('reportAlreadyEnabledAtRecheck', { Payload: payload({ warning: 'DNS off.' }), ...resource }),
        ).to.deep.equal({ Result: `${base} WARNING, COPY/UNLOAD may be failing now: DNS off.`, Warning: 'DNS off.' });
      });

      it('report_enabled.py: enabled and available, saying when the network was not checked', async () => {
        const enabled = `ENABLED: enhanced VPC routing is on for ${target} and the ${ResourceNoun} is ${AvailableStatus}.`;
        const events = { ...resource, AvailableStatus };
        expect(
          await answer('reportEnabled', { Payload: payload({ skipped: false, explanation: 'Ready.' }), ...events }),
        ).to.deep.equal({ Result: enabled, PreflightSkipped: false, PreflightExplanation: 'Ready.' });
        expect(
          await answer('reportEnabled', {
            Payload: payload({ skipped: true, explanation: 'Not checked.' }),
            ...events,
          }),
        ).to.deep.equal({
          Result: `${enabled} The network prerequisites were NOT checked (SkipPreflight=true).`,
          PreflightSkipped: true,
          PreflightExplanation: 'Not checked.',
        });
      });
    });
  }

  describe('kind-neutral scripts', () => {
    it('summarize_for_approval.py: whether the preflight checked the network, and what it found', async () => {
      expect(
        await answer('summarizeForApproval', { Payload: payload({ skipped: false, explanation: 'Ready.' }) }),
      ).to.deep.equal({
        Summary: 'The preflight checked the network: Ready. The change will happen right after the approval.',
      });
      expect(
        await answer('summarizeForApproval', { Payload: payload({ skipped: true, explanation: 'Not checked.' }) }),
      ).to.deep.equal({
        Summary:
          'The preflight did NOT check the network (SkipPreflight=true): Not checked. The change will happen right after the approval.',
      });
    });

    it('summarize_for_approval.py: when the change will happen, in its window', async () => {
      const schedule = {
        changeWindow: 'maintenance-window',
        window: 'sat:07:30-sat:08:00',
        inWindow: false,
        start: '2026-12-05T07:30:00.000Z',
        end: '2026-12-05T08:00:00.000Z',
      };
      expect(
        await answer('summarizeForApproval', { Payload: payload({ skipped: false, explanation: 'Ready.', schedule }) }),
      ).to.deep.equal({
        Summary:
          "The preflight checked the network: Ready. The change will happen in the change window sat:07:30-sat:08:00 (UTC), which opens at 2026-12-05T07:30:00.000Z and closes at 2026-12-05T08:00:00.000Z; approved after it closes, the change waits for the next week's window.",
      });
    });

    it('check_change_window.py: change now inside the window, wait for it, or stop once it was missed twice', async () => {
      const events = (schedule: object, first: object = schedule) => ({
        Payload: payload({ schedule, decidedAt: '2026-12-05T07:31:02.000Z' }),
        FirstPayload: payload({ schedule: first }),
        ResourceNoun: 'cluster',
        ResourceName: 'c-0',
      });
      const window = { changeWindow: 'sat:07:30-sat:08:00', window: 'sat:07:30-sat:08:00' };
      const saturday = {
        ...window,
        inWindow: false,
        start: '2026-12-05T07:30:00.000Z',
        end: '2026-12-05T08:00:00.000Z',
      };
      // Inside: the re-check's decision time goes on to the watch after the change (its baseline ends there).
      expect(await answer('checkChangeWindow', events({ ...saturday, inWindow: true }))).to.deep.equal({
        InWindow: true,
        Missed: false,
        WaitUntil: '',
        DecidedAt: '2026-12-05T07:31:02.000Z',
        Summary:
          'Inside the change window (sat:07:30-sat:08:00, until 2026-12-05T08:00:00.000Z): changing cluster c-0 now.',
      });
      expect(
        await answer(
          'checkChangeWindow',
          events({ changeWindow: 'now', window: null, inWindow: true, start: 'x', end: null }),
        ),
      ).to.include({ InWindow: true, Summary: 'Inside the change window (now): changing cluster c-0 now.' });
      // Before the window: sleep until it opens, to the second as aws:sleep takes it.
      expect(await answer('checkChangeWindow', events(saturday))).to.deep.equal({
        InWindow: false,
        Missed: false,
        WaitUntil: '2026-12-05T07:30:00Z',
        DecidedAt: '',
        Summary:
          'Waiting for the change window sat:07:30-sat:08:00 (UTC) of cluster c-0, which opens at 2026-12-05T07:30:00.000Z.',
      });
      // Missed once (the next week's window): wait for it. Missed twice: stop.
      const week = (days: number) => ({
        ...saturday,
        start: new Date(Date.parse(saturday.start) + days * 86_400_000).toISOString(),
      });
      expect(await answer('checkChangeWindow', events(week(7), saturday))).to.include({ Missed: false });
      const missed = (await answer('checkChangeWindow', events(week(14), saturday))) as Record<string, unknown>;
      expect(missed).to.include({ InWindow: false, Missed: true, WaitUntil: '' });
      // An older preflight, which ignores ChangeWindow: no change on its word.
      expect(await raised('checkChangeWindow', { ...events(saturday), Payload: payload({ ready: true }) })).to.match(
        /^Exception: The preflight answered ready without a change schedule: the preflight function predates change windows\./,
      );
      expect(missed.Summary).to.equal(
        'The change window sat:07:30-sat:08:00 (UTC) of cluster c-0 passed twice while the runbook waited (for the approval or for the cluster to be available); nothing was changed. Run the remediation again, or give a wider ChangeWindow.',
      );
    });

    it('stop_watch.py: fails with the lead and the watch summary, whatever the payload is', async () => {
      const Lead = 'ROLLED BACK: c-0.';
      expect(
        await raised('stopWatch', { Lead, Payload: payload({ summary: 'After the change, 2 failures.' }) }),
      ).to.equal(`Exception: ${Lead} After the change, 2 failures.`);
      expect(await raised('stopWatch', { Lead, Payload: 'not json' })).to.equal(`Exception: ${Lead} not json`);
      expect(await raised('stopWatch', { Lead, Payload: '[1]' })).to.equal(`Exception: ${Lead} [1]`);
    });

    it('stop.py: fails with the message it is given', async () => {
      expect(await raised('stop', { Message: 'Nothing was changed.' })).to.equal('Exception: Nothing was changed.');
    });

    it("stop_blocked.py: fails with the lead, then the preflight's explanation and advice", async () => {
      const Lead = 'The preflight stopped enabling enhanced VPC routing on workgroup wg-0; nothing was changed.';
      expect(
        await raised('stopBlocked', { Lead, Payload: payload({ explanation: 'No S3 route.', advice: 'Add one.' }) }),
      ).to.equal(`Exception: ${Lead} No S3 route. Add one.`);
      expect(await raised('stopBlocked', { Lead, Payload: payload({ explanation: 'No S3 route.' }) })).to.equal(
        `Exception: ${Lead} No S3 route.`,
      );
      // UpdateSecurityHubFinding: what became of the finding, and nothing when nothing was updated.
      const hub = (securityHub: unknown) =>
        raised('stopBlocked', { Lead, Payload: payload({ explanation: 'No S3 route.', securityHub }) });
      expect(await hub({ action: 'sync', findings: 1, updated: 1 })).to.equal(
        `Exception: ${Lead} No S3 route. Its Security Hub finding now says so (NOTIFIED).`,
      );
      expect(await hub({ action: 'sync', findings: 1, updated: 0, problem: 'denied' })).to.equal(
        `Exception: ${Lead} No S3 route. Its Security Hub finding was not updated: denied`,
      );
      expect(await hub({ action: 'sync', findings: 1, updated: 0 })).to.equal(`Exception: ${Lead} No S3 route.`);
      expect(await hub(null)).to.equal(`Exception: ${Lead} No S3 route.`);
    });

    it("stop_blocked.py: fails with the function's error, whatever the payload is", async () => {
      const Lead = 'The preflight stopped enabling enhanced VPC routing on c-0; nothing was changed.';
      const failed = `Exception: ${Lead} The preflight function failed: `;
      expect(await raised('stopBlocked', { Lead, Payload: payload({ errorMessage: 'Task timed out' }) })).to.equal(
        `${failed}Task timed out`,
      );
      // Not JSON, JSON but not an object, and no payload at all: the raw payload is what there is to show.
      expect(await raised('stopBlocked', { Lead, Payload: 'not json' })).to.equal(`${failed}not json`);
      expect(await raised('stopBlocked', { Lead, Payload: '[1]' })).to.equal(`${failed}[1]`);
      expect(await raised('stopBlocked', { Lead, Payload: null })).to.equal(`${failed}None`);
    });
  });
});
