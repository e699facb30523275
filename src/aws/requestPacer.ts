/**
 * Client-side pacing of EC2 requests. EC2 throttles each account and Region with request token buckets shared by
 * every caller (the console, other tools, this one): for the non-mutating actions (Describe*, Get*) a bucket of
 * 100 requests refilled at 20 a second ("Request throttling", Amazon EC2 API Reference:
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/throttling.html). A full scan makes two
 * DescribeVpcAttribute calls per VPC (the action has no batch form), enough to drain that bucket; the pacer keeps
 * this tool at half its refill rate, leaving the other half to everyone else, so that throttling is the exception
 * the SDK's adaptive retries handle, not the rule.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';

/** A middleware of the EC2 client's stack (its finalize step takes and returns the request's arguments). */
type Middleware = Parameters<EC2Client['middlewareStack']['addRelativeTo']>[0];

/** A sustained rate and the requests allowed at once after a quiet spell. */
export interface PaceRate {
  readonly perSecond: number;
  readonly burst: number;
}

/** EC2's documented bucket for non-mutating actions (the figure the pace is a share of). */
export const EC2_NON_MUTATING_BUCKET: PaceRate = { perSecond: 20, burst: 100 };

/** This tool's share of EC2's non-mutating bucket: half the refill rate, a tenth of the burst. */
export const EC2_READ_PACE: PaceRate = { perSecond: 10, burst: 10 };

/**
 * A generic cell-rate pacer (a token bucket seen from the caller): each request takes a slot `1/perSecond` after
 * the previous one, and up to `burst` slots may be taken ahead of time. Shared by every request of a client, and
 * so by every request that client makes for one account and Region.
 */
export class RequestPacer {
  /** When the slot after the last one handed out is due (ms, on `now`'s clock). */
  private nextSlotAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly rate: PaceRate,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** How long the next request must wait (ms), the slot it takes reserved. */
  reserve(): number {
    const interval = 1000 / this.rate.perSecond;
    const now = this.now();
    const slot = Math.max(this.nextSlotAt, now);
    this.nextSlotAt = slot + interval;
    return Math.max(0, slot - now - (this.rate.burst - 1) * interval);
  }

  /** Resolve when the next request may go. */
  async take(): Promise<void> {
    const wait = this.reserve();
    // The global timer (not node:timers/promises): a simulated clock that replaces it paces too.
    if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Make every attempt of every request of `client` wait for `pacer` (retries included: the middleware runs inside
 * the SDK's retry middleware, whose adaptive rate limiter still slows down further after a throttling answer).
 */
export const paceClient = (client: EC2Client, pacer: RequestPacer): EC2Client => {
  const pacing = (next: (args: object) => Promise<object>) => async (args: object) => {
    await pacer.take();
    return next(args);
  };
  client.middlewareStack.addRelativeTo(pacing as Middleware, {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'redshiftEvrPacing',
    override: true,
  });
  return client;
};
