/**
 * A local runner for SSM Automation documents (schemaVersion 0.3) with SSM's documented semantics, for tests:
 * parameters (types, defaults, allowedPattern), `{{ }}` interpolation, selectors, onFailure, isEnd, nextStep,
 * isCritical, maxAttempts, timeoutSeconds on a test-controlled clock. Each action has its handler in actions/
 * (aws:executeAwsApi through real SDK v3 clients, the wait and assert steps comparing values as SSM strings,
 * aws:branch, aws:approve, aws:invokeLambdaFunction, aws:executeScript in Python).
 */
import { type ActionResult, StepFailure } from './actions/action.ts';
import { runAction } from './actions/dispatch.ts';
import { type AutomationDocument, loadDocument, type StepSpec } from './document.ts';
import { interpolate } from './expressions.ts';
import { resolveParameters } from './parameters.ts';
import type { RunOptions } from './runOptions.ts';
import { outputsOf } from './stepOutputs.ts';

export { ACTIONS_WITH_API, CONTROL_INPUTS } from './actions/awsApi.ts';
export type { RunOptions } from './runOptions.ts';

export type StepStatus = 'Success' | 'Failed';

export interface ExecutedStep {
  readonly name: string;
  readonly action: string;
  readonly status: StepStatus;
  readonly outputs: Record<string, unknown>;
  readonly failureMessage?: string;
  /** Wait steps: how many times the API was called. */
  readonly polls?: number;
}

export interface RunResult {
  readonly status: 'Success' | 'Failed';
  readonly steps: ExecutedStep[];
  /** The document's `outputs`, for the steps that ran. */
  readonly outputs: Record<string, unknown>;
  readonly failureMessage?: string;
  /** Simulated seconds spent in wait steps. */
  readonly elapsedSeconds: number;
}

/** More steps than any run of a document without a loop takes. */
const MAX_STEPS = 200;

/** The parameters, checked and with their defaults, and SSM's system variables. */
const initialVariables = (
  document: AutomationDocument,
  parameters: Record<string, unknown>,
  options: RunOptions,
): Map<string, unknown> => {
  const variables = resolveParameters(document, parameters);
  variables.set('global:ACCOUNT_ID', options.accountId ?? '111122223333');
  variables.set('global:REGION', options.region ?? 'us-east-1');
  variables.set('global:AWS_PARTITION', 'aws');
  variables.set('automation:EXECUTION_ID', 'exec-local-1');
  return variables;
};

/** Run a step's action up to maxAttempts times: its result, or the last attempt's failure. */
const attemptStep = async (
  step: StepSpec,
  variables: ReadonlyMap<string, unknown>,
  options: RunOptions,
  wait: (seconds: number) => void,
): Promise<{ result: ActionResult } | { error: string }> => {
  let error: string | undefined;
  for (let attempt = 1; attempt <= (step.maxAttempts ?? 1); attempt++) {
    try {
      const inputs = interpolate(step.inputs, variables) as Record<string, unknown>;
      return { result: await runAction({ step, inputs, variables, options, wait }) };
    } catch (e) {
      if (!(e instanceof StepFailure)) throw e;
      error = e.message;
    }
  }
  return { error: error as string };
};

export const runRunbook = async (
  documentOrPath: string | AutomationDocument,
  parameters: Record<string, unknown>,
  options: RunOptions = {},
): Promise<RunResult> => {
  const document = typeof documentOrPath === 'string' ? await loadDocument(documentOrPath) : documentOrPath;
  const variables = initialVariables(document, parameters, options);
  const steps: ExecutedStep[] = [];
  let elapsedSeconds = 0;
  const wait = (seconds: number) => {
    elapsedSeconds += seconds;
    options.onWait?.(seconds);
  };
  let failureMessage: string | undefined;

  const byName = new Map(document.mainSteps.map((s, i) => [s.name, i]));
  /** The index of the step a nextStep, branch or onFailure names; a missing one is the document's error. */
  const indexOf = (name: string, problem: string): number => {
    const found = byName.get(name);
    if (found === undefined) throw new Error(problem);
    return found;
  };

  let index = 0;
  for (let executed = 1; index < document.mainSteps.length; executed++) {
    if (executed > MAX_STEPS) throw new Error(`runbook loops: more than ${MAX_STEPS} steps executed`);
    const step = document.mainSteps[index] as StepSpec;
    const outcome = await attemptStep(step, variables, options, wait);
    if ('result' in outcome) {
      const { data, polls, next: chosen } = outcome.result;
      const outputs = outputsOf(step, data);
      for (const [k, v] of Object.entries(outputs)) variables.set(`${step.name}.${k}`, v);
      steps.push({ name: step.name, action: step.action, status: 'Success', outputs, ...(polls ? { polls } : {}) });
      if (step.isEnd) break;
      const next = chosen ?? step.nextStep;
      index = next === undefined ? index + 1 : indexOf(next, `${step.name}: nextStep ${next} does not exist`);
      continue;
    }
    steps.push({ name: step.name, action: step.action, status: 'Failed', outputs: {}, failureMessage: outcome.error });
    if (step.isCritical !== false) failureMessage = `Step ${step.name} failed: ${outcome.error}`;
    const onFailure = step.onFailure ?? 'Abort';
    if (onFailure === 'Abort') break;
    index =
      onFailure === 'Continue'
        ? index + 1
        : indexOf(onFailure.replace(/^step:/, ''), `${step.name}: onFailure ${onFailure} names no step`);
  }

  const outputs: Record<string, unknown> = {};
  for (const name of document.outputs ?? []) if (variables.has(name)) outputs[name] = variables.get(name);
  return {
    status: failureMessage === undefined ? 'Success' : 'Failed',
    steps,
    outputs,
    ...(failureMessage ? { failureMessage } : {}),
    elapsedSeconds,
  };
};
