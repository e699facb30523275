/** The runbook's terminal failures: each says what stopped it, what to do, and that nothing was changed. */
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, ref, scriptInputs } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/** A step that fails the run with `payload`'s message (the `stop` scripts raise). */
const stopStep = (
  name: string,
  scripts: StepScripts,
  script: 'stop' | 'stopBlocked',
  payload: Record<string, string>,
) => ({
  name,
  action: 'aws:executeScript',
  timeoutSeconds: 60,
  isEnd: true,
  inputs: scriptInputs(scripts, script, payload),
});

/** The steps that the failure paths and the branches' defaults lead to. */
export const stopSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => {
  const name = ref(k.resourceIdParameter);
  const Noun = `${k.noun.charAt(0).toUpperCase()}${k.noun.slice(1)}`;
  return [
    {
      comment: 'Terminal failures: each raises with a message that says what to do, and that nothing was changed.',
      step: stopStep('StopPreflightUnavailable', scripts, 'stop', {
        Message: `The preflight function ${ref('PreflightFunction')} could not be invoked. Check the PreflightFunction parameter and that the automation role may call lambda:InvokeFunction on it. Nothing was changed.`,
      }),
    },
    {
      step: stopStep('StopPreflightBlocked', scripts, 'stopBlocked', {
        Payload: ref('Preflight.Payload'),
        Lead: `The preflight stopped enabling enhanced VPC routing on ${k.stopTarget}; nothing was changed.`,
      }),
    },
    {
      step: stopStep('StopRecheckBlocked', scripts, 'stopBlocked', {
        Payload: ref('RecheckPreflight.Payload'),
        Lead: `The re-check right before the change stopped enabling enhanced VPC routing on ${k.stopTarget} (the ${k.noun} or its network changed while the runbook waited); nothing was changed.`,
      }),
    },
    {
      step: stopStep('StopWindowMissed', scripts, 'stop', { Message: ref('CheckChangeWindow.Summary') }),
    },
    {
      step: stopStep('StopNotAvailable', scripts, 'stop', {
        Message: `${Noun} ${name} did not become ${k.availableStatus} within ${ref('AvailabilityTimeoutSeconds')} seconds (the WaitForAvailableBeforeChange step shows its last state); nothing was changed. Run the remediation again once the ${k.noun} is ${k.availableStatus}, or give AvailabilityTimeoutSeconds more time.`,
      }),
    },
  ];
};
