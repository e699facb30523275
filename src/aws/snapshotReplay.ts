import { AwsCallError, NotRecordedError } from '../errors.ts';
import type { FactSource } from './factSource.ts';
import { operationOf } from './reads/readSpec.ts';
import { factSourceOf } from './reads/reads.ts';
import type { Snapshot } from './snapshotFormat.ts';

const intersects = (a: readonly string[], b: readonly string[]) => a.length === 0 || a.some((x) => b.includes(x));

/** Replays a snapshot: the same answers (and failures) the recorded account gave. */
export const snapshotFactSource = (snapshot: Snapshot): FactSource => {
  const failIfRecorded = (operation: string, scope: readonly string[]) => {
    const failure = snapshot.failures.find((f) => f.operation === operation && intersects(f.scope, scope));
    if (failure !== undefined) {
      // Older snapshots kept only the message: replayed as a plain failure with that message.
      throw new AwsCallError(operation, failure.message, {
        failure: failure.failure ?? 'failed',
        errorName: failure.errorName ?? `recorded: ${failure.message}`,
      });
    }
  };
  return factSourceOf(snapshot.region, (entry) => async (...args) => {
    // An older snapshot did not record the VPC's filters: their checks are unverified, never assumed open.
    if (entry.recordedFact !== undefined && snapshot.upgradedFrom !== undefined) {
      throw new NotRecordedError(entry.recordedFact);
    }
    const scope = entry.scope(...args);
    for (const operation of [operationOf(entry, ...args), ...(entry.recordedWith ?? [])]) {
      failIfRecorded(operation, scope);
    }
    return entry.replay(snapshot, ...args);
  });
};
