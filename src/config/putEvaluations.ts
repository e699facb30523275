import { type ConfigServiceClient, type Evaluation, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { callAws } from '../aws/awsCallError.ts';
import { raceDeadline } from '../aws/deadline.ts';
import { idList } from '../core/annotation.ts';
import { KINDS, kindOfConfigType } from '../core/resourceKinds.ts';
import { AwsCallError } from '../errors.ts';
import type { InvocationBudget } from './invocationBudget.ts';

/** PutEvaluations accepts at most 100 evaluations per call. */
export const PUT_EVALUATIONS_LIMIT = 100;

/** Config's console "test" invocations use this token; evaluations are then validated, not stored. */
const TEST_MODE_TOKEN = 'TESTMODE';

/** How many not-accepted resource ids an error message lists before "+N more". */
const IDS_IN_MESSAGE = 20;

const idsOf = (evaluations: readonly Evaluation[]) => evaluations.map((e) => e.ComplianceResourceId ?? '?');

/** What the evaluations are about, in words: a rule evaluates one kind. */
const nounOf = (evaluations: readonly Evaluation[]): string =>
  KINDS[kindOfConfigType(evaluations[0]?.ComplianceResourceType) ?? 'cluster'].plural;

/**
 * Sends evaluations as they are decided, in batches of 100, and keeps count of what Config accepted.
 * Every batch is attempted even after a failure; FailedEvaluations are sent once more.
 */
export class EvaluationSender {
  private readonly queue: Evaluation[] = [];
  private calls = 0;
  private accepted = 0;
  private readonly notAccepted: Evaluation[] = [];
  private readonly reasons: string[] = [];

  constructor(
    private readonly client: ConfigServiceClient,
    private readonly resultToken: string,
    private readonly budget?: InvocationBudget,
    private readonly abortSignal?: AbortSignal,
  ) {}

  add(evaluations: readonly Evaluation[]): void {
    this.queue.push(...evaluations);
  }

  /** PutEvaluations calls to keep time for: what is queued, and at least the last one of the run. */
  pendingBatches(): number {
    return Math.max(1, Math.ceil(this.queue.length / PUT_EVALUATIONS_LIMIT));
  }

  /** Send every full batch of 100 queued so far. */
  async flushFull(): Promise<void> {
    while (this.queue.length >= PUT_EVALUATIONS_LIMIT)
      await this.sendBatch(this.queue.splice(0, PUT_EVALUATIONS_LIMIT));
  }

  /** Send everything queued; an empty run still makes one call, so Config records that the rule ran. */
  async flushAll(): Promise<void> {
    await this.flushFull();
    if (this.queue.length > 0 || this.calls === 0) await this.sendBatch(this.queue.splice(0));
  }

  /**
   * The number of PutEvaluations calls made.
   * @throws AwsCallError saying how many evaluations Config accepted and naming those it did not.
   */
  result(): number {
    if (this.notAccepted.length === 0) return this.calls;
    const total = this.accepted + this.notAccepted.length;
    throw new AwsCallError(
      'config:PutEvaluations',
      `config:PutEvaluations accepted ${this.accepted} of ${total} evaluation(s); not accepted: ${idList(idsOf(this.notAccepted), IDS_IN_MESSAGE)} (${[...new Set(this.reasons)].join('; ')}). Those ${nounOf(this.notAccepted)} keep their previous results until the next evaluation.`,
    );
  }

  private async put(evaluations: Evaluation[]): Promise<Evaluation[]> {
    this.calls += 1;
    const started = performance.now();
    const call = () =>
      callAws('config:PutEvaluations', () =>
        this.client.send(
          new PutEvaluationsCommand({
            ResultToken: this.resultToken,
            Evaluations: evaluations,
            ...(this.resultToken === TEST_MODE_TOKEN ? { TestMode: true } : {}),
          }),
          ...(this.abortSignal ? [{ abortSignal: this.abortSignal }] : []),
        ),
      );
    const out = this.budget
      ? await raceDeadline(call, this.budget.sendMsLeft(), 'config:PutEvaluations')
      : await call();
    this.budget?.recordSend(performance.now() - started);
    return out.FailedEvaluations ?? [];
  }

  private async sendBatch(batch: Evaluation[]): Promise<void> {
    // What is still unaccepted at each point: a failure of the retry concerns only the retried ones.
    let pending: Evaluation[] = batch;
    try {
      const failed = await this.put(pending);
      this.accepted += pending.length - failed.length;
      pending = failed;
      if (pending.length === 0) return;
      const failedAgain = await this.put(pending);
      this.accepted += pending.length - failedAgain.length;
      pending = failedAgain;
      if (pending.length > 0) {
        this.notAccepted.push(...pending);
        this.reasons.push('rejected twice as FailedEvaluations');
      }
    } catch (error) {
      this.notAccepted.push(...pending);
      this.reasons.push((error as Error).message);
    }
  }
}

/**
 * Send evaluations in batches of 100 (see EvaluationSender).
 * @throws AwsCallError naming what was not accepted.
 * @returns the number of PutEvaluations calls made.
 */
export const putEvaluations = async (
  client: ConfigServiceClient,
  resultToken: string,
  evaluations: readonly Evaluation[],
): Promise<number> => {
  const sender = new EvaluationSender(client, resultToken);
  sender.add(evaluations);
  await sender.flushAll();
  return sender.result();
};
