/**
 * A local runner for SSM Automation documents (schemaVersion 0.3) with SSM's documented semantics, for tests:
 * parameters (types, defaults, allowedPattern), `{{ }}` interpolation, selectors, aws:executeAwsApi through
 * real SDK v3 clients, aws:waitForAwsResourceProperty / aws:assertAwsResourceProperty (values compared as
 * SSM strings: booleans are "True"/"False"), aws:branch, aws:approve, aws:invokeLambdaFunction (a function
 * error is an output, not a step failure), aws:executeScript (Python), onFailure, isEnd, nextStep, isCritical,
 * maxAttempts, timeoutSeconds on a test-controlled clock.
 */
import { type AutomationDocument, loadDocument, type OutputSpec, type StepSpec } from './document.ts';
import { runPythonScript } from './executeScript.ts';
import { interpolate, select, ssmString, type Variables } from './expressions.ts';
import { resolveParameters } from './parameters.ts';

type SdkClient = { send(command: unknown): Promise<unknown> };

export interface RunOptions {
  /** SDK clients by service name (`redshift` …); otherwise clients are created for `endpoint`. */
  readonly clients?: Record<string, SdkClient>;
  /** With `clients` absent: an emulator's URL for real clients. */
  readonly endpoint?: string;
  /** Invoke a Lambda function; a thrown error is a function error (FunctionError: Unhandled). */
  readonly invokeLambda?: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Answer an aws:approve step. */
  readonly approve?: (request: {
    step: string;
    approvers: unknown;
    message: string;
  }) => Promise<'Approved' | 'Rejected'>;
  /** Seconds between polls of wait steps (the clock is simulated; nothing sleeps). */
  readonly pollSeconds?: number;
  readonly accountId?: string;
  readonly region?: string;
}

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

class StepFailure extends Error {}

const convert = (value: unknown, type: string, where: string): unknown => {
  switch (type) {
    case 'String':
      return typeof value === 'string' ? value : ssmString(value);
    case 'Boolean':
      if (typeof value !== 'boolean')
        throw new StepFailure(`${where}: output is not a Boolean: ${JSON.stringify(value)}`);
      return value;
    case 'Integer':
      return Number(value);
    default:
      return value;
  }
};

const sdkModules = new Map<string, Record<string, unknown>>();
const loadService = async (service: string): Promise<Record<string, unknown>> => {
  let module = sdkModules.get(service);
  if (module === undefined) {
    module = (await import(`@aws-sdk/client-${service}`)) as Record<string, unknown>;
    sdkModules.set(service, module);
  }
  return module;
};

/** Actions whose inputs are an AWS API call (Service, Api and the API's own parameters). */
export const ACTIONS_WITH_API = [
  'aws:executeAwsApi',
  'aws:waitForAwsResourceProperty',
  'aws:assertAwsResourceProperty',
];

/** Keys of an API step's inputs that are the runner's, not the API's. */
export const CONTROL_INPUTS = new Set(['Service', 'Api', 'PropertySelector', 'DesiredValues']);

export const runRunbook = async (
  documentOrPath: string | AutomationDocument,
  parameters: Record<string, unknown>,
  options: RunOptions = {},
): Promise<RunResult> => {
  const document = typeof documentOrPath === 'string' ? await loadDocument(documentOrPath) : documentOrPath;
  const variables = resolveParameters(document, parameters) as Map<string, unknown>;
  variables.set('global:ACCOUNT_ID', options.accountId ?? '111122223333');
  variables.set('global:REGION', options.region ?? 'us-east-1');
  variables.set('global:AWS_PARTITION', 'aws');
  variables.set('automation:EXECUTION_ID', 'exec-local-1');
  const steps: ExecutedStep[] = [];
  let elapsedSeconds = 0;
  let failed = false;
  let failureMessage: string | undefined;

  const client = async (service: string): Promise<SdkClient> => {
    const given = options.clients?.[service];
    if (given) return given;
    const module = await loadService(service);
    const Client = Object.entries(module).find(([k]) => k.endsWith('Client') && k !== 'Client')?.[1] as new (
      config: object,
    ) => SdkClient;
    return new Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
  };

  const callApi = async (step: StepSpec, inputs: Record<string, unknown>): Promise<unknown> => {
    const service = String(inputs.Service).toLowerCase();
    const api = String(inputs.Api);
    const Command = (await loadService(service))[`${api}Command`] as (new (input: object) => unknown) | undefined;
    if (Command === undefined) throw new StepFailure(`${step.name}: ${service} has no API ${api}`);
    const input = Object.fromEntries(Object.entries(inputs).filter(([k]) => !CONTROL_INPUTS.has(k)));
    try {
      const { $metadata: _, ...output } = (await (await client(service)).send(new Command(input))) as Record<
        string,
        unknown
      >;
      return output;
    } catch (error) {
      const e = error as Error;
      throw new StepFailure(`An error occurred (${e.name}) when calling the ${api} operation: ${e.message}`);
    }
  };

  const matchesDesired = (value: unknown, desired: unknown): boolean =>
    Array.isArray(desired) && desired.map(String).includes(ssmString(value));

  const runAction = async (
    step: StepSpec,
    inputs: Record<string, unknown>,
  ): Promise<{ data: unknown; polls?: number; next?: string }> => {
    switch (step.action) {
      case 'aws:executeAwsApi':
        return { data: await callApi(step, inputs) };
      case 'aws:assertAwsResourceProperty': {
        const value = select(await callApi(step, inputs), String(inputs.PropertySelector));
        if (!matchesDesired(value, inputs.DesiredValues)) {
          throw new StepFailure(
            `${step.name}: ${inputs.PropertySelector} is ${ssmString(value)}, expected one of ${JSON.stringify(inputs.DesiredValues)}`,
          );
        }
        return { data: {} };
      }
      case 'aws:waitForAwsResourceProperty': {
        // timeoutSeconds may be a {{ parameter }} (SSM's schema allows a string there).
        const timeout = Number(interpolate(step.timeoutSeconds ?? 3600, variables as Variables));
        if (!Number.isInteger(timeout) || timeout < 1)
          throw new StepFailure(`${step.name}: bad timeoutSeconds ${timeout}`);
        const interval = options.pollSeconds ?? 15;
        let waited = 0;
        let polls = 0;
        for (;;) {
          polls += 1;
          const value = select(await callApi(step, inputs), String(inputs.PropertySelector));
          if (matchesDesired(value, inputs.DesiredValues)) return { data: {}, polls };
          if (waited + interval > timeout) {
            throw new StepFailure(
              `${step.name}: timed out after ${timeout} s waiting for ${inputs.PropertySelector} in ${JSON.stringify(inputs.DesiredValues)} (last: ${ssmString(value)})`,
            );
          }
          waited += interval;
          elapsedSeconds += interval;
        }
      }
      case 'aws:branch':
        return { data: {}, next: chooseBranch(step, inputs) };
      case 'aws:approve': {
        if (!options.approve) throw new StepFailure(`${step.name}: the test gave no approve answer`);
        const answer = await options.approve({
          step: step.name,
          approvers: inputs.Approvers,
          message: String(inputs.Message ?? ''),
        });
        if (answer !== 'Approved') throw new StepFailure(`${step.name}: the change was rejected by an approver`);
        return { data: {} };
      }
      case 'aws:invokeLambdaFunction': {
        if (!options.invokeLambda) throw new StepFailure(`${step.name}: no Lambda function is available`);
        const payload = inputs.InputPayload ?? (typeof inputs.Payload === 'string' ? JSON.parse(inputs.Payload) : {});
        try {
          const result = await options.invokeLambda(String(inputs.FunctionName), payload);
          return { data: { StatusCode: 200, Payload: JSON.stringify(result ?? null) } };
        } catch (error) {
          const e = error as Error & { $fault?: string };
          // Invoke itself failed (function missing, access denied): the step fails.
          if (e.$fault !== undefined)
            throw new StepFailure(`An error occurred (${e.name}) when calling the Invoke operation: ${e.message}`);
          // The function threw: Lambda answers 200 with FunctionError, the step succeeds.
          return {
            data: {
              StatusCode: 200,
              FunctionError: 'Unhandled',
              Payload: JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: [] }),
            },
          };
        }
      }
      case 'aws:executeScript': {
        if (!String(inputs.Runtime).startsWith('python3'))
          throw new StepFailure(`${step.name}: only Python runtimes are supported`);
        const result = await runPythonScript(String(inputs.Script), String(inputs.Handler), inputs.InputPayload ?? {});
        if (!result.ok) throw new StepFailure(result.error);
        return { data: { Payload: result.payload } };
      }
      default:
        throw new StepFailure(`${step.name}: the runner does not implement ${step.action}`);
    }
  };

  const outputsOf = (step: StepSpec, data: unknown): Record<string, unknown> => {
    const outputs: Record<string, unknown> = {};
    if (step.action === 'aws:invokeLambdaFunction') Object.assign(outputs, data as object);
    for (const output of step.outputs ?? ([] as OutputSpec[])) {
      const value = select(data, output.Selector);
      if (value !== undefined) outputs[output.Name] = convert(value, output.Type, `${step.name}.${output.Name}`);
    }
    return outputs;
  };

  const byName = new Map(document.mainSteps.map((s, i) => [s.name, i]));
  let index: number | undefined = 0;
  let guard = 0;
  while (index !== undefined && index < document.mainSteps.length) {
    if (++guard > 200) throw new Error('runbook loops: more than 200 steps executed');
    const step = document.mainSteps[index] as StepSpec;
    let result: { data: unknown; polls?: number; next?: string } | undefined;
    let error: string | undefined;
    for (let attempt = 1; attempt <= (step.maxAttempts ?? 1); attempt++) {
      try {
        result = await runAction(step, interpolate(step.inputs, variables as Variables) as Record<string, unknown>);
        error = undefined;
        break;
      } catch (e) {
        if (!(e instanceof StepFailure)) throw e;
        error = e.message;
      }
    }
    if (result !== undefined) {
      const outputs = outputsOf(step, result.data);
      for (const [k, v] of Object.entries(outputs)) variables.set(`${step.name}.${k}`, v);
      steps.push({
        name: step.name,
        action: step.action,
        status: 'Success',
        outputs,
        ...(result.polls ? { polls: result.polls } : {}),
      });
      if (step.isEnd) break;
      const next = result.next ?? step.nextStep;
      index = next !== undefined ? byName.get(next) : index + 1;
      if (next !== undefined && index === undefined) throw new Error(`${step.name}: nextStep ${next} does not exist`);
      continue;
    }
    steps.push({
      name: step.name,
      action: step.action,
      status: 'Failed',
      outputs: {},
      failureMessage: error as string,
    });
    if (step.isCritical !== false) {
      failed = true;
      failureMessage = `Step ${step.name} failed: ${error}`;
    }
    const onFailure = step.onFailure ?? 'Abort';
    if (onFailure === 'Abort') break;
    if (onFailure === 'Continue') {
      index += 1;
      continue;
    }
    index = byName.get(onFailure.replace(/^step:/, ''));
    if (index === undefined) throw new Error(`${step.name}: onFailure ${onFailure} names no step`);
  }

  const outputs: Record<string, unknown> = {};
  for (const name of document.outputs ?? []) if (variables.has(name)) outputs[name] = variables.get(name);
  return {
    status: failed ? 'Failed' : 'Success',
    steps,
    outputs,
    ...(failureMessage ? { failureMessage } : {}),
    elapsedSeconds,
  };
};

type Choice = Record<string, unknown>;

const evaluateChoice = (choice: Choice): boolean => {
  if (Array.isArray(choice.And)) return (choice.And as Choice[]).every(evaluateChoice);
  if (Array.isArray(choice.Or)) return (choice.Or as Choice[]).some(evaluateChoice);
  if (choice.Not !== undefined) return !evaluateChoice(choice.Not as Choice);
  const value = choice.Variable;
  const text = typeof value === 'string' ? value : ssmString(value);
  if ('BooleanEquals' in choice) return value === choice.BooleanEquals;
  if ('StringEquals' in choice) return text === choice.StringEquals;
  if ('EqualsIgnoreCase' in choice) return text.toLowerCase() === String(choice.EqualsIgnoreCase).toLowerCase();
  if ('StartsWith' in choice) return text.startsWith(String(choice.StartsWith));
  if ('EndsWith' in choice) return text.endsWith(String(choice.EndsWith));
  if ('Contains' in choice) return text.includes(String(choice.Contains));
  if ('NumericEquals' in choice) return Number(value) === Number(choice.NumericEquals);
  throw new StepFailure(`aws:branch: unsupported operator in ${JSON.stringify(choice)}`);
};

const chooseBranch = (step: StepSpec, inputs: Record<string, unknown>): string => {
  for (const choice of (inputs.Choices ?? []) as Choice[]) {
    if (evaluateChoice(choice)) return String(choice.NextStep);
  }
  if (typeof inputs.Default === 'string') return inputs.Default;
  throw new StepFailure(`${step.name}: no choice matched and there is no Default`);
};
