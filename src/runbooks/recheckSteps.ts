/** The preflight again, seconds before the change, and the ends without a change it may lead to. */
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, preflightChoices, preflightInputs, reportStep } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/** From the re-check to the change. */
export const recheckSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => [
  {
    step: {
      name: 'RecheckPreflight',
      description: 'The preflight again, seconds before the change (the approval or the wait may have taken hours).',
      action: 'aws:invokeLambdaFunction',
      timeoutSeconds: 120,
      maxAttempts: 2,
      onFailure: 'step:StopPreflightUnavailable',
      inputs: preflightInputs(k),
      nextStep: 'BranchOnRecheck',
    },
  },
  {
    comment: 'Exempted or enabled by someone else while the runbook waited: nothing to do, and that is a success.',
    step: {
      name: 'BranchOnRecheck',
      action: 'aws:branch',
      inputs: {
        Choices: preflightChoices('RecheckPreflight.Payload', {
          ready: 'CheckChangeWindow',
          exempt: 'ExemptAtRecheck',
          alreadyEnabled: 'AlreadyEnabledAtRecheck',
        }),
        Default: 'StopRecheckBlocked',
      },
    },
  },
  {
    step: reportStep(k, scripts, {
      name: 'ExemptAtRecheck',
      description: `The ${k.noun} was exempted while the runbook waited; end without any change.`,
      script: 'reportExemptAtRecheck',
      payload: 'RecheckPreflight.Payload',
      outputs: { Result: 'String' },
    }),
  },
  {
    step: reportStep(k, scripts, {
      name: 'AlreadyEnabledAtRecheck',
      description: 'Enhanced VPC routing was turned on while the runbook waited; end without any change.',
      script: 'reportAlreadyEnabledAtRecheck',
      payload: 'RecheckPreflight.Payload',
      outputs: { Result: 'String', Warning: 'String' },
    }),
  },
];
