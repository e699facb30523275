// npm run bench: API calls and evaluation time of a region scan, as ratios (no AWS, no network).
import { performance } from 'node:perf_hooks';
import type { FactSource } from '../src/aws/factSource.ts';
import { scanRegion } from '../src/aws/scan.ts';
import { snapshotFactSource } from '../src/aws/snapshot.ts';
import { syntheticAccount } from '../test/support/syntheticAccount.ts';

const CLUSTERS_PER_VPC = 10;

const account = (clusters: number) => {
  const data = syntheticAccount(clusters, Math.max(1, Math.ceil(clusters / CLUSTERS_PER_VPC)));
  return snapshotFactSource({
    format: 'redshift-evr-snapshot',
    version: 1,
    region: 'us-east-1',
    capturedAt: new Date(0).toISOString(),
    redshift: { clusters: data.clusters, clusterSubnetGroups: data.subnetGroups },
    ec2: {
      routeTables: data.routeTables,
      vpcEndpoints: data.vpcEndpoints,
      prefixLists: data.prefixLists,
      vpcAttributes: data.vpcAttributes,
    },
    failures: [],
  });
};

/** Wraps a source to count the describe calls a live scan would make. */
const counting = (source: FactSource) => {
  let calls = 0;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) => {
      calls += 1;
      return fn(...args);
    };
  const counted: FactSource = {
    region: source.region,
    describeClusters: wrap(source.describeClusters),
    describeClusterSubnetGroups: wrap(source.describeClusterSubnetGroups),
    describeRouteTables: wrap(source.describeRouteTables),
    describeVpcEndpoints: wrap(source.describeVpcEndpoints),
    describePrefixLists: wrap(source.describePrefixLists),
    describeVpcAttribute: wrap(source.describeVpcAttribute),
  };
  return { source: counted, calls: () => calls };
};

// A per-cluster checker: subnet group + route tables + endpoints + 2 VPC attributes for every cluster.
const NAIVE_CALLS_PER_CLUSTER = 5;
const options = { prerequisiteMode: 'report', requireInternetPath: false } as const;

const rows: string[] = [];
let baseline: number | undefined;
for (const size of [100, 1_000, 10_000]) {
  const { source, calls } = counting(account(size));
  await scanRegion(source, options); // call count
  // Warm the JIT, then time enough runs that small sizes are not dominated by noise.
  for (let i = 0; i < 3; i++) await scanRegion(account(size), options);
  const runs = Math.max(5, Math.round(50_000 / size));
  const start = performance.now();
  for (let i = 0; i < runs; i++) await scanRegion(account(size), options);
  const perCluster = (performance.now() - start) / runs / size;
  baseline ??= perCluster;
  rows.push(
    `${String(size).padStart(6)} clusters in ${String(Math.ceil(size / CLUSTERS_PER_VPC)).padStart(5)} VPCs | ` +
      `API calls per cluster ${(calls() / size).toFixed(3)} (naive: ${NAIVE_CALLS_PER_CLUSTER}, ${((NAIVE_CALLS_PER_CLUSTER * size) / calls()).toFixed(1)}x fewer) | ` +
      `time per cluster vs 100-cluster run: ${(perCluster / baseline).toFixed(2)}x`,
  );
}
console.log('redshift-evr scan benchmark (offline; ratios, not seconds)');
for (const row of rows) console.log(row);
