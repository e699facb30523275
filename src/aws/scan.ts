import type { Cluster } from '@aws-sdk/client-redshift';
import { evaluateCluster } from '../core/evaluateCluster.ts';
import type { ClusterEvaluation, ClusterFacts, RuleOptions } from '../core/types.ts';
import { chunk, groupBy } from './collections.ts';
import type { FactSource } from './factSource.ts';
import { FactCache, toClusterFactsWithGroups, VPC_BATCH_SIZE } from './gatherFacts.ts';

export interface ScanProgress {
  readonly clustersEvaluated: number;
  readonly clustersTotal: number;
}

export interface ScanControl {
  /** Asked before each batch of VPCs; true stops the scan (e.g. the Lambda's time is running out). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export interface ScanResult {
  /** In the order the clusters were given. */
  readonly evaluations: ClusterEvaluation[];
  /** Clusters not evaluated because `shouldStop` said so. */
  readonly notEvaluated: string[];
}

/**
 * Gather the network facts of these clusters' VPCs (batched, cached) and evaluate each cluster.
 * Works through VPCs in batches so that a stop request leaves whole, sendable results behind.
 */
export const evaluateClusters = async (
  cache: FactCache,
  clusters: readonly ClusterFacts[],
  options: RuleOptions,
  control: ScanControl = {},
): Promise<ScanResult> => {
  const results = new Map<ClusterFacts, ClusterEvaluation>();
  const report = () => control.onProgress?.({ clustersEvaluated: results.size, clustersTotal: clusters.length });
  const withoutNetwork = options.prerequisiteMode === 'off' ? clusters : clusters.filter((c) => c.vpcId === undefined);
  for (const c of withoutNetwork) results.set(c, evaluateCluster(c, undefined, options));
  report();

  const byVpc = groupBy(
    clusters.filter((c) => !results.has(c)),
    (c) => c.vpcId as string,
  );
  for (const batch of chunk([...byVpc.keys()], VPC_BATCH_SIZE)) {
    if (control.shouldStop?.() === true) break;
    const networks = await cache.networksOf(batch);
    for (const vpcId of batch) {
      for (const c of byVpc.get(vpcId) ?? []) results.set(c, evaluateCluster(c, networks.get(vpcId), options));
    }
    report();
  }
  return {
    evaluations: clusters.flatMap((c) => results.get(c) ?? []),
    notEvaluated: clusters.filter((c) => !results.has(c)).map((c) => c.clusterIdentifier),
  };
};

/**
 * Evaluate clusters in DescribeClusters' shape (listed, or read from a Config item): their subnet groups in
 * one pass when `allGroups` (a whole region), else one lookup per group; then their VPCs in batches.
 */
export const evaluateSdkClusters = async (
  source: FactSource,
  clusters: readonly Cluster[],
  options: RuleOptions,
  control: ScanControl & { readonly allGroups: boolean },
): Promise<ScanResult> => {
  const cache = new FactCache(source);
  const facts = await toClusterFactsWithGroups(cache, clusters, control.allGroups);
  return evaluateClusters(cache, facts, options, control);
};

/**
 * Evaluate every cluster of the region (or one, by identifier) with as few describe calls as the APIs allow.
 * @throws AwsCallError when the clusters themselves cannot be listed.
 */
export const scanRegion = async (
  source: FactSource,
  options: RuleOptions,
  control: ScanControl & { readonly clusterIdentifier?: string } = {},
): Promise<ScanResult> => {
  const clusters = await source.describeClusters(control.clusterIdentifier);
  return evaluateSdkClusters(source, clusters, options, {
    ...control,
    allGroups: control.clusterIdentifier === undefined,
  });
};
