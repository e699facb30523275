import { interpolate, select, ssmString } from '../expressions.ts';
import { type ActionHandler, StepFailure } from './action.ts';
import { callApi, matchesDesired } from './awsApi.ts';

/**
 * aws:waitForAwsResourceProperty: poll every `pollSeconds` of simulated time until the property is one of
 * DesiredValues; the step fails when the next poll would pass timeoutSeconds.
 */
export const waitForAwsResourceProperty: ActionHandler = async (context) => {
  const { step, inputs, variables, options, wait } = context;
  // timeoutSeconds may be a {{ parameter }} (SSM's schema allows a string there).
  const timeout = Number(interpolate(step.timeoutSeconds ?? 3600, variables));
  if (!Number.isInteger(timeout) || timeout < 1) throw new StepFailure(`${step.name}: bad timeoutSeconds ${timeout}`);
  const interval = options.pollSeconds ?? 15;
  let waited = 0;
  let polls = 0;
  for (;;) {
    polls += 1;
    const value = select(await callApi(context), String(inputs.PropertySelector));
    if (matchesDesired(value, inputs.DesiredValues)) return { data: {}, polls };
    if (waited + interval > timeout) {
      throw new StepFailure(
        `${step.name}: timed out after ${timeout} s waiting for ${inputs.PropertySelector} in ${JSON.stringify(inputs.DesiredValues)} (last: ${ssmString(value)})`,
      );
    }
    waited += interval;
    wait(interval);
  }
};
