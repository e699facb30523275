import type { Evaluation } from '@aws-sdk/client-config-service';
import { raceDeadline } from '../aws/deadline.ts';
import type { FactSource } from '../aws/factSource.ts';
import { KIND_READERS, namesOf } from '../aws/kindReaders.ts';
import { evaluateSdkResources, type ScanResult, type SdkResources } from '../aws/scan.ts';
import { MESSAGES } from '../core/messages.ts';
import { KINDS } from '../core/resourceKinds.ts';
import type { ClusterEvaluation, ResourceKind } from '../core/types.ts';
import { isDeadlineError } from '../errors.ts';
import { clusterFromItem } from './clusterFromItem.ts';
import type { ConfigRuleEvent, ConfigurationItem } from './configEvent.ts';
import type { InvocationBudget } from './invocationBudget.ts';
import type { EarlierResult } from './listEarlierResults.ts';
import { notApplicable, toEvaluation } from './toEvaluation.ts';

/** Where decided evaluations go: queued, and sent in full batches as soon as there are some. */
export interface EvaluationSink {
  add(evaluations: readonly Evaluation[]): void;
  /** The clean-up: NOT_APPLICABLE for listed results of resources that no longer exist (sent after the rest). */
  addCleanup(evaluations: readonly Evaluation[]): void;
  flushFull(): Promise<void>;
  pendingBatches(): number;
}

export interface EventOutcome {
  /** The clusters evaluated (for logging each decision). */
  readonly decisions: ClusterEvaluation[];
  /** Evaluations handed to the sink. */
  readonly evaluations: number;
  /** Clusters a periodic run did not reach before its time ran out (they keep their previous results). */
  readonly notEvaluated: string[];
  /** Problems that did not stop the run (e.g. the clean-up could not list earlier results). */
  readonly warnings: string[];
}

export interface EvaluateDeps {
  /** The invocation's time: exemptions' end dates are judged at it, whatever the event's own times say. */
  readonly at: Date;
  /** Facts, each call bounded by the invocation's deadline (DeadlineError when it runs out). */
  readonly source: FactSource;
  /** The rule's earlier results: for the periodic clean-up and to evaluate the oldest first. */
  readonly listEarlierResults: () => Promise<ReadonlyMap<string, EarlierResult>>;
  readonly sink: EvaluationSink;
  /** The invocation's time; without it (tests, tools) nothing is cut short. */
  readonly budget?: InvocationBudget;
}

/** A cluster never evaluated before comes before any recorded result. */
const NEVER_RECORDED = Number.MIN_SAFE_INTEGER;

const EMPTY: EventOutcome = { decisions: [], evaluations: 0, notEvaluated: [], warnings: [] };

/** NOT_APPLICABLE reasons that need no facts: deleted, unrecorded, out of scope. */
const notApplicableReason = (event: ConfigRuleEvent, item: ConfigurationItem): string | undefined => {
  if (event.eventLeftScope) return MESSAGES.eventLeftScope(event.options.resourceKind);
  switch (item.configurationItemStatus) {
    case 'OK':
    case 'ResourceDiscovered':
      return undefined;
    case 'ResourceDeleted':
    case 'ResourceDeletedNotRecorded':
      return MESSAGES.resourceDeleted(event.options.resourceKind);
    case 'ResourceNotRecorded':
      return MESSAGES.resourceNotRecorded(event.options.resourceKind);
    default: {
      const never: never = item.configurationItemStatus;
      throw new TypeError(`unhandled configurationItemStatus ${String(never)}`);
    }
  }
};

const evaluateOne = async (
  event: ConfigRuleEvent,
  deps: EvaluateDeps,
  item: ConfigurationItem,
  current: () => Promise<SdkResources | undefined>,
): Promise<EventOutcome> => {
  const kind = event.options.resourceKind;
  // Each rule is scoped to one resource type; any other is not ours to judge.
  if (item.resourceType !== KINDS[kind].configResourceType) return EMPTY;
  const at = new Date(item.configurationItemCaptureTime);
  const reason = notApplicableReason(event, item);
  const gone = (why: string) => {
    deps.sink.add([notApplicable(kind, item.resourceId, why, at)]);
    return { ...EMPTY, evaluations: 1 };
  };
  if (reason !== undefined) return gone(reason);
  const resource = await current();
  if (resource === undefined) return gone(MESSAGES.resourceGone(kind));
  const { evaluations } = await evaluateSdkResources(deps.source, resource, event.options, {
    allGroups: false,
    at: deps.at,
  });
  deps.sink.add(evaluations.map((e) => toEvaluation(e, at)));
  return { ...EMPTY, decisions: evaluations, evaluations: evaluations.length };
};

/** A stable spread of start points for runs that cannot learn which clusters were evaluated longest ago. */
const rotation = (ids: readonly string[], seed: string): ((id: string) => number) => {
  let hash = 2166136261;
  for (const ch of seed) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
  const offset = ids.length === 0 ? 0 : hash % ids.length;
  const index = new Map(ids.map((id, i) => [id, (i - offset + ids.length) % ids.length]));
  return (id) => index.get(id) ?? 0;
};

const evaluateAll = async (event: ConfigRuleEvent, deps: EvaluateDeps, at: Date): Promise<EventOutcome> => {
  const { budget, sink } = deps;
  const workLeft = () => (budget ? budget.workMsLeft(sink.pendingBatches()) : Number.POSITIVE_INFINITY);
  const warnings: string[] = [];
  // Listed in parallel with the clusters, best-effort and within the budget: at most half of the time left
  // for work, so that a slow listing cannot take the evaluations' time.
  const kind = event.options.resourceKind;
  const earlier = raceDeadline(
    deps.listEarlierResults,
    workLeft() / 2,
    'config:GetComplianceDetailsByConfigRule',
  ).catch((error: unknown) => {
    warnings.push(
      `Earlier results not listed (${(error as Error).message}): no clean-up of deleted ${kind}s, and no oldest-first order this run.`,
    );
    return undefined;
  });
  let resources: SdkResources;
  try {
    resources = await KIND_READERS[kind](deps.source);
  } catch (error) {
    if (!isDeadlineError(error)) throw error;
    await earlier;
    return { ...EMPTY, warnings: [...warnings, `No ${kind} evaluated: ${error.message}.`] };
  }
  const ids = namesOf(resources);
  const previous = await earlier;
  const existing = new Set(ids);
  // The list is complete, so clean-up is safe whatever happens next; it needs no facts.
  const gone = [...(previous ?? [])].filter(([id, r]) => !existing.has(id) && r.complianceType !== 'NOT_APPLICABLE');
  sink.addCleanup(gone.map(([id]) => notApplicable(kind, id, MESSAGES.resourceGone(kind), at)));
  const priority = previous
    ? (id: string) => previous.get(id)?.recordedAt?.getTime() ?? NEVER_RECORDED
    : rotation(ids, event.invokingEvent.notificationCreationTime);
  let result: ScanResult;
  try {
    result = await evaluateSdkResources(deps.source, resources, event.options, {
      allGroups: true,
      at: deps.at,
      priority,
      // Start another batch only if it fits in the time left, judged by the slowest batch so far.
      ...(budget ? { shouldStop: () => workLeft() <= budget.lap() } : {}),
      onEvaluated: async (decided) => {
        sink.add(decided.map((e) => toEvaluation(e, at)));
        await sink.flushFull();
      },
    });
  } catch (error) {
    // The subnet groups (or the workgroups' subnets and tags) could not be read in time: nothing was decided.
    if (!isDeadlineError(error)) throw error;
    result = { evaluations: [], notEvaluated: ids };
    warnings.push(`No ${kind} evaluated: ${error.message}.`);
  }
  return {
    decisions: result.evaluations,
    evaluations: result.evaluations.length + gone.length,
    notEvaluated: result.notEvaluated,
    warnings,
  };
};

/** One cluster or workgroup as it is now; undefined when it no longer exists. */
const readLive = async (event: ConfigRuleEvent, deps: EvaluateDeps, id: string): Promise<SdkResources | undefined> => {
  const resources = await KIND_READERS[event.options.resourceKind](deps.source, [id]);
  return namesOf(resources).length === 0 ? undefined : resources;
};

/**
 * What a configuration item holds, for the kinds AWS Config records: the flag comes from the item, the network
 * facts are read live. The other kinds are read as they are now.
 */
const FROM_ITEM: Partial<Record<ResourceKind, (item: ConfigurationItem) => SdkResources>> = {
  cluster: (item) => ({ clusters: [clusterFromItem(item)] }),
};

/**
 * Decide the evaluations a Config event calls for and hand them to the sink. AWS Config does not record
 * workgroups: a workgroup rule is periodic, and a change notification for one (should Config ever send it) is
 * evaluated from the workgroup as it is now.
 */
export const evaluateEvent = async (event: ConfigRuleEvent, deps: EvaluateDeps): Promise<EventOutcome> => {
  const invoking = event.invokingEvent;
  switch (invoking.messageType) {
    case 'ConfigurationItemChangeNotification': {
      const item = invoking.configurationItem;
      const fromItem = FROM_ITEM[event.options.resourceKind];
      return evaluateOne(event, deps, item, async () =>
        fromItem === undefined ? readLive(event, deps, item.resourceId) : fromItem(item),
      );
    }
    case 'OversizedConfigurationItemChangeNotification': {
      const summary = invoking.configurationItemSummary;
      // The item was too large to send: read the resource as it is now.
      return evaluateOne(event, deps, summary, () => readLive(event, deps, summary.resourceId));
    }
    case 'ScheduledNotification':
      return evaluateAll(event, deps, new Date(invoking.notificationCreationTime));
    default: {
      const never: never = invoking;
      throw new TypeError(`unhandled messageType ${JSON.stringify(never)}`);
    }
  }
};
