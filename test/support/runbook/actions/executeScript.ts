import { runPythonScript } from '../executeScript.ts';
import { type ActionHandler, StepFailure } from './action.ts';

/** aws:executeScript (Python runtimes): the handler's return value is `$.Payload`; an exception fails the step. */
export const executeScript: ActionHandler = async ({ step, inputs }) => {
  if (!String(inputs.Runtime).startsWith('python3'))
    throw new StepFailure(`${step.name}: only Python runtimes are supported`);
  const result = await runPythonScript(String(inputs.Script), String(inputs.Handler), inputs.InputPayload ?? {});
  if (!result.ok) throw new StepFailure(result.error);
  return { data: { Payload: result.payload } };
};
