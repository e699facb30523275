/** The approval, when asked for, and the wait until the resource can be changed. */
import type { StepSpec } from './automationDocument.ts';
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, readCall, ref, scriptInputs, scriptOutputs } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/**
 * An approval step: rejection ends the runbook without any change. An approval that comes after the change
 * window has closed does not change the resource then: the run waits for the next window (recheckSteps).
 */
const approveStep = (k: RunbookKind, name: string, notification: Record<string, string>): StepSpec => ({
  name,
  description: 'Wait for the approvers (rejection ends the runbook without any change).',
  action: 'aws:approve',
  timeoutSeconds: 86400,
  onFailure: 'Abort',
  inputs: {
    ...notification,
    Approvers: ref('Approvers'),
    MinRequiredApprovals: ref('MinRequiredApprovals'),
    Message: `Enable enhanced VPC routing on ${k.serviceName} ${k.noun} ${ref(k.resourceIdParameter)}? ${ref('SummarizeForApproval.Summary')} The preflight runs again right before the change. ${k.approvalInterruption}`,
  },
  nextStep: 'WaitForAvailableBeforeChange',
});

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
      nextStep: 'BranchOnApprovalNotification',
    },
  },
  {
    comment:
      'SSM notifies the SNS topic when the approval is requested; aws:approve takes no empty NotificationArn, so the step without one serves runs that give none.',
    step: {
      name: 'BranchOnApprovalNotification',
      action: 'aws:branch',
      inputs: {
        Choices: [{ NextStep: 'ApproveWithNotification', Variable: ref('ApprovalNotificationArn'), Contains: ':sns:' }],
        Default: 'Approve',
      },
    },
  },
  { step: approveStep(k, 'ApproveWithNotification', { NotificationArn: ref('ApprovalNotificationArn') }) },
  { step: approveStep(k, 'Approve', {}) },
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
