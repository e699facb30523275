/** A step's outputs: what its selectors read from the action's answer, converted to the declared types. */
import { StepFailure } from './actions/action.ts';
import type { OutputSpec, StepSpec } from './document.ts';
import { select, ssmString } from './expressions.ts';

const convert = (value: unknown, type: string, where: string): unknown => {
  switch (type) {
    case 'String':
      return typeof value === 'string' ? value : ssmString(value);
    case 'Boolean':
      if (typeof value !== 'boolean')
        throw new StepFailure(`${where}: output is not a Boolean: ${JSON.stringify(value)}`);
      return value;
    case 'Integer':
      return Number(value);
    default:
      return value;
  }
};

/** The outputs of a step that succeeded (aws:invokeLambdaFunction also has Lambda's own: Payload …). */
export const outputsOf = (step: StepSpec, data: unknown): Record<string, unknown> => {
  const outputs: Record<string, unknown> = {};
  if (step.action === 'aws:invokeLambdaFunction') Object.assign(outputs, data as object);
  for (const output of step.outputs ?? ([] as OutputSpec[])) {
    const value = select(data, output.Selector);
    if (value !== undefined) outputs[output.Name] = convert(value, output.Type, `${step.name}.${output.Name}`);
  }
  return outputs;
};
