/** The AWS API call of aws:executeAwsApi, aws:waitForAwsResourceProperty and aws:assertAwsResourceProperty. */
import { ssmString } from '../expressions.ts';
import type { RunOptions, SdkClient } from '../runOptions.ts';
import { type ActionContext, StepFailure } from './action.ts';

/** Actions whose inputs are an AWS API call (Service, Api and the API's own parameters). */
export const ACTIONS_WITH_API = [
  'aws:executeAwsApi',
  'aws:waitForAwsResourceProperty',
  'aws:assertAwsResourceProperty',
];

/** Keys of an API step's inputs that are the runner's, not the API's. */
export const CONTROL_INPUTS = new Set(['Service', 'Api', 'PropertySelector', 'DesiredValues']);

const sdkModules = new Map<string, Record<string, unknown>>();
const loadService = async (service: string): Promise<Record<string, unknown>> => {
  let module = sdkModules.get(service);
  if (module === undefined) {
    module = (await import(`@aws-sdk/client-${service}`)) as Record<string, unknown>;
    sdkModules.set(service, module);
  }
  return module;
};

/** The test's client for the service, or a real one for the emulator's endpoint. */
const clientFor = async (service: string, options: RunOptions): Promise<SdkClient> => {
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

/** Call the step's API with its inputs; an AWS error fails the step with SSM's wording. */
export const callApi = async ({ step, inputs, options }: ActionContext): Promise<unknown> => {
  const service = String(inputs.Service).toLowerCase();
  const api = String(inputs.Api);
  const Command = (await loadService(service))[`${api}Command`] as (new (input: object) => unknown) | undefined;
  if (Command === undefined) throw new StepFailure(`${step.name}: ${service} has no API ${api}`);
  const input = Object.fromEntries(Object.entries(inputs).filter(([k]) => !CONTROL_INPUTS.has(k)));
  try {
    const { $metadata: _, ...output } = (await (await clientFor(service, options)).send(new Command(input))) as Record<
      string,
      unknown
    >;
    return output;
  } catch (error) {
    const e = error as Error;
    throw new StepFailure(`An error occurred (${e.name}) when calling the ${api} operation: ${e.message}`);
  }
};

/** SSM compares a property with DesiredValues as text (booleans are "True"/"False"). */
export const matchesDesired = (value: unknown, desired: unknown): boolean =>
  Array.isArray(desired) && desired.map(String).includes(ssmString(value));
