/**
 * Security Hub's findings for the rule's resources: read them (GetFindings) and apply the sync's decisions
 * (BatchUpdateFindings). Every failure comes back as data: the sync is an extra, and must never cost the
 * evaluations already sent.
 *
 * Limits (AWS Security Hub API Reference): GetFindings filters by up to 10 attributes with up to 20 values each,
 * and returns at most 100 findings a page; BatchUpdateFindings updates up to 100 findings a call.
 */
import {
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  decideFindingUpdate,
  type FindingUpdate,
  type HubComplianceStatus,
  type HubFinding,
  NOTE_AUTHOR,
  type SyncedEvaluation,
  type WorkflowStatus,
} from '../core/findingSync.ts';
import { KINDS } from '../core/resourceKinds.ts';
import type { ResourceKind } from '../core/types.ts';
import { isDeadlineError } from '../errors.ts';
import { callAws, errorName } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clientConfig.ts';
import { raceDeadline } from './deadline.ts';
import { SECURITY_HUB_SYNC_ACTIONS } from './securityHubActions.ts';

const GET_FINDINGS = 'securityhub:GetFindings';
const BATCH_UPDATE_FINDINGS = 'securityhub:BatchUpdateFindings';

/** GetFindings takes up to 20 values per filter attribute. */
export const FILTER_VALUES_LIMIT = 20;
/** GetFindings returns up to 100 findings a page. */
export const FINDINGS_PAGE_SIZE = 100;
/** BatchUpdateFindings updates up to 100 findings a call. */
export const UPDATE_LIMIT = 100;

/**
 * The GeneratorId of a control finding without consolidated control findings (one finding per standard):
 * `aws-foundational-security-best-practices/v/1.0.0/<control>`. With consolidation the finding carries
 * `Compliance.SecurityControlId` (and GeneratorId `security-control/<control>`).
 */
export const legacyGeneratorId = (kind: ResourceKind): string =>
  `aws-foundational-security-best-practices/v/1.0.0/${KINDS[kind].control.id}`;

/** Why the sync could not go on, as data. */
export interface HubProblem {
  /** `not-enabled`: Security Hub is not enabled in the account and Region (InvalidAccessException). */
  readonly failure: 'not-enabled' | 'denied' | 'throttled' | 'deadline' | 'failed';
  readonly operation: string;
  readonly message: string;
}

/** A finding BatchUpdateFindings did not update, and why. */
export interface UnprocessedFinding {
  readonly findingId: string;
  readonly productArn: string;
  readonly error: string;
}

export interface HubCallOptions {
  readonly abortSignal?: AbortSignal;
  /** Time the sync may still take, in ms; no call is started (or waited for) past it. Unset: no limit. */
  readonly msLeft?: () => number;
}

/** One resource the rule evaluated, by the ARN Security Hub knows it by. */
export interface SyncItem {
  readonly resourceArn: string;
  readonly evaluation: SyncedEvaluation;
}

export interface SyncReport {
  /** Findings read (of the resources asked about). */
  readonly findings: number;
  /** Updates decided, and of those applied. */
  readonly decided: number;
  readonly updated: number;
  readonly unprocessed: readonly UnprocessedFinding[];
  /** Why the sync stopped early; absent when it finished. */
  readonly problem?: HubProblem;
}

const NOT_ENABLED = /InvalidAccessException/;
const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized/;
const THROTTLED = /Throttl|LimitExceeded|TooManyRequests/;

/** A failed call as data, with what to do. */
export const hubProblemOf = (operation: string, error: unknown): HubProblem => {
  if (isDeadlineError(error)) return { failure: 'deadline', operation, message: error.message };
  const name = errorName((error as { cause?: unknown }).cause ?? error);
  const detail = error instanceof Error ? error.message : String(error);
  if (NOT_ENABLED.test(name)) {
    return {
      failure: 'not-enabled',
      operation,
      message: `${operation} failed (${name}): Security Hub is not enabled in this account and Region; nothing to sync.`,
    };
  }
  if (DENIED.test(name)) {
    return {
      failure: 'denied',
      operation,
      message: `${operation} was denied (${name}): grant ${SECURITY_HUB_SYNC_ACTIONS.join(' and ')} to the rule's role (docs/permissions.md).`,
    };
  }
  if (THROTTLED.test(name)) {
    return { failure: 'throttled', operation, message: `${operation} was throttled (${name}); the next run retries.` };
  }
  return { failure: 'failed', operation, message: detail };
};

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const equals = (values: readonly string[]) => values.map((Value) => ({ Value, Comparison: 'EQUALS' as const }));

/** The filters for one kind's findings of up to 20 resources: consolidated, then legacy (per-standard) findings. */
export const findingFilters = (kind: ResourceKind, resourceArns: readonly string[]): AwsSecurityFindingFilters[] => {
  const common = { ResourceId: equals(resourceArns), RecordState: equals(['ACTIVE']) };
  return [
    { ...common, ComplianceSecurityControlId: equals([KINDS[kind].control.id]) },
    { ...common, GeneratorId: [{ Value: legacyGeneratorId(kind), Comparison: 'PREFIX' }] },
  ];
};

const WORKFLOW: readonly WorkflowStatus[] = ['NEW', 'NOTIFIED', 'SUPPRESSED', 'RESOLVED'];
const COMPLIANCE: readonly HubComplianceStatus[] = ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'];

/** A GetFindings finding for the sync, with the ARN of the resource (of those asked about) it is about. */
const toHubFinding = (
  f: AwsSecurityFinding,
  asked: ReadonlySet<string>,
): { resourceArn: string; finding: HubFinding } | undefined => {
  const resourceArn = f.Resources?.map((r) => r.Id).find((id): id is string => id !== undefined && asked.has(id));
  if (resourceArn === undefined || !f.Id || !f.ProductArn) return undefined;
  const workflow = WORKFLOW.find((s) => s === f.Workflow?.Status) ?? 'NEW';
  return {
    resourceArn,
    finding: {
      id: f.Id,
      productArn: f.ProductArn,
      workflowStatus: workflow,
      noteText: f.Note?.Text ?? null,
      complianceStatus: COMPLIANCE.find((s) => s === f.Compliance?.Status) ?? null,
    },
  };
};

const timeLeft = (options: HubCallOptions): number => options.msLeft?.() ?? Number.POSITIVE_INFINITY;

const send = <T>(operation: string, options: HubCallOptions, call: (abortSignal?: AbortSignal) => Promise<T>) =>
  raceDeadline(() => callAws(operation, () => call(options.abortSignal)), timeLeft(options), operation);

export interface ReadFindings {
  /** Each resource's active findings of its control (consolidated and legacy), keyed by resource ARN. */
  readonly findings: Map<string, HubFinding[]>;
  readonly problem?: HubProblem;
}

/**
 * Read the active findings of each resource's control: 20 resources a query, every page of 100, for the
 * consolidated findings and the legacy ones. A failure stops the reading; what was read is returned with it.
 */
export const readFindings = async (
  client: SecurityHubClient,
  resources: readonly { readonly kind: ResourceKind; readonly resourceArn: string }[],
  options: HubCallOptions = {},
): Promise<ReadFindings> => {
  const findings = new Map<string, HubFinding[]>();
  const seen = new Set<string>();
  const kinds = [...new Set(resources.map((r) => r.kind))];
  try {
    for (const kind of kinds) {
      const arns = [...new Set(resources.filter((r) => r.kind === kind).map((r) => r.resourceArn))];
      for (const batch of chunks(arns, FILTER_VALUES_LIMIT)) {
        const asked = new Set(batch);
        for (const Filters of findingFilters(kind, batch)) {
          let NextToken: string | undefined;
          do {
            const token = NextToken;
            const page = await send(GET_FINDINGS, options, (abortSignal) =>
              client.send(
                new GetFindingsCommand({
                  Filters,
                  MaxResults: FINDINGS_PAGE_SIZE,
                  ...(token ? { NextToken: token } : {}),
                }),
                abortSignal ? { abortSignal } : {},
              ),
            );
            for (const raw of page.Findings ?? []) {
              const found = toHubFinding(raw, asked);
              if (found === undefined) continue;
              const key = `${found.finding.productArn} ${found.finding.id}`;
              if (seen.has(key)) continue;
              seen.add(key);
              findings.set(found.resourceArn, [...(findings.get(found.resourceArn) ?? []), found.finding]);
            }
            NextToken = page.NextToken || undefined;
          } while (NextToken !== undefined);
        }
      }
    }
    return { findings };
  } catch (error) {
    return { findings, problem: hubProblemOf(GET_FINDINGS, error) };
  }
};

export interface AppliedUpdates {
  readonly updated: number;
  readonly unprocessed: readonly UnprocessedFinding[];
  readonly problem?: HubProblem;
}

/**
 * Apply updates: identical ones (same status, same note) grouped, at most 100 findings a call. Findings
 * Security Hub reports as UnprocessedFindings are returned; a failed call stops the rest.
 */
export const applyFindingUpdates = async (
  client: SecurityHubClient,
  updates: readonly FindingUpdate[],
  options: HubCallOptions = {},
): Promise<AppliedUpdates> => {
  const groups = new Map<string, FindingUpdate[]>();
  for (const u of updates) {
    const key = JSON.stringify([u.workflowStatus, u.note]);
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  let updated = 0;
  const unprocessed: UnprocessedFinding[] = [];
  try {
    for (const group of groups.values()) {
      const [first] = group;
      if (first === undefined) continue;
      for (const batch of chunks(group, UPDATE_LIMIT)) {
        const out = await send(BATCH_UPDATE_FINDINGS, options, (abortSignal) =>
          client.send(
            new BatchUpdateFindingsCommand({
              FindingIdentifiers: batch.map((u) => ({ Id: u.findingId, ProductArn: u.productArn })),
              Workflow: { Status: first.workflowStatus },
              Note: { Text: first.note, UpdatedBy: NOTE_AUTHOR },
            }),
            abortSignal ? { abortSignal } : {},
          ),
        );
        const failed = out.UnprocessedFindings ?? [];
        updated += batch.length - failed.length;
        for (const f of failed) {
          unprocessed.push({
            findingId: f.FindingIdentifier?.Id ?? '?',
            productArn: f.FindingIdentifier?.ProductArn ?? '?',
            error: [f.ErrorCode, f.ErrorMessage].filter(Boolean).join(': ') || 'unprocessed',
          });
        }
      }
    }
    return { updated, unprocessed };
  } catch (error) {
    return { updated, unprocessed, problem: hubProblemOf(BATCH_UPDATE_FINDINGS, error) };
  }
};

/**
 * Sync the findings of the resources the rule evaluated: read them, decide each (src/core/findingSync.ts),
 * apply the updates. Never throws: a problem is in the report.
 */
export const syncSecurityHubFindings = async (
  client: SecurityHubClient,
  items: readonly SyncItem[],
  options: HubCallOptions = {},
  /** The decision for one finding: the rule's sync unless told otherwise (the runbook's note after a change). */
  decide: (evaluation: SyncedEvaluation, finding: HubFinding) => FindingUpdate | undefined = decideFindingUpdate,
): Promise<SyncReport> => {
  const read = await readFindings(
    client,
    items.map((i) => ({ kind: i.evaluation.kind, resourceArn: i.resourceArn })),
    options,
  );
  const byArn = new Map(items.map((i) => [i.resourceArn, i.evaluation]));
  const updates: FindingUpdate[] = [];
  let findings = 0;
  for (const [arn, list] of read.findings) {
    const evaluation = byArn.get(arn);
    if (evaluation === undefined) continue;
    findings += list.length;
    for (const finding of list) {
      const update = decide(evaluation, finding);
      if (update !== undefined) updates.push(update);
    }
  }
  // Findings read before a failure are still worth their updates; a missing Security Hub is not.
  if (read.problem?.failure === 'not-enabled' || read.problem?.failure === 'denied' || updates.length === 0) {
    return { findings, decided: updates.length, updated: 0, unprocessed: [], ...pick(read.problem) };
  }
  const applied = await applyFindingUpdates(client, updates, options);
  return {
    findings,
    decided: updates.length,
    updated: applied.updated,
    unprocessed: applied.unprocessed,
    ...pick(read.problem ?? applied.problem),
  };
};

const pick = (problem: HubProblem | undefined) => (problem === undefined ? {} : { problem });

/** A Security Hub client built like the rule's others. */
export const createSecurityHubClient = (options: ClientOptions): SecurityHubClient =>
  new SecurityHubClient(clientConfig(options));
