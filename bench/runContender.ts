/**
 * Child-process entry: run one contender once against the endpoint in AWS_ENDPOINT_URL and print one JSON
 * line with its wall time and peak RSS. A fresh process per run, so the RSS is this contender's alone.
 * scan.bench.ts bundles it as the Lambda is bundled and runs `node <bundle> redshift-evr|per-cluster`;
 * `node --import tsx bench/runContender.ts …` runs it unbundled (with the loader's memory on top).
 */
import { performance } from 'node:perf_hooks';
import { createRuleClients } from '../src/aws/ruleClients.ts';
import { type RuleLogger, runConfigRule } from '../src/config/runConfigRule.ts';
import { NOTIFICATION_TIME, scheduledEvent } from '../test/support/configEvents.ts';
import { REGION } from '../test/support/fakeAws/builders.ts';
import { runPerClusterChecker } from './perClusterChecker.ts';
import { CONTENDERS, type ContenderOutcome, isContender } from './results.ts';

/** The Lambda's 15-minute maximum, so the rule's time budget never cuts a run short. */
const REMAINING_MS = 15 * 60_000;

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const runRule = async (): Promise<number> => {
  const deadline = performance.now() + REMAINING_MS;
  // A Lambda logs one line per evaluation; writing thousands of lines to a pipe would time the pipe.
  const discard = (): void => undefined;
  const logger: RuleLogger = { info: discard, warn: discard };
  const clients = createRuleClients();
  const result = await runConfigRule(scheduledEvent(), {
    region: REGION,
    clientsFor: async () => clients,
    remainingTimeMs: () => deadline - performance.now(),
    now: () => new Date(),
    logger,
  });
  if (result.notEvaluated > 0) throw new Error(`the rule left ${result.notEvaluated} clusters unevaluated`);
  return result.evaluations;
};

const runPerCluster = async (): Promise<number> =>
  (
    await runPerClusterChecker({
      region: REGION,
      resultToken: 'bench-result-token',
      orderingTimestamp: new Date(NOTIFICATION_TIME),
    })
  ).evaluations;

const main = async (): Promise<void> => {
  const contender = process.argv[2];
  if (!isContender(contender)) {
    throw new Error(`usage: runContender.ts ${CONTENDERS.join('|')}`);
  }
  const idleRssMB = mb(process.memoryUsage().rss);
  const started = performance.now();
  const evaluations = contender === 'redshift-evr' ? await runRule() : await runPerCluster();
  const wallMs = Math.round(performance.now() - started);
  // maxRSS is in kilobytes and covers the whole life of this process.
  const peakRssMB = mb(process.resourceUsage().maxRSS * 1024);
  const outcome: ContenderOutcome = { wallMs, peakRssMB, idleRssMB, evaluations };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
};

await main();
