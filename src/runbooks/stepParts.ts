/** Pieces the runbook's steps are built from, so that steps that must agree are built alike. */
import type { OutputSpec, StepSpec } from './automationDocument.ts';
import type { RunbookKind } from './runbookKinds.ts';
import { type ScriptName, STEP_SCRIPTS, type StepScripts } from './stepScripts.ts';

/** A step, and the comment the YAML shows above it (why the step is as it is). */
export interface CommentedStep {
  readonly step: StepSpec;
  readonly comment?: string;
}

/** The runtime of every aws:executeScript step. */
const PYTHON_RUNTIME = 'python3.11';

/** An SSM `{{ }}` reference to a parameter or a step output. */
export const ref = (name: string): string => `{{ ${name} }}`;

/** The inputs of an aws:executeScript step that runs `name` with `payload` as its events. */
export const scriptInputs = (
  scripts: StepScripts,
  name: ScriptName,
  payload: Readonly<Record<string, unknown>>,
): Record<string, unknown> => ({
  Runtime: PYTHON_RUNTIME,
  Handler: STEP_SCRIPTS[name].handler,
  InputPayload: payload,
  Script: scripts[name],
});

/** The events that tell a script which resource it reports on, in the runbook's words. */
export const resourceEvents = (k: RunbookKind): Record<string, string> => ({
  ResourceNoun: k.noun,
  ResourceName: ref(k.resourceIdParameter),
});

/** An API step's call of the read API for this runbook's resource. */
export const readCall = (k: RunbookKind): Record<string, unknown> => ({
  Service: k.service,
  Api: k.readApi,
  [k.nameInput]: ref(k.resourceIdParameter),
});

/** The outputs of a step that reads the resource: its status and its flag. */
export const stateOutputs = (k: RunbookKind): OutputSpec[] => [
  { Name: k.statusOutput, Selector: k.statusSelector, Type: 'String' },
  { Name: 'EnhancedVpcRouting', Selector: k.flagSelector, Type: 'Boolean' },
];

/**
 * The first read's outputs: the state, and the resource's own maintenance window where it has one (the
 * preflight schedules a ChangeWindow of maintenance-window from it).
 */
export const firstReadOutputs = (k: RunbookKind): OutputSpec[] => [
  ...stateOutputs(k),
  ...(k.maintenanceWindowSelector === null
    ? []
    : [{ Name: 'MaintenanceWindow', Selector: k.maintenanceWindowSelector, Type: 'String' as const }]),
];

/** A script's outputs, each read from the handler's answer (`$.Payload.<name>`). */
export const scriptOutputs = (outputs: Readonly<Record<string, 'String' | 'Boolean'>>): OutputSpec[] =>
  Object.entries(outputs).map(([name, type]) => ({ Name: name, Selector: `$.Payload.${name}`, Type: type }));

/** The call of the preflight function: the same decision inputs before the approval and right before the change. */
export const preflightInputs = (k: RunbookKind): Record<string, unknown> => ({
  FunctionName: ref('PreflightFunction'),
  InputPayload: {
    [k.resourceIdParameter]: ref(k.resourceIdParameter),
    AccountId: ref('global:ACCOUNT_ID'),
    ExecutionRoleName: ref('ExecutionRoleName'),
    RequireInternetPath: ref('RequireInternetPath'),
    SkipPreflight: ref('SkipPreflight'),
    ExemptionTagKey: ref('ExemptionTagKey'),
    S3Buckets: ref('S3Buckets'),
    ChangeWindow: ref('ChangeWindow'),
    UpdateSecurityHubFinding: ref('UpdateSecurityHubFinding'),
    DiscoverUsage: ref('DiscoverUsage'),
    UsageDays: ref('UsageDays'),
    Database: ref('Database'),
    ...(k.takesDbUser ? { DbUser: ref('DbUser') } : {}),
    ...(k.maintenanceWindowSelector === null ? {} : { MaintenanceWindow: ref(`${k.readStep}.MaintenanceWindow`) }),
  },
});

/** A later call of the preflight function: the preflight's inputs, and what this call asks besides. */
export const preflightCall = (k: RunbookKind, extra: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const inputs = preflightInputs(k);
  return { ...inputs, InputPayload: { ...(inputs.InputPayload as Record<string, unknown>), ...extra } };
};

/** The choices of a branch on a preflight answer (JSON without spaces), in the order they are tried. */
export const preflightChoices = (
  payload: string,
  next: { ready: string; exempt: string; alreadyEnabled: string },
): Record<string, unknown>[] => [
  { NextStep: next.ready, Variable: ref(payload), Contains: '"ready":true' },
  { NextStep: next.exempt, Variable: ref(payload), Contains: '"decision":"exempt"' },
  { NextStep: next.alreadyEnabled, Variable: ref(payload), Contains: '"decision":"already-enabled"' },
];

/** What differs between the steps that end a run with a report on the resource. */
export interface ReportSpec {
  readonly name: string;
  readonly description?: string;
  readonly script: ScriptName;
  /** The step output holding the preflight answer the report is about. */
  readonly payload: string;
  readonly outputs: Readonly<Record<string, 'String' | 'Boolean'>>;
  /** Events beyond the payload and the resource's noun and name. */
  readonly events?: Readonly<Record<string, string>>;
}

/** A last step that reports on the resource from a preflight answer (with or without a change). */
export const reportStep = (k: RunbookKind, scripts: StepScripts, spec: ReportSpec): StepSpec => ({
  name: spec.name,
  ...(spec.description === undefined ? {} : { description: spec.description }),
  action: 'aws:executeScript',
  timeoutSeconds: 60,
  isEnd: true,
  inputs: scriptInputs(scripts, spec.script, { Payload: ref(spec.payload), ...resourceEvents(k), ...spec.events }),
  outputs: scriptOutputs(spec.outputs),
});
