/** The runbook's first steps: read the resource, ask the preflight, and end unchanged when nothing is to do. */
import type { RunbookKind } from './runbookKinds.ts';
import {
  type CommentedStep,
  firstReadOutputs,
  preflightChoices,
  preflightInputs,
  readCall,
  reportStep,
} from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/** From the first read to the first decision. */
export const preflightSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => [
  {
    step: {
      name: k.readStep,
      description: `Read the ${k.noun}'s current state (a missing ${k.noun} or a denied call ends the run with AWS's error).`,
      action: 'aws:executeAwsApi',
      timeoutSeconds: 60,
      onFailure: 'Abort',
      inputs: readCall(k),
      outputs: firstReadOutputs(k),
      nextStep: 'Preflight',
    },
  },
  {
    step: {
      name: 'Preflight',
      description: 'Decide with the same engine as the AWS Config rule (exemption, state, network prerequisites).',
      action: 'aws:invokeLambdaFunction',
      timeoutSeconds: 120,
      maxAttempts: 2,
      onFailure: 'step:StopPreflightUnavailable',
      inputs: preflightInputs(k),
      nextStep: 'BranchOnPreflight',
    },
  },
  {
    comment:
      'A function error does not fail aws:invokeLambdaFunction: it comes back in FunctionError and Payload. So the decision is read from the payload (JSON with no spaces; text inside it is escaped), and anything but an explicit "ready" stops the runbook.',
    step: {
      name: 'BranchOnPreflight',
      action: 'aws:branch',
      inputs: {
        Choices: preflightChoices('Preflight.Payload', {
          ready: 'BranchOnApproval',
          exempt: 'Exempt',
          alreadyEnabled: 'AlreadyEnabled',
        }),
        Default: 'StopPreflightBlocked',
      },
    },
  },
  {
    step: reportStep(k, scripts, {
      name: 'Exempt',
      description: `The ${k.noun} carries the exemption tag; end without any change.`,
      script: 'reportExempt',
      payload: 'Preflight.Payload',
      outputs: { Result: 'String' },
    }),
  },
  {
    step: reportStep(k, scripts, {
      name: 'AlreadyEnabled',
      description:
        'Enhanced VPC routing is already on; end without any change, warning when prerequisites are missing.',
      script: 'reportAlreadyEnabled',
      payload: 'Preflight.Payload',
      outputs: { Result: 'String', Warning: 'String' },
    }),
  },
];
