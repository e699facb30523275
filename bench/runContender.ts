/**
 * Child-process entry of the memory runs (memory.ts): the Config rule answers one ScheduledNotification against
 * the endpoint in AWS_ENDPOINT_URL, the whole account in one run, and prints one JSON line with its wall time and
 * peak RSS. scan.bench.ts bundles it as the Lambda is bundled and runs it with `node` and the heap limits Lambda
 * sets for a memory size. Its EC2 pacing is taken out: pacing changes when requests go, not what the run keeps
 * in memory, and without it a large account takes seconds on the local endpoint rather than many minutes.
 */
import { performance } from 'node:perf_hooks';
import { createRuleClients } from '../src/aws/ruleClients.ts';
import { type RuleLogger, runConfigRule } from '../src/config/runConfigRule.ts';
import { scheduledEvent } from '../test/support/configEvents.ts';
import { REGION } from '../test/support/fakeAws/builders.ts';

/** Long enough for any account the memory runs build: the run is about memory, not the deadline. */
const REMAINING_MS = 15 * 60_000;

export interface MemoryOutcome {
  readonly wallMs: number;
  readonly peakRssMB: number;
  readonly evaluations: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const main = async (): Promise<void> => {
  const started = performance.now();
  const deadline = started + REMAINING_MS;
  // A Lambda logs one line per evaluation; writing thousands of lines to a pipe would time the pipe.
  const discard = (): void => undefined;
  const logger: RuleLogger = { info: discard, warn: discard };
  const clients = createRuleClients();
  clients.ec2.middlewareStack.remove('redshiftEvrPacing');
  const result = await runConfigRule(scheduledEvent(), {
    region: REGION,
    clientsFor: async () => clients,
    remainingTimeMs: () => deadline - performance.now(),
    now: () => new Date(),
    logger,
  });
  if (result.notEvaluated > 0) throw new Error(`the rule left ${result.notEvaluated} clusters unevaluated`);
  // maxRSS is in kilobytes and covers the whole life of this process.
  const outcome: MemoryOutcome = {
    wallMs: Math.round(performance.now() - started),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
    evaluations: result.evaluations,
  };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
};

await main();
