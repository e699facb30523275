/**
 * Every AWS read the engine makes, each in one entry (readSpec.ts): the IAM action it needs and where that action
 * is granted, how it is called live (pages, page size, "not found"), and how a snapshot records and replays it.
 * The live source, the snapshot recorder and the replayer are built from this table, and the deployed roles' read
 * actions (src/deploy/permissions.ts) are derived from it: a new read is one entry in redshiftReads.ts or
 * ec2Reads.ts.
 */

import type { FactSource } from '../factSource.ts';
import { ec2Reads } from './ec2Reads.ts';
import type { Grant, Read } from './readSpec.ts';
import { redshiftReads } from './redshiftReads.ts';

/** Every read, Redshift's then EC2's. */
export const READS = { ...redshiftReads, ...ec2Reads };

/** The reads' names (FactSource's methods). */
export type ReadName = keyof typeof READS;

/** A read's entry, its arguments and result erased: for the sources that treat every read alike. */
export type AnyRead = Read<unknown[], unknown>;

/**
 * A FactSource whose every method is `method(entry, name)`: how the live source, the recorder and the replayer
 * are built from the one table.
 */
export const factSourceOf = (
  region: string,
  method: (entry: AnyRead, name: ReadName) => (...args: unknown[]) => Promise<unknown>,
): FactSource =>
  ({
    region,
    ...Object.fromEntries(
      (Object.keys(READS) as ReadName[]).map((name) => [name, method(READS[name] as unknown as AnyRead, name)]),
    ),
  }) as unknown as FactSource;

/** The IAM actions of every read granted as `grant`, sorted. */
export const readActions = (grant: Grant): string[] =>
  [
    ...new Set(
      Object.values(READS).flatMap((r: Pick<Read<never, unknown>, 'actions'>) =>
        Object.entries(r.actions).flatMap(([action, where]) => (where === grant ? [action] : [])),
      ),
    ),
  ].sort();
