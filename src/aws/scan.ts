import type { Cluster } from '@aws-sdk/client-redshift';
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';
import { evaluateCluster, isExempt } from '../core/evaluateCluster.ts';
import { KINDS } from '../core/resourceKinds.ts';
import {
  type ClusterEvaluation,
  type ClusterFacts,
  RESOURCE_KINDS,
  type ResourceKind,
  type RuleOptions,
} from '../core/types.ts';
import { bucketsForEndpointPolicy, type UsageFacts } from '../core/usage.ts';
import { type AwsCallError, isAwsCallError, isDeadlineError } from '../errors.ts';
import { chunk, groupBy, mapWithConcurrency } from './collections.ts';
import type { FactSource } from './factSource.ts';
import { FactCache, toClusterFactsWithGroups, toWorkgroupFactsWithNetwork, VPC_BATCH_SIZE } from './gatherFacts.ts';
import { KIND_READERS } from './kindReaders.ts';

export interface ScanProgress {
  readonly clustersEvaluated: number;
  readonly clustersTotal: number;
}

export interface ScanControl {
  /**
   * The time exemptions' end dates are judged at (src/core/exemptionExpiry.ts): the rule's invocation, the
   * scan's or snapshot's observedAt, the preflight's clock. Unset: when the scan starts.
   */
  readonly at?: Date;
  /** Asked before each batch of VPCs; true stops the scan (e.g. the Lambda's time is running out). */
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Called with each batch of decided evaluations as soon as it is decided (e.g. to send it). */
  readonly onEvaluated?: (evaluations: readonly ClusterEvaluation[]) => Promise<void>;
  /**
   * Lower comes first: VPCs are visited in the order of their most urgent cluster (e.g. the oldest result),
   * so that runs cut short by time reach different clusters. Equal priorities keep the given order.
   */
  readonly priority?: (clusterIdentifier: string) => number;
  /**
   * Usage discovery (`scan --discover-usage`): what each resource whose network is checked really uses. Its
   * failures come back as unknown usage, never as errors.
   */
  readonly discoverUsage?: (cluster: ClusterFacts) => Promise<UsageFacts>;
}

/** Resources whose usage is discovered at once (each runs a few Data API statements). */
export const DISCOVERY_CONCURRENCY = 4;

export interface ScanResult {
  /** In the order the clusters were given. */
  readonly evaluations: ClusterEvaluation[];
  /** Clusters not evaluated because `shouldStop` said so, or the deadline passed. */
  readonly notEvaluated: string[];
  /** What the deadline cut short (the call that did not answer in time), when it did. */
  readonly stoppedBy?: string;
  /** With `optionalWorkgroups`: workgroups that could not be listed, and why (none of them is in `evaluations`). */
  readonly unlisted?: readonly UnlistedKind[];
}

export interface UnlistedKind {
  readonly kind: ResourceKind;
  readonly error: AwsCallError;
}

/**
 * Gather the network facts of these clusters' VPCs (batched, cached) and evaluate each cluster.
 * Works through VPCs in batches so that a stop request, or a call abandoned at the deadline
 * (DeadlineError), leaves whole, sendable results behind; the rest are `notEvaluated`.
 */
const evaluateClusters = async (
  cache: FactCache,
  clusters: readonly ClusterFacts[],
  options: RuleOptions,
  control: ScanControl = {},
): Promise<ScanResult> => {
  const results = new Map<ClusterFacts, ClusterEvaluation>();
  const at = control.at ?? new Date();
  const report = () => control.onProgress?.({ clustersEvaluated: results.size, clustersTotal: clusters.length });
  // Decided before any network call: no VPC, no network check, or exempt.
  const needsNoNetwork = (c: ClusterFacts) => c.vpcId === undefined || isExempt(c, options, at);
  const withoutNetwork = options.prerequisiteMode === 'off' ? clusters : clusters.filter(needsNoNetwork);
  const decided = withoutNetwork.map((c) => {
    const evaluation = evaluateCluster(c, undefined, options, at);
    results.set(c, evaluation);
    return evaluation;
  });
  if (decided.length > 0) await control.onEvaluated?.(decided);
  report();

  const byVpc = groupBy(
    clusters.filter((c) => !results.has(c)),
    (c) => c.vpcId as string,
  );
  const priority = control.priority;
  const urgency = new Map(
    [...byVpc].map(([vpcId, members]) => [
      vpcId,
      members.reduce((min, c) => Math.min(min, priority?.(c.clusterIdentifier) ?? 0), Number.POSITIVE_INFINITY),
    ]),
  );
  // A stable sort: equal urgency keeps the order in which the clusters were listed.
  const vpcIds = [...byVpc.keys()].sort((a, b) => (urgency.get(a) ?? 0) - (urgency.get(b) ?? 0));
  let stoppedBy: string | undefined;
  for (const batch of chunk(vpcIds, VPC_BATCH_SIZE)) {
    if (control.shouldStop?.() === true) break;
    let networks: Awaited<ReturnType<FactCache['networksOf']>>;
    try {
      networks = await cache.networksOf(batch);
    } catch (error) {
      if (!isDeadlineError(error)) throw error;
      stoppedBy = error.message;
      break;
    }
    // A VPC whose facts ran out of time is left out: its clusters are not evaluated (they keep their results).
    const members = batch.flatMap((vpcId) => {
      const network = networks.get(vpcId);
      return network === undefined ? [] : (byVpc.get(vpcId) ?? []).map((c) => ({ c, network }));
    });
    const discover = control.discoverUsage;
    const batchResults =
      discover === undefined
        ? members.map(({ c, network }) => evaluateCluster(c, network, options, at))
        : await mapWithConcurrency(members, DISCOVERY_CONCURRENCY, async ({ c, network }) => {
            const usage = await discover(c);
            // The endpoint policy is judged against the buckets in use (S3Buckets, when given, wins).
            const judged = usage.usage.known
              ? await cache.withUsedBuckets(network, bucketsForEndpointPolicy(usage, c.kind))
              : network;
            return evaluateCluster(c, judged, options, at, usage);
          });
    for (const [i, { c }] of members.entries()) results.set(c, batchResults[i] as ClusterEvaluation);
    await control.onEvaluated?.(batchResults);
    report();
  }
  const cutShortBy = stoppedBy ?? cache.cutShortBy;
  return {
    evaluations: clusters.flatMap((c) => results.get(c) ?? []),
    notEvaluated: clusters.filter((c) => !results.has(c)).map((c) => c.clusterIdentifier),
    ...(cutShortBy === undefined ? {} : { stoppedBy: cutShortBy }),
  };
};

/** Clusters and workgroups in the SDK's shapes (listed, or read from a Config item). */
export interface SdkResources {
  readonly clusters?: readonly Cluster[];
  readonly workgroups?: readonly Workgroup[];
}

/**
 * Evaluate clusters and workgroups in the SDK's shapes: the clusters' subnet groups in one pass when
 * `allGroups` (a whole region), else one lookup per group; the workgroups' subnets in one batched pass; then
 * the VPCs of both kinds together, in shared batches.
 */
export const evaluateSdkResources = async (
  source: FactSource,
  resources: SdkResources,
  options: RuleOptions,
  control: ScanControl & { readonly allGroups: boolean; readonly recordTags?: boolean },
): Promise<ScanResult> => {
  const cache = new FactCache(source, options.s3Buckets);
  const [clusters, workgroups] = await Promise.all([
    toClusterFactsWithGroups(cache, resources.clusters ?? [], control.allGroups),
    toWorkgroupFactsWithNetwork(cache, resources.workgroups ?? [], {
      tags: control.recordTags === true ? 'record' : options.exemptionTagKey !== undefined ? 'for-exemptions' : 'none',
      vpc: options.prerequisiteMode !== 'off',
    }),
  ]);
  return evaluateClusters(cache, [...clusters, ...workgroups], options, control);
};

/** What a scan reads: which kinds, and optionally only the clusters and workgroups of these names. */
export interface ScanTarget {
  /** Both kinds unless given; names given for one kind alone read only that kind. */
  readonly kinds?: readonly ResourceKind[];
  readonly clusterIdentifiers?: readonly string[];
  readonly workgroupNames?: readonly string[];
  /**
   * Workgroups that cannot be listed (redshift-serverless actions not granted, or Redshift Serverless not
   * offered in the Region) go to `unlisted` instead of failing the scan: for scans of every kind that nobody
   * narrowed, so that a Redshift.7 scan that worked before workgroups were added still works. Clusters that
   * cannot be listed fail the scan as always.
   */
  readonly optionalWorkgroups?: boolean;
  /** Read every workgroup's tags, exemption or not (a snapshot, so that a scan of it may use any tag key). */
  readonly recordTags?: boolean;
}

/** Which field of a ScanTarget names the resources of each kind. */
const NAMES_OF = {
  cluster: 'clusterIdentifiers',
  workgroup: 'workgroupNames',
} as const satisfies Record<ResourceKind, keyof ScanTarget>;

/** The ScanTarget fields that name these resources of each kind. */
export const namesTarget = (names: Partial<Record<ResourceKind, readonly string[]>>): ScanTarget =>
  Object.fromEntries(Object.entries(names).map(([kind, list]) => [NAMES_OF[kind as ResourceKind], list]));

/** A scan of one kind's resources of these names. */
export const namedTarget = (kind: ResourceKind, names: readonly string[]): ScanTarget => ({
  kinds: [kind],
  ...namesTarget({ [kind]: names }),
});

const kindsOf = (target: ScanTarget): readonly ResourceKind[] => {
  if (target.kinds !== undefined) return target.kinds;
  if (target.clusterIdentifiers !== undefined && target.workgroupNames === undefined) return ['cluster'];
  if (target.workgroupNames !== undefined && target.clusterIdentifiers === undefined) return ['workgroup'];
  return RESOURCE_KINDS;
};

type Listing = { readonly resources: SdkResources } | UnlistedKind;

const list = async (kind: ResourceKind, call: () => Promise<SdkResources>): Promise<Listing> => {
  try {
    return { resources: await call() };
  } catch (error) {
    if (!isAwsCallError(error)) throw error;
    return { kind, error };
  }
};

/**
 * Evaluate every cluster and workgroup of the region (or one, by name) with as few calls as the APIs allow.
 * @throws AwsCallError when the clusters or workgroups themselves cannot be listed (with `optionalWorkgroups`,
 * workgroups only when they are all that was asked for).
 */
export const scanRegion = async (
  source: FactSource,
  options: RuleOptions,
  control: ScanControl & ScanTarget = {},
): Promise<ScanResult> => {
  const kinds = kindsOf(control);
  const listings = await Promise.all(
    kinds.map((kind) => list(kind, () => KIND_READERS[kind](source, control[NAMES_OF[kind]]))),
  );
  // Only a kind that may go unlisted, and only beside one that may not: a scan of that kind alone fails.
  const optional = control.optionalWorkgroups === true && kinds.some((k) => !KINDS[k].mayGoUnlisted);
  const unlisted = listings.filter((l): l is UnlistedKind => 'error' in l);
  const fatal = unlisted.find((u) => !(optional && KINDS[u.kind].mayGoUnlisted));
  if (fatal !== undefined) throw fatal.error;
  const resources = Object.assign({}, ...listings.map((l) => ('resources' in l ? l.resources : {}))) as SdkResources;
  const result = await evaluateSdkResources(source, resources, options, {
    ...control,
    allGroups: control.clusterIdentifiers === undefined,
  });
  return unlisted.length === 0 ? result : { ...result, unlisted };
};
