import type { Evaluation } from '@aws-sdk/client-config-service';
import type { EvaluationSink } from './evaluateEvent.ts';
import type { InvocationBudget } from './invocationBudget.ts';
import { PUT_EVALUATIONS_LIMIT } from './putEvaluations.ts';

/** How much of the clean-up a run sent; the rest is listed again, and sent, by a later periodic run. */
export interface CleanupSent {
  /** Clean-up evaluations the run decided (results of resources that no longer exist). */
  readonly decided: number;
  /** Of those, handed to PutEvaluations this run. */
  readonly sent: number;
}

/**
 * The sink of a run, between the rule and its EvaluationSender: evaluations of resources that exist go first,
 * the clean-up (NOT_APPLICABLE for listed results of resources that no longer exist) only in what is left.
 * The clean-up is kept out of the reserve for sending, so it never shortens the time for gathering facts;
 * it fills the room in the run's last PutEvaluations call (which is made anyway), and further calls of 100 are
 * made only while one more fits in the time left. Every call holds at most 100 evaluations.
 */
export class CleanupLastSink implements EvaluationSink {
  private readonly fresh: Evaluation[] = [];
  private readonly cleanup: Evaluation[] = [];
  private forwarded = 0;
  private decided = 0;

  constructor(
    private readonly sender: {
      add(evaluations: readonly Evaluation[]): void;
      flushFull(): Promise<void>;
      flushAll(): Promise<void>;
    },
    private readonly budget: InvocationBudget,
  ) {}

  add(evaluations: readonly Evaluation[]): void {
    // A loop, not push(...): a clean-up of 100,000+ results must not overflow the call stack.
    for (const e of evaluations) this.fresh.push(e);
  }

  addCleanup(evaluations: readonly Evaluation[]): void {
    for (const e of evaluations) this.cleanup.push(e);
    this.decided += evaluations.length;
  }

  /** Send every full batch of evaluations of existing resources (the clean-up waits). */
  async flushFull(): Promise<void> {
    while (this.fresh.length >= PUT_EVALUATIONS_LIMIT) {
      this.forward(this.fresh.splice(0, PUT_EVALUATIONS_LIMIT));
      await this.sender.flushFull();
    }
  }

  /** Calls still to keep time for: the evaluations of existing resources only, and at least the run's last call. */
  pendingBatches(): number {
    return Math.max(1, Math.ceil(this.fresh.length / PUT_EVALUATIONS_LIMIT));
  }

  /**
   * Send what is left: the evaluations of existing resources first (their last call topped up with clean-up),
   * then the clean-up, 100 a call, while one more call fits in the time left.
   */
  async flushAll(): Promise<CleanupSent> {
    await this.flushFull();
    // The run's last call is made anyway (with the rest of the evaluations, or as the one call of an empty run).
    if (this.fresh.length > 0 || this.forwarded === 0) {
      const room = PUT_EVALUATIONS_LIMIT - this.fresh.length;
      this.forward([...this.cleanup.splice(0, room), ...this.fresh.splice(0)]);
      await this.sender.flushAll();
    }
    while (this.cleanup.length > 0 && this.budget.workMsLeft(1) >= 0) {
      this.forward(this.cleanup.splice(0, PUT_EVALUATIONS_LIMIT));
      await this.sender.flushAll();
    }
    return { decided: this.decided, sent: this.decided - this.cleanup.length };
  }

  private forward(evaluations: readonly Evaluation[]): void {
    this.forwarded += evaluations.length;
    this.sender.add(evaluations);
  }
}
