import type { Tag as WorkgroupTag } from '@aws-sdk/client-redshift-serverless';
import type { Read } from './reads/readSpec.ts';
import type { READS } from './reads/reads.ts';

export type { WorkgroupTag };

export type VpcDnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';

type Reads = typeof READS;

/**
 * The describe and list calls the engine needs (one method per entry of READS, documented there), returning
 * AWS's raw shapes (so snapshots record them verbatim). Implementations: live SDK clients, a recorded snapshot,
 * and a recorder around either. Every method throws AwsCallError on failure.
 */
export type FactSource = { readonly region: string } & {
  readonly [K in keyof Reads]: Reads[K] extends Read<infer A, infer R> ? (...args: A) => Promise<R> : never;
};
