import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isRegionName, isTagKey } from '../core/identifiers.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { DEFAULT_RULE_OPTIONS, parseBucketList } from '../core/ruleOptions.ts';
import {
  PREREQUISITE_MODES,
  type PrerequisiteMode,
  RESOURCE_KINDS,
  type ResourceKind,
  type RuleOptions,
} from '../core/types.ts';
import { InputError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse a command's flags strictly: unknown flags, stray arguments, a single-value flag given twice and an
 * empty value are usage errors, each naming the flag (node:util's parseArgs alone keeps the last value).
 */
export const parseFlags = <O extends Options>(command: string, argv: readonly string[], options: O) => {
  const all = { ...options, help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof all; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: all, strict: true, tokens: true });
  } catch (error) {
    throw new InputError(`${(error as Error).message}. Run "redshift-evr ${command} --help".`);
  }
  const seen = new Map<string, string[]>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    seen.set(token.name, [...(seen.get(token.name) ?? []), token.value ?? '']);
    if ((options[token.name] as { type?: string } | undefined)?.type === 'string' && token.value?.trim() === '') {
      throw new InputError(`--${token.name} needs a value, got an empty one. Run "redshift-evr ${command} --help".`);
    }
  }
  for (const [name, values] of seen) {
    const spec = all[name as keyof typeof all] as { multiple?: boolean } | undefined;
    if (values.length > 1 && spec?.multiple !== true) {
      const shown = values.filter((v) => v !== '').map((v) => `"${v}"`);
      throw new InputError(
        `--${name} was given ${values.length} times${shown.length > 0 ? ` (${shown.join(', ')})` : ''}; give it once.`,
      );
    }
  }
  return parsed.values;
};

/** Repeated flags as a list without duplicates, each checked; undefined when not given. */
export const checkedList = (
  flag: string,
  values: readonly string[] | undefined,
  valid: (value: string) => boolean,
  expected: string,
): string[] | undefined => {
  if (values === undefined) return undefined;
  for (const value of values) {
    if (!valid(value)) throw new InputError(`--${flag} "${value}" is not ${expected}.`);
  }
  return [...new Set(values)];
};

/**
 * `--s3-bucket` (repeatable, each value also comma-separated), checked as the rule checks its S3Buckets;
 * without duplicates, undefined when not given.
 */
const parseBucketFlags = (values: readonly string[] | undefined): readonly string[] | undefined => {
  if (values === undefined) return undefined;
  const names = values.flatMap((value) => parseBucketList(value, '--s3-bucket', '') ?? []);
  return names.length > 0 ? [...new Set(names)] : undefined;
};

/**
 * `--exemption-tag-key`, checked as the rule checks its ExemptionTagKey (the same `isTagKey`): a key the rule
 * and the runbooks would refuse must not be accepted here. Undefined when not given.
 */
const parseExemptionTagKey = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const key: string = value;
  if (isTagKey(value)) return value;
  const why = /^aws:/i.test(key)
    ? `starts with "${key.slice(0, 4)}", the prefix AWS reserves for the tags it sets itself: the Config rule (its ExemptionTagKey parameter) and the runbooks' preflight refuse such a key, so this command would disagree with them`
    : `has ${key.length} characters; a tag key has at most 128`;
  throw new InputError(
    `--exemption-tag-key "${key.length > 80 ? `${key.slice(0, 77)}...` : key}" ${why}. Tag the clusters and workgroups to exempt with a key of your own, such as evr-exempt, and pass that key (the stack's ExemptionTagKey).`,
  );
};

export const AWS_FLAGS = {
  region: { type: 'string' },
  profile: { type: 'string' },
} as const satisfies Options;

export const AWS_HELP = `  --region REGION          AWS Region (default: AWS_REGION or the profile's region)
  --profile NAME           named profile from ~/.aws/config (default: the standard credential chain)
  --debug                  on an error, also print its stack trace
Environment: AWS_ENDPOINT_URL points every call at an AWS API emulator.`;

/** A Region flag's value, checked before any call. */
export const checkedRegion = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!isRegionName(value)) {
    throw new InputError(`--region "${value}" is not a Region name such as eu-west-1 or us-gov-west-1.`);
  }
  return value;
};

/**
 * `--timeout`: whole seconds, at least 1; `fallback` when not given.
 * @throws InputError naming the value and the fix.
 */
export const parseTimeout = (value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InputError(`--timeout must be a whole number of seconds (at least 1), got "${value}".`);
  }
  return Number(value);
};

/** A flag's value, one of `choices`; `fallback` when not given. */
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

/** `--prerequisite-mode`, checked; the rule's default when not given. */
export const parseMode = (value: string | undefined): PrerequisiteMode =>
  parseChoice('--prerequisite-mode', value, PREREQUISITE_MODES, DEFAULT_RULE_OPTIONS.prerequisiteMode);

/** The flags that set the rule's options, named alike in `scan`, `remediate` and `org:render`. */
export const RULE_OPTION_FLAGS = {
  'prerequisite-mode': { type: 'string' },
  'require-internet-path': { type: 'boolean' },
  'exemption-tag-key': { type: 'string' },
  's3-bucket': { type: 'string', multiple: true },
} as const satisfies Options;

/** The values of RULE_OPTION_FLAGS, as parseFlags returns them. */
export interface RuleOptionFlagValues {
  readonly 'prerequisite-mode'?: string | undefined;
  readonly 'require-internet-path'?: boolean | undefined;
  readonly 'exemption-tag-key'?: string | undefined;
  readonly 's3-bucket'?: readonly string[] | undefined;
}

/**
 * The rule options those flags set, each checked as the rule checks its parameter; the rule's defaults for the
 * flags not given.
 * @throws InputError naming the flag, the value and the fix.
 */
export const ruleOptionsFromFlags = (flags: RuleOptionFlagValues): RuleOptions => {
  const exemptionTagKey = parseExemptionTagKey(flags['exemption-tag-key']);
  const s3Buckets = parseBucketFlags(flags['s3-bucket']);
  return {
    prerequisiteMode: parseMode(flags['prerequisite-mode']),
    requireInternetPath: flags['require-internet-path'] ?? DEFAULT_RULE_OPTIONS.requireInternetPath,
    ...(exemptionTagKey === undefined ? {} : { exemptionTagKey }),
    ...(s3Buckets === undefined ? {} : { s3Buckets }),
  };
};

/** Names given per kind (`--cluster`, `--workgroup`); a kind without names is absent. */
export type NamesByKind = Partial<Record<ResourceKind, readonly string[]>>;

/**
 * Each kind's `--cluster`/`--workgroup` values, checked by the kind's own name rule, without duplicates.
 * @throws InputError naming the flag, the value and what a name of that kind is.
 */
export const namedTargets = (flags: {
  readonly cluster?: readonly string[] | undefined;
  readonly workgroup?: readonly string[] | undefined;
}): NamesByKind => {
  const given: Record<ResourceKind, readonly string[] | undefined> = {
    cluster: flags.cluster,
    workgroup: flags.workgroup,
  };
  const names: NamesByKind = {};
  for (const kind of RESOURCE_KINDS) {
    const { flag, valid, rule } = KINDS[kind].name;
    const checked = checkedList(flag.slice(2), given[kind], valid, rule);
    if (checked !== undefined) names[kind] = checked;
  }
  return names;
};

/**
 * Exactly one resource, from `--cluster ID` or `--workgroup NAME` given once, checked by its kind's name rule.
 * @throws InputError naming the flag, or saying that `command` needs exactly one.
 */
export const oneNamedTarget = (
  command: string,
  flags: { readonly cluster?: string | undefined; readonly workgroup?: string | undefined },
): { readonly kind: ResourceKind; readonly name: string } => {
  const names = namedTargets({
    cluster: flags.cluster === undefined ? undefined : [flags.cluster],
    workgroup: flags.workgroup === undefined ? undefined : [flags.workgroup],
  });
  const named = RESOURCE_KINDS.flatMap((kind) => (names[kind] ?? []).map((name) => ({ kind, name })));
  const [target] = named;
  if (target === undefined || named.length > 1) {
    throw new InputError(
      `${command} needs exactly one of --cluster ID or --workgroup NAME${named.length > 1 ? ', not both' : ''}. Run "redshift-evr ${command} --help".`,
    );
  }
  return target;
};

/** What `--kind` accepts: one kind, or both. */
export const KIND_CHOICES = [...RESOURCE_KINDS, 'all'] as const;

/** `--kind`, checked: the kinds to scan, clusters first; both for `all` or when not given. */
export const parseKinds = (value: string | undefined): readonly ResourceKind[] => {
  const choice = parseChoice('--kind', value, KIND_CHOICES, 'all');
  return choice === 'all' ? RESOURCE_KINDS : [choice];
};

/** A kind a scan of every kind could not list: what was left out, why, and how to scan without it. */
export const unlistedWarning = (region: string, kind: ResourceKind, error: Error): string => {
  const others = RESOURCE_KINDS.filter((k) => k !== kind);
  return `${region}: ${kind}s not scanned: ${error.message.replace(/\.$/, '')}. Pass --kind ${others.join('|')} to scan only ${others.map((k) => `${k}s`).join(' and ')}, or fix the cause to scan ${kind}s too.`;
};
