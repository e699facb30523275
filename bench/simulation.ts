/**
 * The contenders in simulated time (virtualAws.ts): each run through the real SDK clients, as the product (or
 * the sample rule) builds them, to the endpoint model. Two settings:
 * - `work`: no throttling and no deadline, to count what each contender asks of AWS for the whole account;
 * - `deployed`: EC2's token bucket for non-mutating actions and the function's 300 s (serverless.yml), as it
 *   runs in an account.
 * Every evaluated cluster's readiness is checked against what the estate was built to be (estate.ts): a
 * contender that read a fact wrongly, or not at all, stops the benchmark.
 */
import { createRuleClients } from '../src/aws/ruleClients.ts';
import { type RuleLogger, runConfigRule } from '../src/config/runConfigRule.ts';
import { MESSAGES } from '../src/core/messages.ts';
import { NOTIFICATION_TIME, scheduledEvent } from '../test/support/configEvents.ts';
import { REGION } from '../test/support/fakeAws/builders.ts';
import type { BucketSize } from '../test/support/fakeAws/tokenBucket.ts';
import { apiMinimum } from './apiMinimum.ts';
import { EndpointModel } from './endpointModel.ts';
import type { Estate } from './estate.ts';
import { perClusterClients, runPerClusterChecker } from './perClusterChecker.ts';
import type { Contender, SettingName, SimulatedRun } from './results.ts';
import {
  inVirtualTime,
  type LatencyModel,
  latencySampler,
  routeTo,
  type VirtualHandler,
  virtualHandler,
} from './virtualAws.ts';

/** When the simulated runs start (periodic runs follow each other a day apart). */
const START = Date.UTC(2026, 11, 4, 6, 0, 0);
const DAY_MS = 24 * 3_600_000;

/** Whether a contender's annotation says the cluster's network is ready. */
export const READY: Readonly<Record<Contender, (annotation: string) => boolean>> = {
  'redshift-evr': (a) => a === MESSAGES.evrOn || a.startsWith(`${MESSAGES.evrOff} Ready to remediate:`),
  'per-cluster': (a) => a.endsWith('Network prerequisites met.'),
  'per-cluster-cached': (a) => a.endsWith('Network prerequisites met.'),
};

export interface Setting {
  readonly name: SettingName;
  readonly bucket?: BucketSize;
  /** The function's time (ms); none: no deadline. */
  readonly budgetMs?: number;
}

/** What one simulated run of a contender left behind. */
interface RunOutcome {
  readonly error?: string;
  readonly timedOut: boolean;
  readonly simulatedMs: number;
  readonly cpuMs: number;
}

const discard = (): void => undefined;
const quietLogger: RuleLogger = { info: discard, warn: discard };

/** One run of `contender` at simulated time `startAt`. */
const runOnce = async (
  contender: Contender,
  handler: VirtualHandler,
  startAt: number,
  budgetMs: number | undefined,
): Promise<RunOutcome> => {
  const run = async (): Promise<unknown> => {
    if (contender === 'redshift-evr') {
      const clients = createRuleClients({ region: REGION });
      for (const client of [clients.redshift, clients.redshiftServerless, clients.ec2, clients.config]) {
        routeTo(client, handler);
      }
      // Without a deadline, a day: long enough for any estate the benchmark builds.
      const deadline = startAt + (budgetMs ?? DAY_MS);
      return runConfigRule(scheduledEvent(), {
        region: REGION,
        clientsFor: async () => clients,
        remainingTimeMs: () => deadline - Date.now(),
        now: () => new Date(),
        logger: quietLogger,
      });
    }
    const clients = perClusterClients(REGION);
    for (const client of Object.values(clients)) routeTo(client, handler);
    return runPerClusterChecker({
      region: REGION,
      resultToken: 'bench-result-token',
      orderingTimestamp: new Date(NOTIFICATION_TIME),
      cache: contender === 'per-cluster-cached',
      clients,
    });
  };
  // Lambda stops a function at its timeout, whether it watches the time or not.
  const outcome = await inVirtualTime(startAt, run, budgetMs);
  return {
    ...(outcome.error === undefined ? {} : { error: `${outcome.error.name}: ${outcome.error.message}` }),
    timedOut: outcome.timedOut,
    simulatedMs: outcome.simulatedMs,
    cpuMs: outcome.cpuMs,
  };
};

/** The clusters whose readiness, as a contender reported it, differs from the estate's truth. */
const wrongReadiness = (estate: Estate, contender: Contender, annotations: ReadonlyMap<string, string>): string[] =>
  [...annotations]
    .filter(([id, annotation]) => READY[contender](annotation) !== estate.expectedReady.get(id))
    .map(([id, annotation]) => `${id}: ${annotation}`);

export interface Simulator {
  /** One run of a contender on an estate, in a setting. */
  measure(estate: Estate, contender: Contender, setting: Setting): Promise<SimulatedRun>;
  /**
   * Periodic runs of the rule, one after the other, until every cluster is evaluated (or `maxRuns`): the clusters
   * each run evaluated, and whether every cluster was evaluated at least once.
   */
  coverage(estate: Estate, setting: Setting, maxRuns: number): Promise<{ perRun: number[]; covered: boolean }>;
}

export const createSimulator = (latency: LatencyModel): Simulator => {
  const model = new Map<string, EndpointModel>();
  const modelFor = (setting: Setting): EndpointModel => {
    let m = model.get(setting.name);
    if (m === undefined) {
      m = new EndpointModel({
        ...(setting.bucket === undefined ? {} : { bucket: setting.bucket }),
        now: () => Date.now(),
      });
      model.set(setting.name, m);
    }
    return m;
  };
  const sample = latencySampler(latency);
  let runs = 0;
  return {
    async measure(estate, contender, setting) {
      const endpoint = modelFor(setting);
      endpoint.serve(estate);
      runs += 1;
      const outcome = await runOnce(
        contender,
        virtualHandler(endpoint, sample),
        START + runs * DAY_MS,
        setting.budgetMs,
      );
      const stats = endpoint.stats();
      if (stats.faults.length > 0) {
        throw new Error(
          `${contender} (${setting.name}) at ${estate.clusters.length}: ${stats.faults.slice(0, 5).join('; ')}`,
        );
      }
      const wrong = wrongReadiness(estate, contender, stats.annotations);
      if (wrong.length > 0) {
        throw new Error(
          `${contender} at ${estate.clusters.length} found ${wrong.length} clusters wrongly, e.g. ${wrong[0]}`,
        );
      }
      const calls = Object.values(stats.calls).reduce((a, b) => a + b, 0);
      const minimum = apiMinimum(estate);
      const ready = [...stats.annotations.values()].filter((a) => READY[contender](a)).length;
      return {
        clusters: estate.clusters.length,
        vpcs: estate.vpcIds.length,
        topology: estate.topology,
        setting: setting.name,
        contender,
        calls,
        apiMinimum: minimum.total,
        callsPerMinimum: Math.round((calls / minimum.total) * 1000) / 1000,
        evaluated: stats.verdicts.size,
        ready,
        complete: stats.verdicts.size === estate.clusters.length && outcome.error === undefined && !outcome.timedOut,
        simulatedMs: Math.round(outcome.simulatedMs),
        cpuMs: outcome.cpuMs,
        throttled: Object.values(stats.throttled).reduce((a, b) => a + b, 0),
        retries: stats.retries,
        surfaced: stats.surfaced,
        peakInFlight: stats.peakInFlight,
        callsByAction: stats.calls,
        ...(outcome.error === undefined ? {} : { error: outcome.error.slice(0, 200) }),
        ...(outcome.timedOut ? { timedOut: true } : {}),
      };
    },

    async coverage(estate, setting, maxRuns) {
      const endpoint = modelFor(setting);
      endpoint.serve(estate);
      const seen = new Set<string>();
      const perRun: number[] = [];
      while (seen.size < estate.clusters.length && perRun.length < maxRuns) {
        endpoint.newRun();
        runs += 1;
        const outcome = await runOnce(
          'redshift-evr',
          virtualHandler(endpoint, sample),
          START + runs * DAY_MS,
          setting.budgetMs,
        );
        if (outcome.error !== undefined)
          throw new Error(`the rule failed in run ${perRun.length + 1}: ${outcome.error}`);
        const { annotations, surfaced } = endpoint.stats();
        if (surfaced > 0) throw new Error(`the rule saw ${surfaced} throttling errors in run ${perRun.length + 1}`);
        const wrong = wrongReadiness(estate, 'redshift-evr', annotations);
        if (wrong.length > 0) throw new Error(`the rule found ${wrong.length} clusters wrongly, e.g. ${wrong[0]}`);
        for (const id of annotations.keys()) seen.add(id);
        perRun.push(annotations.size);
      }
      return { perRun, covered: seen.size === estate.clusters.length };
    },
  };
};
