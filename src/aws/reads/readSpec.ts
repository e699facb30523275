/** What one AWS read is: its IAM actions, how it is called live, recorded in a snapshot and replayed. */
import type { RecordedFact } from '../../core/types.ts';
import { InputError } from '../../errors.ts';
import { errorName } from '../awsCallError.ts';
import type { ScanClients } from '../clients.ts';
import type { Snapshot } from '../snapshotFormat.ts';
import type { SnapshotDraft } from '../snapshotRecorder.ts';

/** What a live read is given: the clients, the Region, and the options every request is sent with. */
export interface LiveContext {
  readonly clients: ScanClients;
  readonly region: string;
  readonly sendOptions: readonly { abortSignal: AbortSignal }[];
}

/**
 * Where a read's IAM action is granted (Service Authorization Reference): on "*" (no resource-level
 * permissions), on the account's workgroups, or on prefix lists (the AWS-managed S3 list belongs to AWS).
 */
export type Grant = 'any' | 'workgroup' | 'prefix-list';

/** One read: its IAM actions, and how it is called live, recorded and replayed. */
export interface Read<A extends unknown[], R> {
  /** The IAM actions it may call, each with where it is granted; the first is the call's own unless `operation`. */
  readonly actions: Readonly<Record<string, Grant>>;
  /** The action of a call with these arguments (the name its failure carries), where it depends on them. */
  readonly operation?: (...args: A) => string;
  /** The ids a failure is recorded for: a replay fails the calls whose ids overlap them ([]: every call). */
  readonly scope: (...args: A) => readonly string[];
  readonly live: (context: LiveContext, ...args: A) => Promise<R>;
  readonly record: (draft: SnapshotDraft, result: R, ...args: A) => void;
  /** @throws InputError when a hand-edited snapshot lacks what the call needs. */
  readonly replay: (snapshot: Snapshot, ...args: A) => R;
  /** A fact older snapshots did not record: replaying them reads it as unverified. */
  readonly recordedFact?: RecordedFact;
  /** Operations recorded together with this one: a failure of either fails both in a replay. */
  readonly recordedWith?: readonly string[];
}

/** The action a call with these arguments makes: the name its failure carries, in a recording and a replay. */
export const operationOf = <A extends unknown[]>(entry: Read<A, unknown>, ...args: A): string =>
  entry.operation?.(...args) ?? (Object.keys(entry.actions)[0] as string);

/** Types the entry: its arguments and result are inferred from `live`. */
export const read = <A extends unknown[], R>(entry: Read<A, R>): Read<A, R> => entry;

export const collect = async <P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> => {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
};

/** A "not found" fault for a single lookup means: nothing to evaluate, not a failure. */
export const emptyIfNotFound = async <T>(faultName: string, call: () => Promise<T[]>): Promise<T[]> => {
  try {
    return await call();
  } catch (error) {
    if (errorName(error) === faultName) return [];
    throw error;
  }
};

/**
 * What a snapshot recorded under a key (keys come from outside: own properties only).
 * @throws InputError naming what is missing and where, when a hand-edited file lacks it.
 */
export const recordedEntry = <T>(map: Readonly<Record<string, T>>, key: string, what: string, where: string): T => {
  const value = Object.hasOwn(map, key) ? map[key] : undefined;
  if (value === undefined) {
    throw new InputError(`The snapshot has no ${what} for ${key} (${where}). Record the snapshot again, or add them.`);
  }
  return value;
};

/** The ids of a lookup by one optional name: that name, or [] for the whole listing. */
export const oneOrAll = (name?: string): readonly string[] => (name === undefined ? [] : [name]);
