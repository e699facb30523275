import { liveFactSource } from '../aws/liveFactSource.ts';
import type { RuleClients } from '../aws/ruleClients.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { CleanupLastSink } from './cleanupLast.ts';
import { parseConfigEvent } from './configEvent.ts';
import { evaluateEvent } from './evaluateEvent.ts';
import { InvocationBudget } from './invocationBudget.ts';
import { type EarlierResults, listEarlierResults } from './listEarlierResults.ts';
import { EvaluationSender } from './putEvaluations.ts';
import { type SecurityHubSyncSummary, syncEvaluatedFindings } from './securityHubSync.ts';

/** Structured logger (Powertools' Logger fits). */
export interface RuleLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface RuleRuntime {
  readonly region: string;
  /** Clients for the event's account (in organization mode AssumeRole, cancelled with `abortSignal`). */
  readonly clientsFor: (event: ReturnType<typeof parseConfigEvent>, abortSignal: AbortSignal) => Promise<RuleClients>;
  readonly remainingTimeMs: () => number;
  /** The invocation's time: exemptions' end dates are judged at it (the handler reads the clock). */
  readonly now: () => Date;
  readonly logger: RuleLogger;
}

export interface RuleRunResult {
  readonly evaluations: number;
  readonly putEvaluationsCalls: number;
  readonly notEvaluated: number;
  /** `SecurityHubSync` only: what the sync of the evaluated resources' findings did. */
  readonly securityHub?: SecurityHubSyncSummary;
}

/** How many of the clusters a run did not reach the log names. */
const NOT_EVALUATED_IN_LOG = 20;

/** Cancel every request this long before the invocation's end. */
const ABORT_MARGIN_MS = 1_000;

/**
 * The listing of earlier results stops this long before evaluateEvent would abandon it (after half the time left
 * for work), so that the pages read by then are used rather than lost.
 */
const LISTING_MARGIN_MS = 250;

/**
 * Answer one AWS Config invocation: validate, evaluate, send every evaluation, all before the deadline.
 * Evaluations are sent in batches as they are decided; when the time runs short the run stops gathering,
 * sends what it decided and returns. Nothing is sent when the event or a rule parameter is invalid.
 * @throws EventError | InputError | AssumeRoleError | AwsCallError, each naming what to fix.
 */
export const runConfigRule = async (rawEvent: unknown, runtime: RuleRuntime): Promise<RuleRunResult> => {
  const event = parseConfigEvent(rawEvent);
  // Every request of this invocation is cancelled when it ends, or just before Lambda would stop it: an
  // abandoned call must not linger into (or resume with) the next invocation of a warm container.
  const abort = new AbortController();
  const hardStop = setTimeout(() => abort.abort(), Math.max(0, runtime.remainingTimeMs() - ABORT_MARGIN_MS));
  try {
    return await run(event, runtime, abort.signal);
  } finally {
    clearTimeout(hardStop);
    abort.abort();
  }
};

const run = async (
  event: ReturnType<typeof parseConfigEvent>,
  runtime: RuleRuntime,
  abortSignal: AbortSignal,
): Promise<RuleRunResult> => {
  const clients = await runtime.clientsFor(event, abortSignal);
  const budget = new InvocationBudget(runtime.remainingTimeMs);
  const sender = new EvaluationSender(clients.config, event.resultToken, budget, abortSignal);
  // The clean-up is sent after the evaluations of existing clusters, in the time they leave.
  const sink = new CleanupLastSink(sender, budget);
  let listing: EarlierResults | undefined;
  const outcome = await evaluateEvent(event, {
    at: runtime.now(),
    // Every describe call gives up when the time is needed to send what is already decided.
    source: liveFactSource(clients, runtime.region, {
      abortSignal,
      msLeft: () => budget.workMsLeft(sink.pendingBatches()),
    }),
    listEarlierResults: async () => {
      // evaluateEvent gives the listing half the time left for work; it stops just before, keeping its pages.
      const limitMs = budget.workMsLeft(sink.pendingBatches()) / 2 - LISTING_MARGIN_MS;
      const startedAt = runtime.remainingTimeMs();
      listing = await listEarlierResults(
        clients.config,
        event.configRuleName,
        KINDS[event.options.resourceKind].configResourceType,
        { abortSignal, msLeft: () => limitMs - (startedAt - runtime.remainingTimeMs()) },
      );
      return listing.results;
    },
    sink,
    budget,
  });
  for (const warning of outcome.warnings) runtime.logger.warn(warning, { accountId: event.accountId });
  for (const d of outcome.decisions) {
    runtime.logger.info('evaluation', {
      accountId: event.accountId,
      kind: d.kind,
      clusterIdentifier: d.clusterIdentifier,
      complianceType: d.complianceType,
      missing: d.missing,
      prerequisitesMet: d.prerequisitesMet,
    });
  }
  if (outcome.notEvaluated.length > 0) {
    runtime.logger.warn('periodic run stopped before the Lambda timeout', {
      evaluated: outcome.decisions.length,
      notEvaluated: outcome.notEvaluated.length,
      notEvaluatedClusters: outcome.notEvaluated.slice(0, NOT_EVALUATED_IN_LOG),
      next: 'those not evaluated keep their previous results; the next periodic run evaluates the oldest results first',
    });
  }
  const cleanup = await sink.flushAll();
  // Only once every evaluation is sent, in the time left: the sync never costs an evaluation.
  const securityHub =
    event.options.securityHubSync === true && clients.securityHub !== undefined
      ? await syncEvaluatedFindings(outcome.decisions, {
          client: clients.securityHub,
          abortSignal,
          msLeft: () => budget.sendMsLeft(),
          logger: runtime.logger,
          accountId: event.accountId,
        })
      : undefined;
  const putEvaluationsCalls = sender.result();
  const cleanupLeft = cleanup.decided - cleanup.sent;
  if (listing !== undefined && (!listing.complete || cleanupLeft > 0)) {
    runtime.logger.info('clean-up continues in the next periodic run', {
      accountId: event.accountId,
      listedPages: listing.pages,
      listedResults: listing.results.size,
      listingStoppedBecause: listing.stoppedBecause,
      resultsOfDeleted: cleanup.decided,
      cleanedUp: cleanup.sent,
      next: 'results not cleaned up stay COMPLIANT or NON_COMPLIANT: the next periodic run lists them (only those) again',
    });
  }
  return {
    evaluations: outcome.evaluations - cleanupLeft,
    putEvaluationsCalls,
    notEvaluated: outcome.notEvaluated.length,
    ...(securityHub === undefined ? {} : { securityHub }),
  };
};
