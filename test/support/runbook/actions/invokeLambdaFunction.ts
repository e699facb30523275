import { type ActionHandler, StepFailure } from './action.ts';

/**
 * aws:invokeLambdaFunction: Lambda's answer is the step's output. An error of the function itself is an
 * output too (FunctionError, the error in Payload), not a step failure; only a failed Invoke fails the step.
 */
export const invokeLambdaFunction: ActionHandler = async ({ step, inputs, options }) => {
  if (!options.invokeLambda) throw new StepFailure(`${step.name}: no Lambda function is available`);
  const payload = inputs.InputPayload ?? (typeof inputs.Payload === 'string' ? JSON.parse(inputs.Payload) : {});
  try {
    const result = await options.invokeLambda(String(inputs.FunctionName), payload);
    return { data: { StatusCode: 200, Payload: JSON.stringify(result ?? null) } };
  } catch (error) {
    const e = error as Error & { $fault?: string };
    // Invoke itself failed (function missing, access denied): the step fails.
    if (e.$fault !== undefined)
      throw new StepFailure(`An error occurred (${e.name}) when calling the Invoke operation: ${e.message}`);
    // The function threw: Lambda answers 200 with FunctionError, the step succeeds.
    return {
      data: {
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: [] }),
      },
    };
  }
};
