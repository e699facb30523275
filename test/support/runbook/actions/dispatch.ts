/** The runner's action handlers, by the action name a step gives. */
import { type ActionContext, type ActionHandler, type ActionResult, StepFailure } from './action.ts';
import { approve } from './approve.ts';
import { assertAwsResourceProperty } from './assertAwsResourceProperty.ts';
import { branch } from './branch.ts';
import { executeAwsApi } from './executeAwsApi.ts';
import { executeScript } from './executeScript.ts';
import { invokeLambdaFunction } from './invokeLambdaFunction.ts';
import { sleep } from './sleep.ts';
import { waitForAwsResourceProperty } from './waitForAwsResourceProperty.ts';

const HANDLERS: ReadonlyMap<string, ActionHandler> = new Map(
  Object.entries({
    'aws:executeAwsApi': executeAwsApi,
    'aws:assertAwsResourceProperty': assertAwsResourceProperty,
    'aws:waitForAwsResourceProperty': waitForAwsResourceProperty,
    'aws:branch': branch,
    'aws:approve': approve,
    'aws:invokeLambdaFunction': invokeLambdaFunction,
    'aws:executeScript': executeScript,
    'aws:sleep': sleep,
  }),
);

/** Run the step's action; an action the runner does not implement fails the step. */
export const runAction = (context: ActionContext): Promise<ActionResult> => {
  const handler = HANDLERS.get(context.step.action);
  if (handler === undefined) {
    return Promise.reject(
      new StepFailure(`${context.step.name}: the runner does not implement ${context.step.action}`),
    );
  }
  return handler(context);
};
