/** The remediation runbook of one resource kind, built from one template for both kinds. */

import { approvalSteps } from './approvalSteps.ts';
import type { AutomationDocument } from './automationDocument.ts';
import { changeSteps } from './changeSteps.ts';
import { runbookDescription } from './description.ts';
import { runbookParameters } from './parameters.ts';
import { preflightSteps } from './preflightSteps.ts';
import { recheckSteps } from './recheckSteps.ts';
import type { RunbookKind } from './runbookKinds.ts';
import { type CommentedStep, ref } from './stepParts.ts';
import type { StepScripts } from './stepScripts.ts';
import { stopSteps } from './stopSteps.ts';
import { watchSteps } from './watchSteps.ts';
import { windowSteps } from './windowSteps.ts';

/** A rendered runbook, and the comments its YAML shows above some steps (by step name). */
export interface RenderedRunbook {
  readonly document: AutomationDocument;
  readonly comments: ReadonlyMap<string, string>;
}

/** The document's outputs: what the console shows after a run, whichever way it ended. */
const documentOutputs = (k: RunbookKind): string[] => [
  `${k.readStep}.EnhancedVpcRouting`,
  `${k.readStep}.${k.statusOutput}`,
  'Preflight.Payload',
  'RecheckPreflight.Payload',
  'Exempt.Result',
  'AlreadyEnabled.Result',
  'AlreadyEnabled.Warning',
  'ExemptAtRecheck.Result',
  'AlreadyEnabledAtRecheck.Result',
  'AlreadyEnabledAtRecheck.Warning',
  'CheckChangeWindow.Summary',
  'DescribeFinalState.EnhancedVpcRouting',
  `DescribeFinalState.${k.statusOutput}`,
  'NoteFinding.Payload',
  'CheckPipelines.Payload',
  'Report.Result',
  'Report.PreflightSkipped',
  'Report.PreflightExplanation',
];

/** Render one kind's runbook with the given step scripts (readStepScripts() reads the committed ones). */
export const renderRunbook = (k: RunbookKind, scripts: StepScripts): RenderedRunbook => {
  const steps: CommentedStep[] = [
    ...preflightSteps(k, scripts),
    ...approvalSteps(k, scripts),
    ...recheckSteps(k, scripts),
    ...windowSteps(k, scripts),
    ...changeSteps(k, scripts),
    ...watchSteps(k, scripts),
    ...stopSteps(k, scripts),
  ];
  return {
    document: {
      schemaVersion: '0.3',
      description: runbookDescription(k),
      assumeRole: ref('AutomationAssumeRole'),
      parameters: runbookParameters(k),
      outputs: documentOutputs(k),
      mainSteps: steps.map(({ step }) => step),
    },
    comments: new Map(steps.flatMap(({ step, comment }) => (comment === undefined ? [] : [[step.name, comment]]))),
  };
};
