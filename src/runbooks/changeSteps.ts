/** The change itself: the flag alone, the waits until it is applied, the verification and the report. */
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, preflightCall, readCall, ref, reportStep, stateOutputs } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';

/** SSM compares a property as text, the way Python writes a boolean. */
const TRUE = 'True';

/** From the change to the report. */
export const changeSteps = (k: RunbookKind, scripts: StepScripts): CommentedStep[] => [
  {
    comment: 'Nothing but the flag: the preflight checked what this one setting needs, and nothing else.',
    step: {
      name: 'EnableEnhancedVpcRouting',
      action: 'aws:executeAwsApi',
      timeoutSeconds: 120,
      onFailure: 'Abort',
      isCritical: true,
      inputs: { Service: k.service, Api: k.changeApi, [k.nameInput]: ref(k.resourceIdParameter), [k.flagInput]: true },
      nextStep: 'WaitForChangeApplied',
    },
  },
  {
    comment: `Right after ${k.changeApi} the ${k.noun} can still read "${k.availableStatus}" with the change not yet started: wait for the flag itself first, then for the ${k.noun} to be ${k.availableStatus} again.`,
    step: {
      name: 'WaitForChangeApplied',
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: 3600,
      onFailure: 'Abort',
      inputs: { ...readCall(k), PropertySelector: k.flagSelector, DesiredValues: [TRUE] },
      nextStep: 'WaitForAvailableAfterChange',
    },
  },
  {
    step: {
      name: 'WaitForAvailableAfterChange',
      action: 'aws:waitForAwsResourceProperty',
      timeoutSeconds: 3600,
      onFailure: 'Abort',
      inputs: { ...readCall(k), PropertySelector: k.statusSelector, DesiredValues: [k.availableStatus] },
      nextStep: 'VerifyEnhancedVpcRouting',
    },
  },
  {
    step: {
      name: 'VerifyEnhancedVpcRouting',
      action: 'aws:assertAwsResourceProperty',
      timeoutSeconds: 60,
      onFailure: 'Abort',
      inputs: { ...readCall(k), PropertySelector: k.flagSelector, DesiredValues: [TRUE] },
      nextStep: 'DescribeFinalState',
    },
  },
  {
    step: {
      name: 'DescribeFinalState',
      action: 'aws:executeAwsApi',
      timeoutSeconds: 60,
      onFailure: 'Abort',
      inputs: readCall(k),
      outputs: stateOutputs(k),
      nextStep: 'BranchOnFindingNote',
    },
  },
  {
    step: {
      name: 'BranchOnFindingNote',
      action: 'aws:branch',
      inputs: {
        Choices: [{ NextStep: 'NoteFinding', Variable: ref('UpdateSecurityHubFinding'), BooleanEquals: true }],
        Default: 'BranchOnWatch',
      },
    },
  },
  {
    comment: `The preflight once more, with the routing on: it reads the ${k.noun} itself and notes its Security Hub finding (RESOLVED, naming this execution and what it found of the network) only if the routing is on. Not critical: a missing Security Hub, no finding or a denied call never fails a change that is made and verified.`,
    step: {
      name: 'NoteFinding',
      action: 'aws:invokeLambdaFunction',
      timeoutSeconds: 120,
      onFailure: 'step:BranchOnWatch',
      isCritical: false,
      inputs: preflightCall(k, {
        ChangedByExecution: ref('automation:EXECUTION_ID'),
      }),
      nextStep: 'BranchOnWatch',
    },
  },
  {
    step: reportStep(k, scripts, {
      name: 'Report',
      script: 'reportEnabled',
      payload: 'RecheckPreflight.Payload',
      outputs: { Result: 'String', PreflightSkipped: 'Boolean', PreflightExplanation: 'String' },
      events: { AvailableStatus: k.availableStatus },
    }),
  },
];
