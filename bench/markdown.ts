/** docs/benchmarks.md, generated from bench/results.json only (so the two cannot disagree). */
import type { BenchResults, RunRecord } from './results.ts';

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Ratios near a 1.05 limit need a third digit, or 1.048 would read as exactly the limit. */
const ratio = (n: number): string => `${fmt(n, n < 2 ? 3 : 1)}×`;
/** Columns padded to their widest cell, as Biome formats Markdown tables (bench/ is Biome-checked). */
const table = (head: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]): string => {
  const width = (text: string): number => [...text].length;
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    `| ${cells
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(c));
        return right[i] ? pad + c : c + pad;
      })
      .join(' | ')} |`;
  const rule = widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [line(head), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
};

/** What the per-cluster checker reads for each cluster, by the actions its runs called, in this order. */
const PER_CLUSTER_READS: readonly (readonly [action: string, what: string])[] = [
  ['DescribeClusterSubnetGroups', 'its subnet group'],
  ['DescribeRouteTables', 'its subnets\u2019 route tables'],
  ['DescribeVpcEndpoints', 'its VPC\u2019s S3 endpoints'],
  ['DescribeVpcAttribute', 'the two DNS attributes'],
  ['DescribeSecurityGroups', 'its security groups'],
  ['DescribeNetworkAcls', 'its subnets\u2019 network ACLs'],
  ['GetManagedPrefixListEntries', 'the S3 prefix list\u2019s entries'],
];

/** The synthetic VPCs' network, once the benchmark serves the whole path to S3. */
const ESTATE_NETWORK =
  ' (security groups mostly shared, each VPC\u2019s default network ACL, an S3 gateway endpoint with the ' +
  'default policy, Block Public Access off: every cluster ready, as both contenders confirm)';

/** "a, b and c". */
const andList = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const pairs = (runs: readonly RunRecord[]) =>
  [...new Set(runs.map((r) => r.clusters))].flatMap((clusters) => {
    const rule = runs.find((r) => r.clusters === clusters && r.contender === 'redshift-evr');
    const per = runs.find((r) => r.clusters === clusters && r.contender === 'per-cluster');
    return rule && per ? [{ clusters, rule, per }] : [];
  });

/** The organization scan's table and how it grows, when the results have it. */
const organizationSection = (results: BenchResults): string[] => {
  const records = results.organization ?? [];
  const first = records[0];
  const last = records.at(-1);
  if (first === undefined || last === undefined) return [];
  const rows = table(
    ['Accounts', 'Regions', 'Clusters', 'API calls', 'Per account and Region', 'Wall time', 'Peak RSS'],
    records.map((r) => [
      fmt(r.accounts),
      fmt(r.regions),
      fmt(r.clusters),
      fmt(r.calls),
      fmt(r.callsPerAccountRegion, 1),
      `${fmt(r.wallMs / 1000, 1)} s`,
      `${fmt(r.peakRssMB)} MB`,
    ]),
    [true, true, true, true, true, true, true],
  );
  const growth = (value: (r: (typeof records)[number]) => number) => ratio(value(last) / value(first));
  return [
    '## Organization scan',
    '',
    `\`redshift-evr scan --accounts … --role redshift-evr-read\` in ${fmt(first.regions)} Regions, the built CLI through the ` +
      `real SDK to a local endpoint that answers AssumeRole and every member account's reads at ${results.latencyMs} ms ` +
      'per call (one private cluster per account and Region, the whole path to S3 open). From ' +
      `${fmt(first.accounts)} to ${fmt(last.accounts)} accounts (${ratio(last.accounts / first.accounts)}), wall time ` +
      `grows ${growth((r) => r.wallMs)}, API calls ${growth((r) => r.calls)} and peak RSS ${growth((r) => r.peakRssMB)}.`,
    '',
    rows,
    '',
  ];
};

export const resultsMarkdown = (results: BenchResults): string => {
  const runs = table(
    ['Clusters', 'VPCs', 'Contender', 'API calls', '× API minimum', 'Wall time', 'Peak RSS'],
    results.runs.map((r) => [
      fmt(r.clusters),
      fmt(r.vpcs),
      r.contender,
      fmt(r.calls),
      `${ratio(r.callsPerMinimum)} (min ${fmt(r.apiMinimum)})`,
      `${fmt(r.wallMs / 1000, 1)} s`,
      `${fmt(r.peakRssMB)} MB`,
    ]),
    [true, true, false, true, true, true, true],
  );
  const ratios = table(
    ['Clusters', 'Fewer API calls', 'Less wall time'],
    pairs(results.runs).map(({ clusters, rule, per }) => [
      fmt(clusters),
      ratio(per.calls / rule.calls),
      ratio(per.wallMs / rule.wallMs),
    ]),
    [true, true, true],
  );
  const b = results.bundle;
  const bundle = table(
    ['Config rule handler bundle', 'Size', 'Cold import (median)'],
    [
      [
        'as deployed (ESM, `mainFields: [module, main]`)',
        `${fmt(b.shippedBytes / 1024)} KiB`,
        `${fmt(b.shippedColdMs)} ms`,
      ],
      ['esbuild defaults (CommonJS)', `${fmt(b.defaultBytes / 1024)} KiB`, `${fmt(b.defaultColdMs)} ms`],
      ['ratio', ratio(b.shippedBytes / b.defaultBytes), ratio(b.shippedColdMs / b.defaultColdMs)],
    ],
    [false, true, true],
  );
  const targets = table(
    ['Target', 'Measured', 'Met'],
    results.targets.map((t) => [
      t.goal,
      t.unit === 'x' ? ratio(t.measured) : `${fmt(t.measured, t.unit === 'MB' ? 1 : 0)} ${t.unit}`,
      t.met ? 'yes' : `**no**: ${t.reason ?? ''}`,
    ]),
    [false, true, false],
  );
  const organization = organizationSection(results);
  const ruleRuns = results.runs.filter((r) => r.contender === 'redshift-evr');
  // Results from before the network-path checks have no security-group reads: their text stays theirs.
  const networkPath = ruleRuns.some((r) => 'DescribeSecurityGroups' in r.callsByAction);
  const perClusterReads = PER_CLUSTER_READS.filter(([action]) =>
    results.runs.some((r) => r.contender === 'per-cluster' && action in r.callsByAction),
  ).map(([, what]) => what);
  const ruleInFlight = Math.max(0, ...ruleRuns.map((r) => r.peakInFlight));
  return [
    '# Benchmarks',
    '',
    '<!-- Generated from bench/results.json by bench/markdown.ts: `npm run bench` rewrites both; a test compares. -->',
    '',
    `\`npm run bench${results.quick ? ' -- --quick' : ''}\`, ${results.date.slice(0, 10)}, on ${results.machine}, Node ${results.node}. Both contenders go ` +
      'through the real AWS SDK v3 clients to a local endpoint (127.0.0.1) that serves synthetic estates of ' +
      `10 clusters per VPC${networkPath ? ESTATE_NETWORK : ''} with AWS's page limits and filters and a fixed ${results.latencyMs} ms per call. ` +
      '**redshift-evr** is this Config rule answering one ScheduledNotification; **per-cluster** is a periodic ' +
      `rule written the way public samples are: for each cluster ${andList(perClusterReads)}, evaluations sent in batches of 100, 5 clusters in ` +
      'flight; the rule keeps at most 5 DescribeVpcAttribute calls in flight (its batched describe calls run beside ' +
      `them, so up to ${ruleInFlight} requests at once). Each run is a fresh process. Ratios are the headline; times and memory are this machine\u2019s.`,
    '',
    runs,
    '',
    ratios,
    '',
    (networkPath
      ? 'API minimum: DescribeClusters, DescribeClusterSubnetGroups, DescribeRouteTables, DescribeVpcEndpoints, ' +
        'DescribePrefixLists, DescribeSecurityGroups (the groups the clusters use) and DescribeNetworkAcls each read ' +
        'once at their largest page, 2 DescribeVpcAttribute per VPC, one page of GetManagedPrefixListEntries, ' +
        'DescribeVpcBlockPublicAccessOptions and DescribeVpcBlockPublicAccessExclusions once each and ⌈N/100⌉ ' +
        'PutEvaluations. '
      : 'API minimum: DescribeClusters, DescribeClusterSubnetGroups, DescribeRouteTables, DescribeVpcEndpoints and ' +
        'DescribePrefixLists each read once at their largest page, 2 DescribeVpcAttribute per VPC and ⌈N/100⌉ ' +
        'PutEvaluations. ') +
      'The rule also lists its earlier results (GetComplianceDetailsByConfigRule, ⌈N/100⌉ ' +
      'pages) to clean up deleted clusters; those calls are counted in its API calls but not in the minimum. ' +
      'Peak RSS is the whole process of a run: the runner bundled as the Lambda is, started fresh with `node`.',
    '',
    bundle,
    '',
    targets,
    '',
    ...organization,
    'Figures: `bench/results.json` (per-action call counts, requests in flight, RSS before each run). ' +
      'Regenerate with `npm run bench` (about 7 minutes on 2 CPUs, most of it the per-cluster checker); ' +
      '`npm run bench -- --quick` is the smoke run CI does.',
    '',
  ].join('\n');
};
