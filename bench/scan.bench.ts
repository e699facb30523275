/**
 * npm run bench [-- --quick] [-- --out FILE]
 * This Config rule against a per-cluster checker, both through the real SDK to a local endpoint with AWS's
 * page limits and 20 ms per call; then the Lambda bundle against esbuild's defaults. Writes results.json
 * and the page generated from it (docs/benchmarks.md), and prints the page. Offline.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MESSAGES } from '../src/core/messages.ts';
import { REGION } from '../test/support/fakeAws/builders.ts';
import { apiMinimum } from './apiMinimum.ts';
import { bundleRunner, measureBundles } from './bundle.ts';
import { buildEstate } from './estate.ts';
import { type FakeAws, startFakeAws } from './fakeAws.ts';
import { resultsMarkdown } from './markdown.ts';
import { measureOrganization, type OrganizationRecord } from './organization.ts';
import { type BenchResults, CONTENDERS, type Contender, type ContenderOutcome, type RunRecord } from './results.ts';
import { runNode } from './runNode.ts';
import { judgeTargets } from './targets.ts';

const LATENCY_MS = 20;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_OUT = resolve(ROOT, 'bench/results.json');

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } },
  allowPositionals: false,
});
const quick = args.quick === true;
const outPath = resolve(args.out ?? DEFAULT_OUT);
// The generated page: docs/benchmarks.md for the default results file, FILE.md beside any other.
const mdPath = outPath === DEFAULT_OUT ? resolve(ROOT, 'docs/benchmarks.md') : outPath.replace(/(\.json)?$/, '.md');
// The quick smoke run (a test runs it) keeps two small sizes: it checks the wiring, not the figures.
const sizes = quick ? [20, 40] : [100, 1_000, 5_000];
const coldSamples = quick ? 1 : 9;
/** Accounts of the organization scan (two Regions each): how its time, calls and memory grow. */
const accountCounts = quick ? [3, 6] : [100, 250, 500];

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

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Run one contender in a fresh process of the bundled runner; its last stdout line is its ContenderOutcome. */
const runChild = async (runner: string, contender: Contender, env: NodeJS.ProcessEnv): Promise<ContenderOutcome> => {
  const out = await runNode([runner, contender], { cwd: ROOT, env });
  const last = out.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as ContenderOutcome;
  } catch {
    throw new Error(`${contender} printed no result: ${out.trim()}`);
  }
};

/**
 * Whether a contender's annotation says the cluster's network is ready. Every synthetic cluster's is: a
 * contender that finds otherwise read a fact wrongly (or not at all), and its run would not measure the work.
 */
const READY: Readonly<Record<Contender, (annotation: string) => boolean>> = {
  'redshift-evr': (a) => a === MESSAGES.evrOn || a.startsWith(`${MESSAGES.evrOff} Ready to remediate:`),
  'per-cluster': (a) => a.endsWith('Network prerequisites met.'),
};

interface Bench {
  readonly fake: FakeAws;
  readonly env: NodeJS.ProcessEnv;
  readonly runner: string;
}

const measureSize = async ({ fake, env, runner }: Bench, clusters: number): Promise<RunRecord[]> => {
  const estate = buildEstate(clusters);
  const minimum = apiMinimum(estate);
  const records: RunRecord[] = [];
  const verdicts = new Map<Contender, ReadonlyMap<string, string>>();
  for (const contender of CONTENDERS) {
    fake.serve(estate);
    const outcome = await runChild(runner, contender, env);
    const stats = fake.stats();
    // A fault would have turned into an "unknown" fact silently: the run would not measure the real work.
    if (stats.faults.length > 0) throw new Error(`${contender} at ${clusters}: ${stats.faults.slice(0, 5).join('; ')}`);
    if (outcome.evaluations !== clusters || stats.verdicts.size !== clusters) {
      throw new Error(`${contender} at ${clusters}: ${stats.verdicts.size} clusters evaluated, expected ${clusters}`);
    }
    const notReady = [...stats.annotations].filter(([, annotation]) => !READY[contender](annotation));
    if (notReady.length > 0) {
      const [id, annotation] = notReady[0] ?? [];
      throw new Error(`${contender} at ${clusters}: ${notReady.length} clusters not ready, e.g. ${id}: ${annotation}`);
    }
    verdicts.set(contender, stats.verdicts);
    const calls = Object.values(stats.calls).reduce((a, b) => a + b, 0);
    records.push({
      clusters,
      vpcs: estate.vpcIds.length,
      contender,
      calls,
      apiMinimum: minimum.total,
      callsPerMinimum: Math.round((calls / minimum.total) * 1000) / 1000,
      cleanupMinimum: minimum.cleanup,
      ...outcome,
      callsByAction: stats.calls,
      peakInFlight: stats.peakInFlight,
    });
    log(
      `${String(clusters).padStart(5)} clusters  ${contender.padEnd(12)} ${String(calls).padStart(6)} calls  ` +
        `${(outcome.wallMs / 1000).toFixed(1).padStart(6)} s  ${outcome.peakRssMB} MB`,
    );
  }
  // Fewer calls only count if the answers are the same: both contenders must agree on every cluster (and, above,
  // find every cluster's network ready).
  const [a, b] = CONTENDERS.map((c) => verdicts.get(c) ?? new Map<string, string>());
  const disagree = [...(a ?? [])].filter(([id, verdict]) => b?.get(id) !== verdict);
  if (disagree.length > 0) throw new Error(`contenders disagree on ${disagree.length} clusters at ${clusters}`);
  return records;
};

const main = async (): Promise<void> => {
  const fake = await startFakeAws({ latencyMs: LATENCY_MS });
  const env = contenderEnv(fake.url);
  const dir = await mkdtemp(join(tmpdir(), 'redshift-evr-bench-run-'));
  const runs: RunRecord[] = [];
  try {
    const runner = await bundleRunner(dir);
    for (const size of sizes) runs.push(...(await measureSize({ fake, env, runner }, size)));
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
  const organization: OrganizationRecord[] = [];
  for (const accounts of accountCounts) {
    const record = await measureOrganization(accounts, {
      latencyMs: LATENCY_MS,
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
  const bundle = await measureBundles(coldSamples, env);
  const minimumAt = (clusters: number) => apiMinimum(buildEstate(clusters)).byAction;
  const cpu = cpus();
  const results: BenchResults = {
    machine: `${cpu.length}× ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}/${process.arch}`,
    node: process.version,
    date: new Date().toISOString(),
    latencyMs: LATENCY_MS,
    quick,
    runs,
    bundle,
    targets: judgeTargets(runs, minimumAt, bundle),
    organization,
  };
  const markdown = resultsMarkdown(results);
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(mdPath, markdown);
  process.stdout.write(`${markdown}\nWrote ${outPath} and ${mdPath}\n`);
};

await main();
