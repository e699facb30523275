import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { type BenchResults, CONTENDERS } from '../../bench/results.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const run = (args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });

const expectPositive = (value: unknown, what: string): void => {
  expect(value, what).to.be.a('number');
  expect(Number.isFinite(value) && (value as number) > 0, `${what} = ${String(value)}`).to.equal(true);
};

/**
 * CI checks that the benchmark runs and writes a well-formed results file; it asserts no performance target
 * (those are the benchmark's findings, recorded with met: true/false, not test failures).
 */
describe('npm run bench -- --quick', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redshift-evr-bench-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs both contenders offline and writes a well-formed results file and table', async function () {
    this.timeout(120_000);
    const out = join(dir, 'results.json');
    // Without NODE_V8_COVERAGE: the runs execute bundles in a temporary directory gone before c8 reports.
    const { NODE_V8_COVERAGE: _coverage, ...env } = process.env;
    const { code, stderr } = await run(['--import', 'tsx', 'bench/scan.bench.ts', '--quick', '--out', out], env);
    expect(code, stderr).to.equal(0);

    const results = JSON.parse(await readFile(out, 'utf8')) as BenchResults;
    expect(results.machine).to.be.a('string').and.not.equal('');
    expect(results.node).to.match(/^v\d+\./);
    expect(Number.isNaN(Date.parse(results.date))).to.equal(false);
    expectPositive(results.latency.medianMs, 'latency.medianMs');
    expect(results.bucket).to.deep.equal({ burst: 100, refillPerSecond: 20 });
    expect(results.budgetMs).to.equal(300_000);
    expect(results.quick).to.equal(true);

    // Every contender at every size, topology and setting; the rule completes in both settings.
    const runs = results.simulated;
    expect(runs).to.be.an('array').that.is.not.empty;
    for (const setting of ['work', 'deployed'] as const) {
      for (const topology of ['ten-per-vpc', 'one-per-vpc', 'one-vpc'] as const) {
        const here = runs.filter((r) => r.setting === setting && r.topology === topology);
        expect(here.length, `${setting} ${topology}`).to.be.greaterThan(0);
        for (const size of new Set(here.map((r) => r.clusters))) {
          const contenders = here.filter((r) => r.clusters === size).map((r) => r.contender);
          expect(contenders, `${setting} ${topology} ${size}`).to.have.members([...CONTENDERS]);
        }
      }
    }
    for (const r of runs) {
      for (const key of ['clusters', 'vpcs', 'calls', 'apiMinimum', 'simulatedMs'] as const) {
        expectPositive(r[key], `${r.contender}@${r.clusters}.${key}`);
      }
      if (r.setting === 'work' || r.contender === 'redshift-evr') {
        expect(r.complete, `${r.setting} ${r.contender}@${r.clusters} ${r.topology}`).to.equal(true);
        expect(r.evaluated).to.equal(r.clusters);
      }
    }
    // The estates' blocked networks: some clusters are not ready, and the checkers found the same.
    const work = runs.filter((r) => r.setting === 'work');
    expect(work.some((r) => r.ready < r.evaluated)).to.equal(true);
    expect(results.coverage).to.have.length(1);
    expect(results.coverage[0]?.runsToCover).to.be.greaterThan(1);
    expect(results.memory.length).to.be.greaterThan(0);
    expect(results.memory[0]).to.include({ memoryMB: 128, maxOldSpaceMB: 126, maxSemiSpaceMB: 1 });

    for (const key of ['shippedBytes', 'defaultBytes', 'shippedColdMs', 'defaultColdMs'] as const) {
      expectPositive(results.bundle[key], `bundle.${key}`);
    }

    expect(results.targets).to.be.an('array').that.is.not.empty;
    for (const t of results.targets) {
      expect(t.goal).to.be.a('string');
      expect(t.met).to.be.a('boolean');
      expect(Number.isFinite(t.measured) && t.measured >= 0, `${t.id}.measured = ${t.measured}`).to.equal(true);
      if (!t.met) expect(t.reason, `${t.id}.reason`).to.be.a('string').and.not.equal('');
    }

    // The organization scan: every account's cluster in both Regions, through one AssumeRole per account.
    const organization = results.organization ?? [];
    expect(organization.map((o) => o.accounts)).to.deep.equal([3, 6]);
    for (const o of organization) {
      expect(o.clusters).to.equal(o.accounts * o.regions);
      expect(o.callsByAction.AssumeRole).to.equal(o.accounts);
      for (const key of ['wallMs', 'peakRssMB', 'calls', 'callsPerAccountRegion'] as const) {
        expectPositive(o[key], `organization@${o.accounts}.${key}`);
      }
    }

    const table = await readFile(join(dir, 'results.md'), 'utf8');
    expect(table)
      .to.match(/^\| Clusters \| Topology +\| +VPCs \| Contender +\|/m)
      .and.match(/^\| Accounts \| Regions \| Clusters \|/m)
      .and.include('npm run bench -- --quick');
  });
});

describe('docs/benchmarks.md', () => {
  it('is the page generated from bench/results.json, word for word', async () => {
    const { resultsMarkdown } = await import('../../bench/markdown.ts');
    const results = JSON.parse(await readFile(join(ROOT, 'bench/results.json'), 'utf8')) as BenchResults;
    const page = await readFile(join(ROOT, 'docs/benchmarks.md'), 'utf8');
    expect(page).to.equal(resultsMarkdown(results));
    expect(page).to.match(/^\| Clusters \| Topology +\| +VPCs \| Contender +\|/m);
  });
});

describe('the bundle the benchmark measures', () => {
  it("is built with serverless.yml's esbuild options (the target aside: the local Node's)", async () => {
    const { parse } = await import('yaml');
    const { shippedOptions } = await import('../../bench/bundle.ts');
    const deployed = parse(await readFile(join(ROOT, 'serverless.yml'), 'utf8')).custom.esbuild;
    const measured = shippedOptions();
    for (const key of [
      'bundle',
      'minify',
      'sourcemap',
      'format',
      'platform',
      'mainFields',
      'splitting',
      'banner',
      'define',
    ] as const) {
      expect(measured[key], key).to.deep.equal(deployed[key]);
    }
  });
});
