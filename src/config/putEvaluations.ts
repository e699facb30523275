import { type ConfigServiceClient, type Evaluation, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { callAws } from '../aws/awsCallError.ts';
import { chunk } from '../aws/collections.ts';
import { AwsCallError } from '../errors.ts';

/** PutEvaluations accepts at most 100 evaluations per call. */
export const PUT_EVALUATIONS_LIMIT = 100;

/** Config's console "test" invocations use this token; evaluations are then validated, not stored. */
const TEST_MODE_TOKEN = 'TESTMODE';

const send = async (
  client: ConfigServiceClient,
  resultToken: string,
  evaluations: Evaluation[],
): Promise<Evaluation[]> => {
  const out = await callAws('config:PutEvaluations', () =>
    client.send(
      new PutEvaluationsCommand({
        ResultToken: resultToken,
        Evaluations: evaluations,
        ...(resultToken === TEST_MODE_TOKEN ? { TestMode: true } : {}),
      }),
    ),
  );
  return out.FailedEvaluations ?? [];
};

/**
 * Send evaluations in batches of 100; an empty list is still sent once, so Config records a completed run.
 * FailedEvaluations are sent again once, then reported.
 * @throws AwsCallError when a call fails after the SDK's retries, or evaluations are still rejected.
 * @returns the number of PutEvaluations calls made.
 */
export const putEvaluations = async (
  client: ConfigServiceClient,
  resultToken: string,
  evaluations: readonly Evaluation[],
): Promise<number> => {
  const batches = evaluations.length === 0 ? [[]] : chunk(evaluations, PUT_EVALUATIONS_LIMIT);
  let calls = 0;
  const rejected: Evaluation[] = [];
  const failures: { readonly size: number; readonly message: string }[] = [];
  // Every batch is attempted: one failed call must not keep the other results from Config.
  for (const batch of batches) {
    try {
      calls += 1;
      const failed = await send(client, resultToken, batch);
      if (failed.length === 0) continue;
      calls += 1;
      rejected.push(...(await send(client, resultToken, failed)));
    } catch (error) {
      failures.push({ size: batch.length, message: (error as Error).message });
    }
  }
  if (failures.length > 0) {
    const lost = failures.reduce((n, f) => n + f.size, 0);
    throw new AwsCallError(
      'config:PutEvaluations',
      `config:PutEvaluations failed for ${lost} of ${evaluations.length} evaluation(s) (${failures[0]?.message}); the other batches were sent and the rest will be evaluated again at the next run.`,
    );
  }
  if (rejected.length > 0) {
    const ids = rejected.map((e) => e.ComplianceResourceId).join(', ');
    throw new AwsCallError(
      'config:PutEvaluations',
      `config:PutEvaluations rejected ${rejected.length} of ${evaluations.length} evaluation(s) twice (${ids}); they will be evaluated again at the next run.`,
    );
  }
  return calls;
};
