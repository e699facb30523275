/** The approval, when asked for, and the wait until the resource can be changed. */
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, readCall, ref, scriptInputs, scriptOutputs } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/** From a ready preflight to the re-check. */
export const approvalSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => [
  {
    step: {
      name: 'BranchOnApproval',
      action: 'aws:branch',
      inputs: {
        Choices: [{ NextStep: 'SummarizeForApproval', Variable: ref('RequireApproval'), BooleanEquals: true }],
        Default: 'WaitForAvailableBeforeChange',
      },
    },
  },
  {
    step: {
      name: 'SummarizeForApproval',
      description: 'Tell the approver whether the preflight ran and what it found.',
      action: 'aws:executeScript',
      timeoutSeconds: 60,
      inputs: scriptInputs(scripts, 'summarizeForApproval', { Payload: ref('Preflight.Payload') }),
      outputs: scriptOutputs({ Summary: 'String' }),
      nextStep: 'Approve',
    },
  },
  {
    step: {
      name: 'Approve',
      description: 'Wait for an approver (rejection ends the runbook without any change).',
      action: 'aws:approve',
      timeoutSeconds: 86400,
      onFailure: 'Abort',
      inputs: {
        Approvers: ref('Approvers'),
        MinRequiredApprovals: 1,
        Message: `Enable enhanced VPC routing on ${k.serviceName} ${k.noun} ${ref(k.resourceIdParameter)}? ${ref('SummarizeForApproval.Summary')} The preflight runs again right before the change. ${k.approvalInterruption}`,
      },
      nextStep: 'WaitForAvailableBeforeChange',
    },
  },
  {
    comment: `${k.changeApi} is refused while the ${k.noun} is ${k.busyWords}. Settled states in which it is refused for good end the wait too, so that the re-check below ends the run at once.`,
    step: {
      name: 'WaitForAvailableBeforeChange',
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: ref('AvailabilityTimeoutSeconds'),
      onFailure: 'step:StopNotAvailable',
      inputs: {
        ...readCall(k),
        PropertySelector: k.statusSelector,
        DesiredValues: [k.availableStatus, ...k.needsPersonStatuses],
      },
      nextStep: 'RecheckPreflight',
    },
  },
];
