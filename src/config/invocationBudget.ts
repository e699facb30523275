/**
 * The time of one Lambda invocation: how much may go to gathering facts, given what is still to be sent.
 * The reserve for sending is sized from this run's own PutEvaluations latency, not a constant.
 */
export class InvocationBudget {
  private slowestSendMs = 0;
  private slowestLapMs = 0;
  private lapStartedAt: number | undefined;

  constructor(
    private readonly remainingTimeMs: () => number,
    private readonly options: {
      /** Kept free at the very end (logging, the runtime's own return). */
      readonly marginMs?: number;
      /** Assumed for a PutEvaluations call before one was measured. */
      readonly initialSendEstimateMs?: number;
    } = {},
  ) {}

  /**
   * Mark the start of a unit of work (a batch of VPCs): the time since the previous mark is the previous
   * unit's duration. Returns the slowest unit so far, the estimate for the next one.
   */
  lap(): number {
    const remaining = this.remainingTimeMs();
    if (this.lapStartedAt !== undefined) this.slowestLapMs = Math.max(this.slowestLapMs, this.lapStartedAt - remaining);
    this.lapStartedAt = remaining;
    return this.slowestLapMs;
  }

  /** Record how long a PutEvaluations call took. */
  recordSend(ms: number): void {
    this.slowestSendMs = Math.max(this.slowestSendMs, ms);
  }

  /** Estimated time of one PutEvaluations call: twice the slowest seen (retries happen), or the initial guess. */
  sendEstimateMs(): number {
    return this.slowestSendMs > 0 ? 2 * this.slowestSendMs : (this.options.initialSendEstimateMs ?? 3_000);
  }

  /** Time to keep for sending `batches` PutEvaluations calls and the margin. */
  reserveMs(batches: number): number {
    return (this.options.marginMs ?? 3_000) + batches * this.sendEstimateMs();
  }

  /** Time left for gathering facts when `batches` calls are still to be sent (may be negative). */
  workMsLeft(batches: number): number {
    return this.remainingTimeMs() - this.reserveMs(batches);
  }

  /** Time left for the invocation as a whole, less the margin (for the sends themselves). */
  sendMsLeft(): number {
    return this.remainingTimeMs() - (this.options.marginMs ?? 3_000);
  }
}
