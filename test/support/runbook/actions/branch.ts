import { ssmString } from '../expressions.ts';
import { type ActionHandler, StepFailure } from './action.ts';

type Choice = Record<string, unknown>;

const evaluateChoice = (choice: Choice): boolean => {
  if (Array.isArray(choice.And)) return (choice.And as Choice[]).every(evaluateChoice);
  if (Array.isArray(choice.Or)) return (choice.Or as Choice[]).some(evaluateChoice);
  if (choice.Not !== undefined) return !evaluateChoice(choice.Not as Choice);
  const value = choice.Variable;
  const text = typeof value === 'string' ? value : ssmString(value);
  if ('BooleanEquals' in choice) return value === choice.BooleanEquals;
  if ('StringEquals' in choice) return text === choice.StringEquals;
  if ('EqualsIgnoreCase' in choice) return text.toLowerCase() === String(choice.EqualsIgnoreCase).toLowerCase();
  if ('StartsWith' in choice) return text.startsWith(String(choice.StartsWith));
  if ('EndsWith' in choice) return text.endsWith(String(choice.EndsWith));
  if ('Contains' in choice) return text.includes(String(choice.Contains));
  if ('NumericEquals' in choice) return Number(value) === Number(choice.NumericEquals);
  throw new StepFailure(`aws:branch: unsupported operator in ${JSON.stringify(choice)}`);
};

/** aws:branch: the first choice that holds, else Default; the step fails when neither names a step. */
export const branch: ActionHandler = async ({ step, inputs }) => {
  for (const choice of (inputs.Choices ?? []) as Choice[]) {
    if (evaluateChoice(choice)) return { data: {}, next: String(choice.NextStep) };
  }
  if (typeof inputs.Default === 'string') return { data: {}, next: inputs.Default };
  throw new StepFailure(`${step.name}: no choice matched and there is no Default`);
};
