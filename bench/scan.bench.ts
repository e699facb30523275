/**
 * npm run bench [-- --quick] [-- --out FILE]   (--quick writes to the temp directory unless --out)
 * This Config rule against two per-cluster checkers (a sample rule as published, and the same with a cache),
 * through the real SDK: in simulated time against the endpoint model, without and with EC2's request token
 * bucket and the function's 300 s; periodic runs over accounts too big for one; the rule's memory under Lambda's
 * heap limits; the organization scan; the Lambda bundle against esbuild's defaults. Writes results.json and the
 * page generated from it (docs/benchmarks.md), and prints the page. Offline.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EC2_READ_PACE } from '../src/aws/requestPacer.ts';
import { REGION } from '../test/support/fakeAws/builders.ts';
import { EC2_NON_MUTATING } from '../test/support/fakeAws/tokenBucket.ts';
import { bundleRunner, measureBundles } from './bundle.ts';
import { buildEstate, TOPOLOGIES, type Topology } from './estate.ts';
import { startFakeAws } from './fakeAws.ts';
import { resultsMarkdown } from './markdown.ts';
import { measureMemory } from './memory.ts';
import { measureOrganization, type OrganizationRecord } from './organization.ts';
import {
  type BenchResults,
  CONTENDERS,
  type CoverageRecord,
  type MemoryRecord,
  type SettingName,
  type SimulatedRun,
} from './results.ts';
import type { MemoryOutcome } from './runContender.ts';
import { runNode } from './runNode.ts';
import { createSimulator, type Setting } from './simulation.ts';
import { judgeTargets } from './targets.ts';
import type { LatencyModel } from './virtualAws.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_OUT = resolve(ROOT, 'bench/results.json');

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
  allowPositionals: false,
});
const quick = args.quick === true;
// A quick run's figures are not the published ones: they go to the temp directory unless --out says otherwise.
const outPath = resolve(args.out ?? (quick ? join(tmpdir(), 'redshift-evr-bench-quick.json') : DEFAULT_OUT));
// The generated page: docs/benchmarks.md for the default results file, FILE.md beside any other.
const mdPath = outPath === DEFAULT_OUT ? resolve(ROOT, 'docs/benchmarks.md') : outPath.replace(/(\.json)?$/, '.md');

/** A regional endpoint's latency: median 20 ms, log-normal spread (p90 ≈ 38 ms, p99 ≈ 64 ms). */
const LATENCY: LatencyModel = { medianMs: 20, sigma: 0.5, seed: 20261204 };
/** serverless.yml's timeout of the rule's function. */
const BUDGET_MS = 300_000;
/** The organization scan's endpoint answers each call in this time (real time). */
const ORGANIZATION_LATENCY_MS = 20;

const TOPOLOGY_NAMES = Object.keys(TOPOLOGIES) as Topology[];
// The quick smoke run (a test runs it) keeps small sizes: it checks the wiring, not the figures.
const workSizes = quick ? [20, 40] : [100, 1_000, 5_000];
const deployedSizes = quick ? [40] : [1_000, 5_000];
/** The busy account: the rule only (the checkers fail without it already). */
const busySizes = quick ? [40] : [1_000];
/** Accounts too big for one run: [clusters, topology]. Quick: a 10 s budget makes 40 VPCs too many for one. */
const coverageCases: readonly (readonly [number, Topology])[] = quick
  ? [[40, 'one-per-vpc']]
  : [
      [5_000, 'one-per-vpc'],
      [20_000, 'ten-per-vpc'],
      [50_000, 'ten-per-vpc'],
    ];
const coverageBudgetMs = quick ? 10_000 : BUDGET_MS;
const memorySizes = quick ? [128] : [128, 256, 512, 1_024];
const memoryClusters = quick ? [20] : [1_000, 2_000, 5_000, 10_000, 20_000, 50_000];
const coldSamples = quick ? 1 : 9;
/** Accounts of the organization scan (two Regions each): how its time, calls and memory grow. */
const accountCounts = quick ? [3, 6] : [100, 250, 500];

/** Another tool of the account spends this much of the bucket's refill in the busy setting. */
const OTHER_CALLER_PER_SECOND = 15;

const SETTINGS: Readonly<Record<SettingName, Setting>> = {
  work: { name: 'work' },
  deployed: { name: 'deployed', bucket: EC2_NON_MUTATING, budgetMs: BUDGET_MS },
  // What is left to the contenders of a bucket another caller keeps drawing on: the same burst, the rest of the refill.
  busy: {
    name: 'busy',
    bucket: { ...EC2_NON_MUTATING, refillPerSecond: EC2_NON_MUTATING.refillPerSecond - OTHER_CALLER_PER_SECOND },
    budgetMs: BUDGET_MS,
  },
};

/**
 * The contenders' environment: fake credentials and the local endpoint only. Every AWS_* variable of the
 * caller is dropped and the shared config files are hidden, so no profile, real endpoint or credential
 * can leak into a run.
 */
const contenderEnv = (endpoint?: string): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_'))),
  ...(endpoint === undefined ? {} : { AWS_ENDPOINT_URL: endpoint }),
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARKONLY',
  AWS_SECRET_ACCESS_KEY: 'benchmark-only-secret',
  AWS_REGION: REGION,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});

/** JSON as Biome formats it (bench/ is Biome-checked): an array of numbers that fits the line stays on one line. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(
    /^( *)("[^"\n]*": )?\[\n((?: *-?[\d.e+]+,?\n)+) *\]/gm,
    (whole, indent: string, key: string | undefined, items: string) => {
      const line = `${indent}${key ?? ''}[${items
        .split(/,?\n/)
        .map((n) => n.trim())
        .filter(Boolean)
        .join(', ')}]`;
      return line.length <= 120 ? line : whole;
    },
  );

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const describeRun = (r: SimulatedRun): string =>
  `${String(r.clusters).padStart(6)} ${TOPOLOGIES[r.topology].label.padEnd(15)} ${r.setting.padEnd(8)} ${r.contender.padEnd(18)} ` +
  `${String(r.calls).padStart(6)} calls ${(r.simulatedMs / 1000).toFixed(1).padStart(7)} s  ` +
  `${r.evaluated}/${r.clusters} evaluated  ${r.throttled} throttled  ${r.surfaced} surfaced${r.error ? `  ${r.error.slice(0, 60)}` : ''}`;

const simulate = async (): Promise<{ simulated: SimulatedRun[]; coverage: CoverageRecord[] }> => {
  const simulator = createSimulator(LATENCY);
  // Warm up in real time: the SDK reads its (empty) configuration files once, before the clock is simulated.
  await simulator.measure(buildEstate(1), 'redshift-evr', SETTINGS.work);
  await simulator.measure(buildEstate(1), 'per-cluster', SETTINGS.work);
  const simulated: SimulatedRun[] = [];
  const plan = [
    ...workSizes.map((size) => [size, SETTINGS.work] as const),
    ...deployedSizes.map((size) => [size, SETTINGS.deployed] as const),
  ];
  for (const [size, setting] of [...plan, ...busySizes.map((size) => [size, SETTINGS.busy] as const)]) {
    for (const topology of TOPOLOGY_NAMES) {
      const estate = buildEstate(size, { topology });
      for (const contender of setting.name === 'busy' ? (['redshift-evr'] as const) : CONTENDERS) {
        const run = await simulator.measure(estate, contender, setting);
        simulated.push(run);
        log(describeRun(run));
      }
    }
  }
  const coverage: CoverageRecord[] = [];
  for (const [clusters, topology] of coverageCases) {
    const estate = buildEstate(clusters, { topology });
    const setting = { ...SETTINGS.deployed, budgetMs: coverageBudgetMs };
    // Enough runs to see whether ⌈needed⌉ suffice, and a few more.
    const { perRun, covered } = await simulator.coverage(estate, setting, 60);
    const first = perRun[0] ?? 0;
    const neededRuns = first > 0 ? Math.ceil(clusters / first) : clusters;
    const record: CoverageRecord = {
      clusters,
      vpcs: estate.vpcIds.length,
      topology,
      perRun,
      neededRuns,
      ...(covered ? { runsToCover: perRun.length } : {}),
    };
    coverage.push(record);
    log(`${String(clusters).padStart(6)} ${TOPOLOGIES[topology].label}: runs evaluate ${perRun.join(', ')}`);
  }
  return { simulated, coverage };
};

/** The rule's whole-account runs under each memory size's heap limits, in fresh processes of the bundled runner. */
const memory = async (dir: string): Promise<MemoryRecord[]> => {
  const fake = await startFakeAws({ latencyMs: 1 });
  try {
    const runner = await bundleRunner(dir);
    const env = contenderEnv(fake.url);
    return await measureMemory(
      memorySizes,
      memoryClusters,
      async (clusters, flags) => {
        fake.serve(buildEstate(clusters));
        try {
          const out = await runNode(
            [`--max-old-space-size=${flags.oldSpaceMB}`, `--max-semi-space-size=${flags.semiSpaceMB}`, runner],
            { cwd: ROOT, env },
          );
          const outcome = JSON.parse(out.trim().split('\n').at(-1) ?? '') as MemoryOutcome;
          if (outcome.evaluations !== clusters) return { error: `${outcome.evaluations} of ${clusters} evaluated` };
          return { peakRssMB: outcome.peakRssMB };
        } catch (error) {
          const message = (error as Error).message;
          return {
            error: /heap out of memory/i.test(message) ? 'JavaScript heap out of memory' : message.slice(0, 200),
          };
        }
      },
      log,
    );
  } finally {
    await fake.close();
  }
};

const main = async (): Promise<void> => {
  // The simulated runs build their clients in this process: the same sealed environment as the children's.
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, contenderEnv());
  const { simulated, coverage } = await simulate();
  const dir = await mkdtemp(join(tmpdir(), 'redshift-evr-bench-run-'));
  let memoryRecords: MemoryRecord[];
  try {
    memoryRecords = await memory(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const organization: OrganizationRecord[] = [];
  for (const accounts of accountCounts) {
    const record = await measureOrganization(accounts, {
      latencyMs: ORGANIZATION_LATENCY_MS,
      env: contenderEnv(),
      cwd: ROOT,
    });
    organization.push(record);
    log(
      `${String(accounts).padStart(5)} accounts × ${record.regions} Regions  ${String(record.calls).padStart(6)} calls  ` +
        `${(record.wallMs / 1000).toFixed(1).padStart(6)} s  ${record.peakRssMB} MB`,
    );
  }
  log(`bundling the handler and importing it ${coldSamples}× per variant…`);
  const bundle = await measureBundles(coldSamples, contenderEnv());
  const cpu = cpus();
  const partial = {
    machine: `${cpu.length}× ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}/${process.arch}`,
    node: process.version,
    date: new Date().toISOString(),
    quick,
    latency: LATENCY,
    bucket: EC2_NON_MUTATING,
    otherCallerPerSecond: OTHER_CALLER_PER_SECOND,
    pace: EC2_READ_PACE,
    budgetMs: BUDGET_MS,
    organizationLatencyMs: ORGANIZATION_LATENCY_MS,
    simulated,
    coverage,
    memory: memoryRecords,
    bundle,
    organization,
  };
  const results: BenchResults = { ...partial, targets: judgeTargets(partial) };
  const markdown = resultsMarkdown(results);
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, `${toJson(results)}\n`);
  await writeFile(mdPath, markdown);
  process.stdout.write(`${markdown}\nWrote ${outPath} and ${mdPath}\n`);
};

await main();
