import { select, ssmString } from '../expressions.ts';
import { type ActionHandler, StepFailure } from './action.ts';
import { callApi, matchesDesired } from './awsApi.ts';

/** aws:assertAwsResourceProperty: one call; the step fails unless the property is one of DesiredValues. */
export const assertAwsResourceProperty: ActionHandler = async (context) => {
  const { step, inputs } = context;
  const value = select(await callApi(context), String(inputs.PropertySelector));
  if (!matchesDesired(value, inputs.DesiredValues)) {
    throw new StepFailure(
      `${step.name}: ${inputs.PropertySelector} is ${ssmString(value)}, expected one of ${JSON.stringify(inputs.DesiredValues)}`,
    );
  }
  return { data: {} };
};
