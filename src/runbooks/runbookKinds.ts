/**
 * What the two remediation runbooks say differently, one entry per resource kind, assembled from the kind table
 * (src/core/resourceKinds.ts), the identifier rules and the deployed names: the template (renderRunbook.ts) reads
 * these fields and never asks which kind it renders, and a runbook cannot drift from the rule, the preflight or
 * the stack.
 */
import { KINDS, type ResourceKindSpec } from '../core/resourceKinds.ts';
import { RESOURCE_KINDS, type ResourceKind } from '../core/types.ts';
import { RULE_SPECS } from '../deploy/ruleSpec.ts';

/** One kind's runbook facts: the kind table's runbook wording and calls, and what else the template needs. */
export type RunbookKind = ResourceKindSpec['runbook'] & {
  /** Where the generated runbook is written (and read by serverless.yml, org:render and the tests). */
  readonly runbookPath: string;
  /** The Security Hub control the runbook makes pass. */
  readonly controlId: string;
  /** The resource in a sentence ("cluster"), and the service that runs it ("Redshift"). */
  readonly noun: string;
  readonly serviceName: string;
  /** The runbook parameter that names the resource (the Config rule sends it RESOURCE_ID), and its rule. */
  readonly resourceIdParameter: string;
  readonly resourceIdPattern: string;
  readonly resourceIdMaxChars: number;
  /** How the stop messages name the resource (a cluster by its identifier alone, as it always has). */
  readonly stopTarget: string;
  /** The SDK service (`Service` of the API steps), and its read and change APIs. */
  readonly service: string;
  readonly readApi: string;
  readonly changeApi: string;
  /** The status in which the change can be made, as the service spells it. */
  readonly availableStatus: string;
  /** Statuses that never end in the available one by themselves: the wait before the change ends on them. */
  readonly needsPersonStatuses: readonly string[];
  /** Whether the Data API connects as a named database user (DbUser) on this kind (the watch after the change). */
  readonly takesDbUser: boolean;
};

const runbookKind = (spec: ResourceKindSpec): RunbookKind => {
  const parameter = RULE_SPECS[spec.kind].resourceIdParameter;
  return {
    ...spec.runbook,
    runbookPath: RULE_SPECS[spec.kind].runbookPath,
    controlId: spec.control.id,
    noun: spec.noun,
    serviceName: spec.service,
    resourceIdParameter: parameter,
    resourceIdPattern: spec.name.pattern,
    resourceIdMaxChars: spec.name.maxChars,
    stopTarget: [...spec.qualifiers, `{{ ${parameter} }}`].join(' '),
    service: spec.api.service,
    readApi: spec.api.read,
    changeApi: spec.api.change,
    availableStatus: spec.statuses.available,
    needsPersonStatuses: [...spec.statuses.needsPerson.keys()],
    takesDbUser: spec.usage.takesDbUser,
  };
};

/** The runbook facts of clusters and of workgroups. */
export const RUNBOOK_KINDS: Readonly<Record<ResourceKind, RunbookKind>> = Object.fromEntries(
  RESOURCE_KINDS.map((kind) => [kind, runbookKind(KINDS[kind])]),
) as Record<ResourceKind, RunbookKind>;
