/**
 * The watch after the change (WatchMinutes): sleep while the pipelines run, then ask the preflight function what
 * failed since (the resource's own records, through the Data API), and with RollbackOnFailure turn the routing off
 * again when COPY/UNLOAD or S3 requests started failing. `unverified` (the records could not be read) is reported,
 * never rolled back.
 */
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, preflightCall, readCall, ref, scriptInputs } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

const FALSE = 'False';

/** The watch's steps: from the branch on WatchMinutes to the rollback and its stops. */
export const watchSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => [
  {
    step: {
      name: 'BranchOnWatch',
      action: 'aws:branch',
      inputs: {
        Choices: [{ NextStep: 'Report', Variable: ref('WatchMinutes'), NumericEquals: 0 }],
        Default: 'WaitForPipelines',
      },
    },
  },
  {
    comment: `The ${k.noun} is ${k.availableStatus} with the routing on: let its COPY, UNLOAD and Spectrum queries run.`,
    step: {
      name: 'WaitForPipelines',
      action: 'aws:sleep',
      timeoutSeconds: 86400,
      onFailure: 'step:Report',
      inputs: { Duration: `PT${ref('WatchMinutes')}M` },
      nextStep: 'CheckPipelines',
    },
  },
  {
    comment:
      'Failed S3 requests and COPY/UNLOAD statements since the change, at places that worked in the day before it. Not critical: an invocation that fails leaves the change as it is.',
    step: {
      name: 'CheckPipelines',
      action: 'aws:invokeLambdaFunction',
      timeoutSeconds: 120,
      onFailure: 'step:Report',
      isCritical: false,
      inputs: preflightCall(k, {
        Action: 'watch-pipelines',
        ChangedByExecution: ref('automation:EXECUTION_ID'),
        WatchMinutes: ref('WatchMinutes'),
        ChangeStartedAt: ref('CheckChangeWindow.DecidedAt'),
      }),
      nextStep: 'BranchOnPipelines',
    },
  },
  {
    step: {
      name: 'BranchOnPipelines',
      action: 'aws:branch',
      inputs: {
        Choices: [
          { NextStep: 'BranchOnRollback', Variable: ref('CheckPipelines.Payload'), Contains: '"verdict":"failing"' },
        ],
        Default: 'Report',
      },
    },
  },
  {
    step: {
      name: 'BranchOnRollback',
      action: 'aws:branch',
      inputs: {
        Choices: [{ NextStep: 'RollBackEnhancedVpcRouting', Variable: ref('RollbackOnFailure'), BooleanEquals: true }],
        Default: 'StopPipelinesFailing',
      },
    },
  },
  {
    comment: `RollbackOnFailure: the pipelines before the control. The ${k.noun} restarts again; the finding fails again until the path is fixed.`,
    step: {
      name: 'RollBackEnhancedVpcRouting',
      action: 'aws:executeAwsApi',
      timeoutSeconds: 120,
      onFailure: 'Abort',
      inputs: { Service: k.service, Api: k.changeApi, [k.nameInput]: ref(k.resourceIdParameter), [k.flagInput]: false },
      nextStep: 'WaitForRollbackApplied',
    },
  },
  {
    step: {
      name: 'WaitForRollbackApplied',
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: 3600,
      onFailure: 'Abort',
      inputs: { ...readCall(k), PropertySelector: k.flagSelector, DesiredValues: [FALSE] },
      nextStep: 'WaitForAvailableAfterRollback',
    },
  },
  {
    step: {
      name: 'WaitForAvailableAfterRollback',
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: 3600,
      onFailure: 'Abort',
      inputs: { ...readCall(k), PropertySelector: k.statusSelector, DesiredValues: [k.availableStatus] },
      nextStep: 'StopRolledBack',
    },
  },
  {
    step: {
      name: 'StopRolledBack',
      action: 'aws:executeScript',
      timeoutSeconds: 60,
      isEnd: true,
      inputs: scriptInputs(scripts, 'stopWatch', {
        Payload: ref('CheckPipelines.Payload'),
        Lead: `ROLLED BACK: enhanced VPC routing was turned on and, with COPY/UNLOAD failing after the change, off again on ${k.stopTarget} (RollbackOnFailure); the control fails again until the path is fixed.`,
      }),
    },
  },
  {
    step: {
      name: 'StopPipelinesFailing',
      action: 'aws:executeScript',
      timeoutSeconds: 60,
      isEnd: true,
      inputs: scriptInputs(scripts, 'stopWatch', {
        Payload: ref('CheckPipelines.Payload'),
        Lead: `ENABLED, but COPY/UNLOAD started failing after the change on ${k.stopTarget}; RollbackOnFailure is false, so enhanced VPC routing stays on. Fix the path the failures name, or turn it off with redshift-evr rollback.`,
      }),
    },
  },
];
