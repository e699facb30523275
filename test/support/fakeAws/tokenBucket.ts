/**
 * EC2's request throttling as the fakes model it: a token bucket per action family, shared by every caller of
 * the account, refilled continuously; a request that finds it empty is answered RequestLimitExceeded (EC2's
 * query-protocol error, HTTP 503) and takes no token. Figures: Amazon EC2 API Reference, "Request throttling"
 * (non-mutating actions: a bucket of 100, refilled at 20 a second).
 */
import { serviceError } from './serviceError.ts';

export interface BucketSize {
  readonly burst: number;
  readonly refillPerSecond: number;
}

/** EC2's documented bucket for non-mutating actions (Describe*, Get*). */
export const EC2_NON_MUTATING: BucketSize = { burst: 100, refillPerSecond: 20 };

/** EC2's action family of an operation, or undefined for an action the model does not throttle. */
export const ec2FamilyOf = (operation: string): 'non-mutating' | undefined =>
  /^(Describe|Get)/.test(operation) ? 'non-mutating' : undefined;

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    readonly size: BucketSize,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = size.burst;
    this.refilledAt = now();
  }

  /** Take a token if there is one; false when the request is to be throttled. */
  take(): boolean {
    const now = this.now();
    // A clock that moved back (a simulated one set before a real one) refills nothing.
    const elapsedMs = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.size.burst, this.tokens + (elapsedMs / 1000) * this.size.refillPerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The error EC2 answers a throttled request with. */
export const requestLimitExceeded = (): Error => serviceError('RequestLimitExceeded', 'Request limit exceeded.', 503);
