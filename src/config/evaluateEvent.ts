import type { Evaluation } from '@aws-sdk/client-config-service';
import type { FactSource } from '../aws/factSource.ts';
import { evaluateSdkClusters } from '../aws/scan.ts';
import { MESSAGES } from '../core/messages.ts';
import type { ClusterEvaluation } from '../core/types.ts';
import { clusterFromItem } from './clusterFromItem.ts';
import { type ConfigRuleEvent, type ConfigurationItem, REDSHIFT_CLUSTER } from './configEvent.ts';
import { PUT_EVALUATIONS_LIMIT } from './putEvaluations.ts';
import { notApplicable, toEvaluation } from './toEvaluation.ts';

export interface EventEvaluations {
  /** What to send to PutEvaluations. */
  readonly evaluations: Evaluation[];
  /** The clusters evaluated (for logging each decision). */
  readonly decisions: ClusterEvaluation[];
  /** Clusters a periodic run did not reach before its time ran out. */
  readonly notEvaluated: string[];
  /** Problems that did not stop the run (e.g. the clean-up could not list earlier results). */
  readonly warnings: string[];
}

export interface EvaluateDeps {
  readonly source: FactSource;
  /** Clusters this rule has COMPLIANT/NON_COMPLIANT results for (periodic clean-up). */
  readonly listEvaluatedClusters: () => Promise<string[]>;
  /** Time left in the Lambda; a periodic run stops early enough to send what it has. */
  readonly remainingTimeMs?: () => number;
}

/** Kept free at the end of a periodic run, plus the time each PutEvaluations batch may take. */
export const STOP_MARGIN_MS = 30_000;
export const SEND_ALLOWANCE_MS_PER_BATCH = 2_000;

const EMPTY: EventEvaluations = { evaluations: [], decisions: [], notEvaluated: [], warnings: [] };

/** NOT_APPLICABLE reasons that need no facts: deleted, unrecorded, out of scope. */
const notApplicableReason = (event: ConfigRuleEvent, item: ConfigurationItem): string | undefined => {
  if (event.eventLeftScope) return MESSAGES.eventLeftScope;
  switch (item.configurationItemStatus) {
    case 'OK':
    case 'ResourceDiscovered':
      return undefined;
    case 'ResourceDeleted':
    case 'ResourceDeletedNotRecorded':
      return MESSAGES.resourceDeleted;
    case 'ResourceNotRecorded':
      return MESSAGES.resourceNotRecorded;
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
  current: () => Promise<ReturnType<typeof clusterFromItem> | undefined>,
): Promise<EventEvaluations> => {
  // The rule is scoped to Redshift clusters; any other resource type is not ours to judge.
  if (item.resourceType !== REDSHIFT_CLUSTER) return EMPTY;
  const at = new Date(item.configurationItemCaptureTime);
  const reason = notApplicableReason(event, item);
  if (reason !== undefined) return { ...EMPTY, evaluations: [notApplicable(item.resourceId, reason, at)] };
  const cluster = await current();
  if (cluster === undefined)
    return { ...EMPTY, evaluations: [notApplicable(item.resourceId, MESSAGES.clusterGone, at)] };
  const { evaluations } = await evaluateSdkClusters(deps.source, [cluster], event.options, { allGroups: false });
  return { ...EMPTY, evaluations: evaluations.map((e) => toEvaluation(e, at)), decisions: evaluations };
};

const evaluateAll = async (event: ConfigRuleEvent, deps: EvaluateDeps, at: Date): Promise<EventEvaluations> => {
  // Listed in parallel with the scan, and best-effort: a failed clean-up must not cost the fresh results.
  const previously = deps.listEvaluatedClusters().then(
    (ids) => ({ ids, warning: undefined }),
    (error: unknown) => ({
      ids: [] as string[],
      warning: `Clean-up of deleted clusters skipped: ${(error as Error).message}`,
    }),
  );
  const clusters = await deps.source.describeClusters();
  const remaining = deps.remainingTimeMs;
  // Leave time for every PutEvaluations batch this run may need, not just a fixed margin.
  const reserve =
    STOP_MARGIN_MS + SEND_ALLOWANCE_MS_PER_BATCH * Math.ceil((clusters.length + 1) / PUT_EVALUATIONS_LIMIT);
  const result = await evaluateSdkClusters(deps.source, clusters, event.options, {
    allGroups: true,
    ...(remaining ? { shouldStop: () => remaining() < reserve } : {}),
  });
  const existing = new Set(clusters.map((c) => c.ClusterIdentifier ?? ''));
  const { ids, warning } = await previously;
  // The cluster list is complete even when the time ran out, so clean-up is always safe.
  const gone = ids.filter((id) => !existing.has(id));
  return {
    evaluations: [
      ...result.evaluations.map((e) => toEvaluation(e, at)),
      ...gone.map((id) => notApplicable(id, MESSAGES.clusterGone, at)),
    ],
    decisions: result.evaluations,
    notEvaluated: result.notEvaluated,
    warnings: warning ? [warning] : [],
  };
};

/** Decide the evaluations a Config event calls for (DESIGN.md, "Facts the code must respect"). */
export const evaluateEvent = async (event: ConfigRuleEvent, deps: EvaluateDeps): Promise<EventEvaluations> => {
  const invoking = event.invokingEvent;
  switch (invoking.messageType) {
    case 'ConfigurationItemChangeNotification': {
      const item = invoking.configurationItem;
      // The flag comes from the item; the network facts are read live.
      return evaluateOne(event, deps, item, async () => clusterFromItem(item));
    }
    case 'OversizedConfigurationItemChangeNotification': {
      const summary = invoking.configurationItemSummary;
      // The item was too large to send: read the cluster as it is now.
      return evaluateOne(event, deps, summary, async () => (await deps.source.describeClusters(summary.resourceId))[0]);
    }
    case 'ScheduledNotification':
      return evaluateAll(event, deps, new Date(invoking.notificationCreationTime));
    default: {
      const never: never = invoking;
      throw new TypeError(`unhandled messageType ${JSON.stringify(never)}`);
    }
  }
};
