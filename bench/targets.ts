/**
 * The targets, judged from the measured runs. A missed target stays in the results with met:false
 * and a reason built from the figures, so the file never hides a miss.
 */
import { apiMinimum } from './apiMinimum.ts';
import { buildEstate, TOPOLOGIES } from './estate.ts';
import type { BenchResults, SimulatedRun, TargetRecord } from './results.ts';

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (n: number): string => n.toLocaleString('en-US');

type Comparison = TargetRecord['comparison'];
const holds = (measured: number, comparison: Comparison, limit: number): boolean =>
  comparison === '<=' ? measured <= limit : comparison === '>=' ? measured >= limit : measured < limit;

const target = (
  fields: Omit<TargetRecord, 'met' | 'reason' | 'measured'> & { readonly measured: number },
  why: () => string,
): TargetRecord => {
  const measured = round(fields.measured, fields.unit === 'x' ? 3 : 1);
  const met = holds(measured, fields.comparison, fields.limit);
  return { ...fields, measured, met, ...(met ? {} : { reason: why() }) };
};

/** Calls beyond the minimum, per action, e.g. "DescribeVpcAttribute +4". */
const excess = (run: SimulatedRun): string => {
  const minimum = apiMinimum(buildEstate(run.clusters, { topology: run.topology })).byAction;
  return Object.entries(run.callsByAction)
    .map(([action, calls]) => [action, calls - (minimum[action] ?? 0)] as const)
    .filter(([, extra]) => extra > 0)
    .map(([action, extra]) => `${action} +${extra}`)
    .join(', ');
};

const where = (run: SimulatedRun): string => `${fmt(run.clusters)} clusters, ${TOPOLOGIES[run.topology].label}`;

/** The largest size of a setting that has runs (a quick run has small sizes only). */
const largest = (runs: readonly SimulatedRun[]): number => Math.max(0, ...runs.map((r) => r.clusters));

export const judgeTargets = (results: Omit<BenchResults, 'targets'>): TargetRecord[] => {
  const out: TargetRecord[] = [];
  const work = results.simulated.filter((r) => r.setting === 'work');
  const deployed = results.simulated.filter((r) => r.setting === 'deployed');
  const find = (runs: readonly SimulatedRun[], contender: SimulatedRun['contender'], like: SimulatedRun) =>
    runs.find((r) => r.contender === contender && r.clusters === like.clusters && r.topology === like.topology);

  for (const run of work.filter((r) => r.contender === 'redshift-evr')) {
    out.push(
      target(
        {
          id: `calls-vs-minimum-${run.topology}-${run.clusters}`,
          goal: `API calls ≤ 1.05× the API minimum, ${where(run)}`,
          measured: run.calls / run.apiMinimum,
          comparison: '<=',
          limit: 1.05,
          unit: 'x',
        },
        () => `${fmt(run.calls)} calls against a minimum of ${fmt(run.apiMinimum)}; beyond it: ${excess(run)}`,
      ),
    );
  }
  const cachedFrom = Math.min(1_000, largest(work));
  for (const rule of work.filter(
    (r) => r.contender === 'redshift-evr' && r.topology === 'ten-per-vpc' && r.clusters >= cachedFrom,
  )) {
    const cached = find(work, 'per-cluster-cached', rule);
    if (cached === undefined) continue;
    out.push(
      target(
        {
          id: `fewer-calls-than-cached-${rule.clusters}`,
          goal: `≥ 2× fewer API calls than the cached per-cluster checker, ${where(rule)}`,
          measured: cached.calls / rule.calls,
          comparison: '>=',
          limit: 2,
          unit: 'x',
        },
        () =>
          `cached per-cluster ${fmt(cached.calls)} calls vs ${fmt(rule.calls)}: it still reads each cluster's subnet group and security groups (${fmt(cached.callsByAction.DescribeClusterSubnetGroups ?? 0)} and ${fmt(cached.callsByAction.DescribeSecurityGroups ?? 0)} calls)`,
      ),
    );
  }
  const at = largest(deployed);
  for (const rule of deployed.filter((r) => r.contender === 'redshift-evr' && r.clusters === at)) {
    out.push(
      target(
        {
          id: `throttling-surfaced-${rule.topology}-${rule.clusters}`,
          goal: `0 throttling errors surfaced under EC2's bucket, ${where(rule)}`,
          measured: rule.surfaced,
          comparison: '<=',
          limit: 0,
          unit: 'errors',
        },
        () => `${fmt(rule.surfaced)} calls gave up on RequestLimitExceeded (${fmt(rule.throttled)} throttled answers)`,
      ),
    );
  }
  const tenPerVpc = deployed.find(
    (r) => r.contender === 'redshift-evr' && r.clusters === at && r.topology === 'ten-per-vpc',
  );
  if (tenPerVpc !== undefined) {
    out.push(
      target(
        {
          id: `one-run-${tenPerVpc.clusters}`,
          goal: `every cluster evaluated in one run of ${results.budgetMs / 1000} s under EC2's bucket, ${where(tenPerVpc)}`,
          measured: tenPerVpc.evaluated / tenPerVpc.clusters,
          comparison: '>=',
          limit: 1,
          unit: 'x',
        },
        () =>
          `${fmt(tenPerVpc.evaluated)} of ${fmt(tenPerVpc.clusters)} evaluated in ${fmt(Math.round(tenPerVpc.simulatedMs / 1000))} s (${fmt(tenPerVpc.callsByAction.DescribeVpcAttribute ?? 0)} DescribeVpcAttribute calls at the rule's pace)`,
      ),
    );
  }
  for (const c of results.coverage) {
    out.push(
      target(
        {
          id: `coverage-${c.topology}-${c.clusters}`,
          goal: `every cluster evaluated within ⌈needed⌉ = ${c.neededRuns} runs, ${fmt(c.clusters)} clusters, ${TOPOLOGIES[c.topology].label}`,
          measured: c.runsToCover ?? c.perRun.length + 1,
          comparison: '<=',
          limit: c.neededRuns,
          unit: 'runs',
        },
        () =>
          c.runsToCover === undefined
            ? `not covered in ${c.perRun.length} runs (${c.perRun.join(', ')} evaluated)`
            : `runs evaluated ${c.perRun.join(', ')}`,
      ),
    );
  }
  const b = results.bundle;
  out.push(
    target(
      {
        id: 'bundle-size',
        goal: 'shipped bundle (every chunk) ≤ 0.6× the size of esbuild defaults',
        measured: b.shippedBytes / b.defaultBytes,
        comparison: '<=',
        limit: 0.6,
        unit: 'x',
      },
      () => `${fmt(b.shippedBytes)} bytes vs ${fmt(b.defaultBytes)} bytes with esbuild's defaults`,
    ),
    target(
      {
        id: 'bundle-cold-import',
        goal: 'shipped bundle cold import ≤ 0.6× that of esbuild defaults',
        measured: b.shippedColdMs / b.defaultColdMs,
        comparison: '<=',
        limit: 0.6,
        unit: 'x',
      },
      () => `median ${b.shippedColdMs} ms vs ${b.defaultColdMs} ms over ${b.coldSamples} fresh processes each`,
    ),
  );
  return out;
};
