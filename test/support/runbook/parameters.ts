import type { AutomationDocument } from './document.ts';

/** Raised where SSM's StartAutomationExecution would refuse the parameters. */
export class InvalidParameters extends Error {
  override readonly name = 'InvalidAutomationExecutionParametersException';
}

const toBoolean = (name: string, value: unknown): boolean => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw new InvalidParameters(`Parameter ${name} must be a Boolean, got ${JSON.stringify(value)}`);
};

/** Apply defaults, check types, allowedPattern and maxChars; returns typed values. */
export const resolveParameters = (
  document: AutomationDocument,
  given: Record<string, unknown>,
): Map<string, unknown> => {
  const unknownNames = Object.keys(given).filter((k) => !(k in document.parameters));
  if (unknownNames.length > 0) throw new InvalidParameters(`Unknown parameter(s): ${unknownNames.join(', ')}`);
  const values = new Map<string, unknown>();
  for (const [name, spec] of Object.entries(document.parameters)) {
    const value = name in given ? given[name] : spec.default;
    if (value === undefined) throw new InvalidParameters(`Parameter ${name} is required`);
    switch (spec.type) {
      case 'Boolean':
        values.set(name, toBoolean(name, value));
        break;
      case 'StringList': {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((v) => typeof v === 'string'))
          throw new InvalidParameters(`Parameter ${name} must be a list of strings`);
        if (spec.allowedPattern) for (const v of list) matchPattern(name, v, spec.allowedPattern);
        values.set(name, list);
        break;
      }
      case 'String': {
        if (typeof value !== 'string') throw new InvalidParameters(`Parameter ${name} must be a String`);
        if (spec.maxChars !== undefined && value.length > spec.maxChars) {
          throw new InvalidParameters(`Parameter ${name} is longer than ${spec.maxChars} characters`);
        }
        if (spec.allowedPattern) matchPattern(name, value, spec.allowedPattern);
        values.set(name, value);
        break;
      }
      default:
        values.set(name, value);
    }
  }
  return values;
};

const matchPattern = (name: string, value: string, pattern: string) => {
  if (!new RegExp(pattern).test(value)) {
    throw new InvalidParameters(
      `Parameter ${name} value ${JSON.stringify(value)} does not match allowedPattern ${pattern}`,
    );
  }
};
