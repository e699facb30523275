/** docs/benchmarks.md, generated from bench/results.json only (so the two cannot disagree). */
import { TOPOLOGIES, type Topology } from './estate.ts';
import type { BenchResults, Contender, MemoryRecord, SimulatedRun } from './results.ts';

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Ratios near a 1.05 limit need a third digit, or 1.048 would read as exactly the limit. */
const ratio = (n: number): string => `${fmt(n, n < 2 ? 3 : 1)}×`;
const seconds = (ms: number): string => `${fmt(ms / 1000, 1)} s`;
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

const LABEL: Readonly<Record<Contender, string>> = {
  'redshift-evr': 'redshift-evr',
  'per-cluster': 'per-cluster',
  'per-cluster-cached': 'per-cluster, cached',
};

const topologyOf = (t: Topology): string => TOPOLOGIES[t].label;

/** Each (size, topology) of a setting, in the order run, with its contenders' runs. */
const groups = (runs: readonly SimulatedRun[]) => {
  const keys = [...new Set(runs.map((r) => `${r.clusters}/${r.topology}`))];
  return keys.map((key) => {
    const mine = runs.filter((r) => `${r.clusters}/${r.topology}` === key);
    const by = (c: Contender) => mine.find((r) => r.contender === c);
    return {
      first: mine[0] as SimulatedRun,
      rule: by('redshift-evr'),
      naive: by('per-cluster'),
      cached: by('per-cluster-cached'),
    };
  });
};

const outcomeOf = (r: SimulatedRun): string => {
  if (r.complete) return 'complete';
  if (r.error !== undefined) return `failed: ${r.error.split(':')[0]}`;
  if (r.timedOut) return 'stopped by the timeout';
  return `stopped in time: ${fmt(r.clusters - r.evaluated)} left for the next run`;
};

/** The largest clusters count that fitted a memory size, and the first that did not. */
const memoryLimits = (records: readonly MemoryRecord[], memoryMB: number) => {
  const mine = records.filter((r) => r.memoryMB === memoryMB);
  const fit = mine.filter((r) => r.fits).at(-1);
  const failed = mine.find((r) => !r.fits);
  return { record: mine[0], fit, failed };
};

export const resultsMarkdown = (results: BenchResults): string => {
  const work = results.simulated.filter((r) => r.setting === 'work');
  const deployed = results.simulated.filter((r) => r.setting !== 'work');
  const { latency, bucket, pace } = results;

  const workTable = table(
    ['Clusters', 'Topology', 'VPCs', 'Contender', 'API calls', '× API minimum', 'Simulated wall', 'Ready found'],
    work.map((r) => [
      fmt(r.clusters),
      topologyOf(r.topology),
      fmt(r.vpcs),
      LABEL[r.contender],
      fmt(r.calls),
      `${ratio(r.callsPerMinimum)} (min ${fmt(r.apiMinimum)})`,
      seconds(r.simulatedMs),
      `${fmt(r.ready)} of ${fmt(r.evaluated)}`,
    ]),
    [true, false, true, false, true, true, true, true],
  );
  const ratios = table(
    [
      'Clusters',
      'Topology',
      'Fewer calls than per-cluster',
      'than cached',
      'Less wall than per-cluster',
      'than cached',
    ],
    groups(work).flatMap(({ first, rule, naive, cached }) =>
      rule && naive && cached
        ? [
            [
              fmt(first.clusters),
              topologyOf(first.topology),
              ratio(naive.calls / rule.calls),
              ratio(cached.calls / rule.calls),
              ratio(naive.simulatedMs / rule.simulatedMs),
              ratio(cached.simulatedMs / rule.simulatedMs),
            ],
          ]
        : [],
    ),
    [true, false, true, true, true, true],
  );
  const deployedTable = table(
    [
      'Account',
      'Clusters',
      'Topology',
      'Contender',
      'Evaluated',
      'API calls',
      'Throttled',
      'Retries',
      'Errors seen',
      'Simulated wall',
      'Outcome',
    ],
    deployed.map((r) => [
      r.setting === 'busy' ? 'busy' : 'quiet',
      fmt(r.clusters),
      topologyOf(r.topology),
      LABEL[r.contender],
      fmt(r.evaluated),
      fmt(r.calls),
      fmt(r.throttled),
      fmt(r.retries),
      fmt(r.surfaced),
      seconds(r.simulatedMs),
      outcomeOf(r),
    ]),
    [false, true, false, false, true, true, true, true, true, true, false],
  );
  const coverageTable = table(
    ['Clusters', 'Topology', 'VPCs', 'Evaluated by each run', '⌈needed⌉ runs', 'Runs to evaluate all'],
    results.coverage.map((c) => [
      fmt(c.clusters),
      topologyOf(c.topology),
      fmt(c.vpcs),
      c.perRun.map((n) => fmt(n)).join(', '),
      fmt(c.neededRuns),
      c.runsToCover === undefined ? `not in ${c.perRun.length}` : fmt(c.runsToCover),
    ]),
    [true, false, true, false, true, true],
  );
  // What one run covers, by topology: the first run of an account too big for one.
  const perRun = new Map<Topology, number>();
  for (const c of results.coverage) perRun.set(c.topology, Math.max(perRun.get(c.topology) ?? 0, c.perRun[0] ?? 0));
  const memorySizes = [...new Set(results.memory.map((m) => m.memoryMB))];
  const memoryTable = table(
    [
      'Memory',
      'Heap limits (old / semi space)',
      'Fits (whole account)',
      'Peak RSS there',
      'Does not fit',
      'One run, 10 per VPC',
      'One run, 1 per VPC',
    ],
    memorySizes.map((memoryMB) => {
      const { record, fit, failed } = memoryLimits(results.memory, memoryMB);
      const memoryMax = fit?.clusters ?? 0;
      const oneRun = (t: Topology) => {
        const time = perRun.get(t);
        const limit = time === undefined ? memoryMax : Math.min(memoryMax, time);
        return `${fmt(limit)}${time !== undefined && time < memoryMax ? ' (time)' : ' (memory)'}`;
      };
      return [
        `${fmt(memoryMB)} MB`,
        `${fmt(record?.maxOldSpaceMB ?? 0)} / ${fmt(record?.maxSemiSpaceMB ?? 0)} MB`,
        fit === undefined ? 'none tried' : `${fmt(fit.clusters)} clusters`,
        fit?.peakRssMB === undefined ? '' : `${fmt(fit.peakRssMB)} MB`,
        failed === undefined
          ? `none up to ${fmt(Math.max(...results.memory.map((m) => m.clusters)))}`
          : `${fmt(failed.clusters)}: ${failed.reason ?? ''}`,
        oneRun('ten-per-vpc'),
        oneRun('one-per-vpc'),
      ];
    }),
    [true, true, true, true, false, true, true],
  );
  const b = results.bundle;
  const bundle = table(
    ['Config rule handler bundle', 'Size', 'Cold import (median)'],
    [
      [
        'as deployed (ESM, split, `mainFields: [module, main]`)',
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
  const p90 = latency.medianMs * Math.exp(latency.sigma * 1.2816);
  const p99 = latency.medianMs * Math.exp(latency.sigma * 2.3263);
  return [
    '# Benchmarks',
    '',
    '<!-- Generated from bench/results.json by bench/markdown.ts: `npm run bench` rewrites both; a test compares. -->',
    '',
    `\`npm run bench${results.quick ? ' -- --quick' : ''}\`, ${results.date.slice(0, 10)}, on ${results.machine}, Node ${results.node}.`,
    '',
    '## What is measured, and how',
    '',
    '- **Contenders.** **redshift-evr** is this Config rule answering one ScheduledNotification, its clients built as ' +
      'the Lambda builds them. **per-cluster** is a periodic rule written the way public samples are: for each cluster ' +
      'its subnet group, its subnets’ route tables, its VPC’s S3 endpoints, the two DNS attributes, its security groups, ' +
      'its subnets’ network ACLs and the S3 prefix list’s entries, 5 clusters in flight, evaluations in batches of 100, the ' +
      'SDK’s default retries. **per-cluster, cached** is the same with the simplest cache: each distinct request made ' +
      'once per run, its answer shared (so each VPC and each subnet group is read once).',
    `- **Transport and time.** Every contender goes through the real AWS SDK v3 clients (serialization, signing, retries, ` +
      'the adaptive rate limiter, error parsing) to an endpoint model in the same process that answers with AWS’s wire ' +
      'formats, page limits and filters. Time is **simulated**: each call waits a latency drawn from a log-normal ' +
      `distribution (median ${fmt(latency.medianMs)} ms, p90 ${fmt(p90)} ms, p99 ${fmt(p99)} ms, seeded), and the clock ` +
      'jumps to the next timer whenever everything waits. *Simulated wall* is the time spent waiting on AWS (latency, ' +
      'pacing, back-off); the CPU time of the code is not in it (results.json has each run’s CPU time, the endpoint ' +
      'model’s included). Real time was out of reach: a throttled run of thousands of calls at 20 a second takes minutes.',
    '- **Estates.** Three topologies (10 clusters per VPC, 1 per VPC, all in one VPC). Not every network is open: in ' +
      'one VPC in ten the private route table has no S3 route, in another DNS hostnames are off, in another a network ' +
      'ACL denies HTTPS out, and one cluster in ten has only a security group that keeps HTTPS inside the VPC. Every ' +
      'contender’s readiness for every cluster it evaluated is checked against what the estate was built to be (a ' +
      'wrong one stops the benchmark): the *Ready found* column is that count.',
    `- **Settings.** *Work*: no throttling and no deadline, to count what each contender asks of AWS for the whole ` +
      `account. *Deployed*: EC2’s request token bucket for non-mutating actions (burst ${fmt(bucket.burst)}, refill ` +
      `${fmt(bucket.refillPerSecond)} a second, shared by every EC2 Describe/Get call; a request that finds it empty is ` +
      'answered RequestLimitExceeded, HTTP 503, as EC2 does; figures from the Amazon EC2 API Reference, “Request ' +
      `throttling”) and the function’s ${fmt(results.budgetMs / 1000)} s timeout (serverless.yml): a contender still ` +
      'running then is stopped. EC2 documents a smaller bucket for some describe actions called with neither filters ' +
      'nor pagination; every EC2 call here is filtered or paginated, or has neither option (DescribeVpcAttribute), and ' +
      'the model counts them all in the non-mutating bucket. Redshift’s and Config’s own rate limits are not modelled ' +
      `(AWS documents no bucket for them). The rule paces its EC2 calls at ${fmt(pace.perSecond)} a second after a burst of ${fmt(pace.burst)}, half ` +
      'the bucket’s refill, leaving the other half to every other caller of the account; that pace is in both settings, ' +
      'which is why its simulated wall time exceeds the checkers’ where it makes thousands of DescribeVpcAttribute calls.',
    '- **API minimum.** DescribeClusters, DescribeClusterSubnetGroups, DescribeRouteTables, DescribeVpcEndpoints, ' +
      'DescribePrefixLists, DescribeSecurityGroups (the groups the clusters use) and DescribeNetworkAcls each read once at ' +
      'their largest page, 2 DescribeVpcAttribute per VPC (no batch form exists), one page of ' +
      'GetManagedPrefixListEntries, DescribeVpcBlockPublicAccessOptions and DescribeVpcBlockPublicAccessExclusions once ' +
      'each, ⌈N/100⌉ PutEvaluations, and the rule’s earlier results listed once (GetComplianceDetailsByConfigRule, ' +
      '⌈N/100⌉ pages, to clean up deleted clusters). The clean-up listing is **counted in both** the minimum and every ' +
      'contender’s calls (the per-cluster checkers do no clean-up, so their ratio is, if anything, flattered).',
    '',
    '## Work: every cluster, no throttling, no deadline',
    '',
    workTable,
    '',
    ratios,
    '',
    'Above 1×, the rule made fewer calls or took less time; below 1×, more. Its calls stay within 1.05× of the ' +
      'minimum in every topology; its simulated wall time is longer than the checkers’ wherever its pace, not the ' +
      'latency, sets it (many VPCs), since the checkers here meet no bucket: in an account they do, and the next table ' +
      'shows what happens to them.',
    '',
    '## Deployed: EC2’s bucket and the 300 s timeout',
    '',
    '*Throttled*: requests answered RequestLimitExceeded; *Retries*: requests that were an SDK retry; *Errors seen*: ' +
      'calls whose last attempt was throttled, so that the contender got the error. A checker that gets one fails its ' +
      'run (no evaluation reaches Config); the rule would report the network of the VPC concerned as unverified. A ' +
      `*quiet* account has the bucket to itself; in a *busy* one another caller spends ${fmt(results.otherCallerPerSecond)} ` +
      `of its ${fmt(bucket.refillPerSecond)} tokens a second (modelled as the same burst refilled at ` +
      `${fmt(bucket.refillPerSecond - results.otherCallerPerSecond)} a second), less than the rule’s pace: the rule meets ` +
      'RequestLimitExceeded, and its adaptive retries slow it down.',
    '',
    deployedTable,
    '',
    '## Accounts too big for one run',
    '',
    'Periodic runs one after the other, in the deployed setting: each run evaluates first the clusters whose results ' +
      'are oldest, sends what it decided before the timeout, and leaves the rest to the next. *⌈needed⌉ runs* is the ' +
      'account’s size over what the first run evaluated, rounded up.',
    '',
    coverageTable,
    '',
    '## Memory',
    '',
    'The bundled rule evaluates a whole account (10 clusters per VPC) in a fresh `node` with the heap limits Lambda’s ' +
      'Node.js runtime sets for the memory size (new space = size / 64, `--max-semi-space-size` half of it, ' +
      '`--max-old-space-size` the rest: as the runtime’s bootstrap script reads, not checked against AWS here), against ' +
      'the local HTTP endpoint in real time (1 ms a call, pacing off: pacing changes when requests go, not what is kept). ' +
      'It fits when it finishes with its peak RSS within the memory size. *One run* is the largest account a 300 s run ' +
      'evaluates whole: the smaller of what fits in memory and what the first run above evaluated in time; an account ' +
      'larger than that takes the runs of the table above. The stack deploys 512 MB. A size that fits a smaller ' +
      'memory size is not run again for a larger one (its peak RSS is that run’s).',
    '',
    memoryTable,
    '',
    '## Lambda bundle',
    '',
    'The handler as serverless.yml builds it, split: what a module loads with `import()` is a chunk of its own, loaded ' +
      'on use (the Security Hub client, for SecurityHubSync; the SDK’s credential providers other than the ' +
      'environment’s). The size counts every file the handler can load, statically or with `import()` (not the chunk ' +
      'esbuild emits for a dynamic import in code it tree-shook away, which nothing loads and the package leaves out); ' +
      'the cold import, a fresh `node` importing the handler, loads the handler and the chunks it imports statically. ' +
      'A run with SecurityHubSync on loads the Security Hub chunk later.',
    '',
    bundle,
    '',
    '## Targets',
    '',
    targets,
    '',
    ...organizationSection(results),
    '## What these figures do not say',
    '',
    '- Simulated wall time leaves out CPU: on a Lambda of 512 MB (a fraction of a vCPU) the evaluation of a large ' +
      'account adds seconds to tens of seconds; the rule watches the real clock and stops in time whatever the cause.',
    '- The bucket is the account’s and Region’s: other callers spend it too. The rule leaves half the refill rate to ' +
      'them; a caller that takes more makes the rule meet RequestLimitExceeded, which its adaptive retries ride out ' +
      '(a test does this over HTTP), at the cost of time.',
    '- Latency is modelled, not measured from AWS; the endpoint model answers in microseconds of CPU where AWS may ' +
      'take longer for large pages.',
    '- Peak RSS is this machine’s Node; Lambda’s own runtime adds a little.',
    '',
    'Figures: `bench/results.json` (per-action call counts, CPU time, requests in flight, every memory run). ' +
      'Regenerate with `npm run bench`; `npm run bench -- --quick` is the smoke run CI does (it writes its figures to the temp directory, not over these).',
    '',
  ].join('\n');
};

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
      seconds(r.wallMs),
      `${fmt(r.peakRssMB)} MB`,
    ]),
    [true, true, true, true, true, true, true],
  );
  const growth = (value: (r: (typeof records)[number]) => number) => ratio(value(last) / value(first));
  return [
    '## Organization scan',
    '',
    `\`redshift-evr scan --accounts … --role redshift-evr-read\` in ${fmt(first.regions)} Regions, the built CLI through the ` +
      `real SDK to a local endpoint, in real time, that answers AssumeRole and every member account's reads at ${results.organizationLatencyMs} ms ` +
      'per call (one private cluster per account and Region, the whole path to S3 open). From ' +
      `${fmt(first.accounts)} to ${fmt(last.accounts)} accounts (${ratio(last.accounts / first.accounts)}), wall time ` +
      `grows ${growth((r) => r.wallMs)}, API calls ${growth((r) => r.calls)} and peak RSS ${growth((r) => r.peakRssMB)}.`,
    '',
    rows,
    '',
  ];
};
