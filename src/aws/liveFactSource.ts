import { AwsCallError } from '../errors.ts';
import { callAws } from './awsCallError.ts';
import type { ScanClients } from './clients.ts';
import { raceDeadline, raceTimeout } from './deadline.ts';
import type { FactSource } from './factSource.ts';
import { operationOf } from './reads/readSpec.ts';
import { factSourceOf } from './reads/reads.ts';

/**
 * The longest one call (its pages and retries included) may take before it is cancelled and counted as failed:
 * well below a Lambda's budget, so that one silent endpoint costs only the facts it was to give.
 */
const CALL_CAP_MS = 60_000;

/** How long a live source may take: a Lambda invocation's limits (none for a CLI scan). */
export interface CallLimits {
  /** The cap on one call (default CALL_CAP_MS). */
  readonly callCapMs?: number;
  /** Cancels every request (and every page) when it fires: nothing outlives the invocation. */
  readonly abortSignal?: AbortSignal;
  /** Time left for a call, read as it starts; past it the call is abandoned with DeadlineError. */
  readonly msLeft?: () => number;
}

/** Facts read live from Redshift, Redshift Serverless and EC2 with the given clients (created by `createClients`). */
export const liveFactSource = (clients: ScanClients, region: string, limits: CallLimits = {}): FactSource => {
  const { abortSignal, msLeft } = limits;
  // Passed on to client.send by the paginators, and to the single send.
  const capMs = limits.callCapMs ?? CALL_CAP_MS;
  /**
   * One AWS call (all its pages and retries): its failure named, cancelled when it takes longer than the cap
   * (a silent call fails, and only the facts it was to give are unverified), and in a Lambda bounded by the
   * time left (the run stops there, and what it decided is sent).
   */
  const call = <T>(operation: string, run: (sendOptions: { abortSignal: AbortSignal }[]) => Promise<T>): Promise<T> => {
    // The cap cancels the request (and its retries) and fails the call, even if the request ignores the signal.
    const cap = new AbortController();
    const signal = abortSignal ? AbortSignal.any([abortSignal, cap.signal]) : cap.signal;
    const capped = () =>
      raceTimeout(
        () => callAws(operation, () => run([{ abortSignal: signal }])),
        capMs,
        () => {
          cap.abort();
          return new AwsCallError(operation, `${operation} did not answer within ${capMs / 1000} s`, {
            failure: 'failed',
            errorName: `no answer within ${capMs / 1000} s`,
          });
        },
      );
    return raceDeadline(capped, msLeft?.() ?? Number.POSITIVE_INFINITY, operation);
  };
  return factSourceOf(
    region,
    (entry) =>
      (...args) =>
        call(operationOf(entry, ...args), (sendOptions) => entry.live({ clients, region, sendOptions }, ...args)),
  );
};
