/**
 * The change window: after the re-check says ready, change only inside the window the preflight computed;
 * otherwise sleep until it opens and check again there. SSM sleeps at most 7 days a step, and a weekly window
 * opens within 7 days, so one sleep per window suffices; a run that misses its window twice ends unchanged.
 */
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, ref, resourceEvents, scriptInputs, scriptOutputs } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/** From a ready re-check to the change, or to the wait for the window. */
export const windowSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => [
  {
    comment:
      'The preflight computed the window (in TypeScript, tested there); this step only reads its answer: inside the window now, missed twice, or when it opens next.',
    step: {
      name: 'CheckChangeWindow',
      action: 'aws:executeScript',
      timeoutSeconds: 60,
      onFailure: 'Abort',
      inputs: scriptInputs(scripts, 'checkChangeWindow', {
        Payload: ref('RecheckPreflight.Payload'),
        FirstPayload: ref('Preflight.Payload'),
        ...resourceEvents(k),
      }),
      outputs: scriptOutputs({
        InWindow: 'Boolean',
        Missed: 'Boolean',
        WaitUntil: 'String',
        Summary: 'String',
        DecidedAt: 'String',
      }),
      nextStep: 'BranchOnChangeWindow',
    },
  },
  {
    step: {
      name: 'BranchOnChangeWindow',
      action: 'aws:branch',
      inputs: {
        Choices: [
          { NextStep: 'EnableEnhancedVpcRouting', Variable: ref('CheckChangeWindow.InWindow'), BooleanEquals: true },
          { NextStep: 'StopWindowMissed', Variable: ref('CheckChangeWindow.Missed'), BooleanEquals: true },
        ],
        Default: 'WaitForChangeWindow',
      },
    },
  },
  {
    comment: `Then the ${k.noun} must be ${k.availableStatus} again, and the preflight is asked again, at the window.`,
    step: {
      name: 'WaitForChangeWindow',
      description: 'Sleep until the change window opens.',
      action: 'aws:sleep',
      // SSM's longest sleep: a weekly window always opens within it.
      timeoutSeconds: 604800,
      onFailure: 'Abort',
      inputs: { Timestamp: ref('CheckChangeWindow.WaitUntil') },
      nextStep: 'WaitForAvailableBeforeChange',
    },
  },
];
