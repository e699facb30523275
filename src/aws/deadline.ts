import { DeadlineError } from '../errors.ts';

/**
 * Settle with `work`, or reject with DeadlineError once `msLeft` has passed, whichever comes first.
 * The abandoned call is not waited for: its result, if it ever comes, is ignored.
 */
export const raceDeadline = <T>(work: () => Promise<T>, msLeft: number, what: string): Promise<T> => {
  if (msLeft === Number.POSITIVE_INFINITY) return work();
  if (msLeft <= 0) return Promise.reject(new DeadlineError(`${what} was not started: no time left`));
  const ms = Math.round(msLeft);
  return raceTimeout(work, ms, () => new DeadlineError(`${what} did not answer within ${ms} ms`));
};

/** Settle with `work`, or reject with `onTimeout()` after `ms`, whichever comes first. */
export const raceTimeout = <T>(work: () => Promise<T>, ms: number, onTimeout: () => Error): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work(), timeout]).finally(() => clearTimeout(timer));
};
