/**
 * The targets, judged from the measured runs. A missed target stays in the results with met:false
 * and a reason built from the figures, so the file never hides a miss.
 */
import type { BundleRecord, RunRecord, TargetRecord } from './results.ts';

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

/** Calls beyond the minimum, per action, e.g. "GetComplianceDetailsByConfigRule +50". */
const excess = (run: RunRecord, minimumByAction: Readonly<Record<string, number>>): string =>
  Object.entries(run.callsByAction)
    .map(([action, calls]) => [action, calls - (minimumByAction[action] ?? 0)] as const)
    .filter(([, extra]) => extra > 0)
    .map(([action, extra]) => `${action} +${extra}`)
    .join(', ');

/** The run at `size`, or at the largest size run (a --quick run has no 1,000 or 5,000). */
const at = (runs: readonly RunRecord[], contender: RunRecord['contender'], size: number) => {
  const mine = runs.filter((r) => r.contender === contender);
  const exact = mine.find((r) => r.clusters === size);
  if (exact) return { run: exact, label: `at ${fmt(size)} clusters` };
  const largest = mine.reduce<RunRecord | undefined>((a, r) => (a && a.clusters >= r.clusters ? a : r), undefined);
  if (!largest) throw new Error(`no ${contender} run`);
  return { run: largest, label: `at ${fmt(largest.clusters)} clusters (quick run; the target is set at ${fmt(size)})` };
};

export const judgeTargets = (
  runs: readonly RunRecord[],
  minimumByActionAt: (clusters: number) => Readonly<Record<string, number>>,
  bundle: BundleRecord,
): TargetRecord[] => {
  const out: TargetRecord[] = [];
  for (const run of runs.filter((r) => r.contender === 'redshift-evr')) {
    out.push(
      target(
        {
          id: `calls-vs-minimum-${run.clusters}`,
          goal: `API calls ≤ 1.05× the API minimum at ${fmt(run.clusters)} clusters`,
          measured: run.calls / run.apiMinimum,
          comparison: '<=',
          limit: 1.05,
          unit: 'x',
        },
        () =>
          `${fmt(run.calls)} calls against a minimum of ${fmt(run.apiMinimum)}; beyond it: ${excess(run, minimumByActionAt(run.clusters))}`,
      ),
    );
  }
  const rule1k = at(runs, 'redshift-evr', 1_000);
  const per1k = at(runs, 'per-cluster', 1_000);
  out.push(
    target(
      {
        id: 'fewer-calls-1000',
        goal: `≥ 20× fewer API calls than the per-cluster checker ${rule1k.label}`,
        measured: per1k.run.calls / rule1k.run.calls,
        comparison: '>=',
        limit: 20,
        unit: 'x',
      },
      () =>
        `per-cluster ${fmt(per1k.run.calls)} calls vs ${fmt(rule1k.run.calls)}: the per-cluster checker needs ${round(per1k.run.calls / per1k.run.clusters, 1)} calls per cluster, the rule ${round(rule1k.run.calls / rule1k.run.vpcs, 1)} per VPC of 10 clusters`,
    ),
    target(
      {
        id: 'less-wall-1000',
        goal: `≥ 10× less wall time than the per-cluster checker ${rule1k.label}`,
        measured: per1k.run.wallMs / rule1k.run.wallMs,
        comparison: '>=',
        limit: 10,
        unit: 'x',
      },
      () =>
        `per-cluster ${fmt(per1k.run.wallMs)} ms for ${fmt(per1k.run.calls)} calls vs ${fmt(rule1k.run.wallMs)} ms for ${fmt(rule1k.run.calls)} calls (at most ${per1k.run.peakInFlight} vs ${rule1k.run.peakInFlight} in flight)`,
    ),
  );
  const rule5k = at(runs, 'redshift-evr', 5_000);
  out.push(
    target(
      {
        id: 'wall-5000',
        goal: `wall time < 20 s ${rule5k.label}`,
        measured: rule5k.run.wallMs,
        comparison: '<',
        limit: 20_000,
        unit: 'ms',
      },
      () =>
        `${fmt(rule5k.run.wallMs)} ms for ${fmt(rule5k.run.calls)} calls at ${rule5k.run.peakInFlight} in flight at most: DescribeVpcAttribute has no batch form and is bounded to 5 in flight`,
    ),
    target(
      {
        id: 'rss-5000',
        goal: `peak RSS < 256 MB ${rule5k.label}`,
        measured: rule5k.run.peakRssMB,
        comparison: '<',
        limit: 256,
        unit: 'MB',
      },
      () =>
        `${rule5k.run.peakRssMB} MB peak, of which ${rule5k.run.idleRssMB} MB before the run (Node, the SDK and the code loaded)`,
    ),
    target(
      {
        id: 'bundle-size',
        goal: 'shipped bundle ≤ 0.6× the size of esbuild defaults',
        measured: bundle.shippedBytes / bundle.defaultBytes,
        comparison: '<=',
        limit: 0.6,
        unit: 'x',
      },
      () => `${fmt(bundle.shippedBytes)} bytes vs ${fmt(bundle.defaultBytes)} bytes with esbuild's defaults`,
    ),
    target(
      {
        id: 'bundle-cold-import',
        goal: 'shipped bundle cold import ≤ 0.6× that of esbuild defaults',
        measured: bundle.shippedColdMs / bundle.defaultColdMs,
        comparison: '<=',
        limit: 0.6,
        unit: 'x',
      },
      () =>
        `median ${bundle.shippedColdMs} ms vs ${bundle.defaultColdMs} ms over ${bundle.coldSamples} fresh processes each`,
    ),
  );
  return out;
};
