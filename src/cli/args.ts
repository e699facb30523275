import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PREREQUISITE_MODES, type PrerequisiteMode } from '../core/types.ts';
import { InputError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse a command's flags strictly; unknown flags and stray arguments are usage errors. */
export const parseFlags = <O extends Options>(command: string, argv: readonly string[], options: O) => {
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true })
      .values;
  } catch (error) {
    throw new InputError(`${(error as Error).message}. Run "redshift-evr ${command} --help".`);
  }
};

export const AWS_FLAGS = {
  region: { type: 'string' },
  profile: { type: 'string' },
} as const satisfies Options;

export const AWS_HELP = `  --region REGION          AWS Region (default: AWS_REGION or the profile's region)
  --profile NAME           named profile from ~/.aws/config (default: the standard credential chain)
Environment: AWS_ENDPOINT_URL points every call at an AWS API emulator.`;

export const parseMode = (value: string | undefined): PrerequisiteMode => {
  if (value === undefined) return 'report';
  const mode = PREREQUISITE_MODES.find((m) => m === value);
  if (mode === undefined) {
    throw new InputError(`--prerequisite-mode must be one of ${PREREQUISITE_MODES.join('|')}, got "${value}".`);
  }
  return mode;
};

export const parseChoice = <T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T => {
  if (value === undefined) return fallback;
  const choice = choices.find((c) => c === value);
  if (choice === undefined) throw new InputError(`${flag} must be one of ${choices.join('|')}, got "${value}".`);
  return choice;
};
