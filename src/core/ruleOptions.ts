import { InputError } from '../errors.ts';
import { BUCKET_NAME_RULE, bucketNameProblem, isRoleName, isTagKey, ROLE_NAME_RULE } from './identifiers.ts';
import { KINDS, kindOfConfigType } from './resourceKinds.ts';
import { PREREQUISITE_MODES, type PrerequisiteMode, type ResourceKind, type RuleOptions } from './types.ts';

export const DEFAULT_RULE_OPTIONS: RuleOptions = { prerequisiteMode: 'report', requireInternetPath: false };

/** The rule's `InputParameters` keys (the deployment templates send exactly these). */
export const RULE_PARAMETER_KEYS = [
  'PrerequisiteMode',
  'RequireInternetPath',
  'ExemptionTagKey',
  'ExecutionRoleName',
  'ResourceType',
  'S3Buckets',
  'SecurityHubSync',
] as const;

const FIX = "Fix the rule's InputParameters.";

const text = (key: string, value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    throw new InputError(`Rule parameter "${key}" must be a string, got ${JSON.stringify(value)}. ${FIX}`);
  }
  // Config and conformance packs pass unset optional parameters as empty strings.
  return value.trim() === '' ? undefined : value.trim();
};

const parseMode = (value: string | undefined): PrerequisiteMode => {
  if (value === undefined) return DEFAULT_RULE_OPTIONS.prerequisiteMode;
  const mode = PREREQUISITE_MODES.find((m) => m === value.toLowerCase());
  if (mode === undefined) {
    throw new InputError(
      `Rule parameter "PrerequisiteMode" must be one of ${PREREQUISITE_MODES.join('|')}, got "${value}". ${FIX}`,
    );
  }
  return mode;
};

const parseBoolean = (key: string, value: string | undefined, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new InputError(`Rule parameter "${key}" must be true or false, got "${value}". ${FIX}`);
};

const parseTagKey = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!isTagKey(value)) {
    throw new InputError(
      `Rule parameter "ExemptionTagKey" must be a tag key of 1-128 characters not starting with "aws:", got "${value}". ${FIX}`,
    );
  }
  return value;
};

const parseRoleName = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!isRoleName(value)) {
    throw new InputError(`Rule parameter "ExecutionRoleName" must be ${ROLE_NAME_RULE}, got "${value}". ${FIX}`);
  }
  return value;
};

/**
 * A comma-separated list of S3 bucket names (`S3Buckets` of the rule, the runbooks and the stack; also each
 * `--s3-bucket`): names trimmed, duplicates dropped; undefined when blank (unset).
 * @throws InputError starting with `subject`, naming the value, the bad name and why, then `fix`.
 */
export const parseBucketList = (
  value: string | undefined,
  subject: string,
  fix: string,
): readonly string[] | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    const why = name === '' ? 'is empty' : bucketNameProblem(name);
    if (why !== undefined) {
      const problem = name === '' ? 'a name is empty (a stray comma?)' : `"${name}" ${why}`;
      throw new InputError(
        `${subject} must be S3 bucket names separated by commas (each ${BUCKET_NAME_RULE}), got "${value}": ${problem}.${fix === '' ? '' : ` ${fix}`}`,
      );
    }
  }
  return [...new Set(names)];
};

/** Unset: clusters, as before the parameter existed. */
const parseResourceType = (value: string | undefined): ResourceKind => {
  if (value === undefined) return 'cluster';
  const kind = kindOfConfigType(value);
  if (kind === undefined) {
    throw new InputError(
      `Rule parameter "ResourceType" must be one of ${Object.values(KINDS)
        .map((k) => k.configResourceType)
        .join('|')}, got "${value}". ${FIX}`,
    );
  }
  return kind;
};

/** The rule's parameters, parsed: its options, always with the kind of resource it evaluates. */
export type RuleParameters = RuleOptions & { readonly resourceKind: ResourceKind };

/**
 * Parse the rule's parameters (Config `InputParameters`, all strings).
 * @throws InputError naming the parameter, the value and the fix, for unknown keys or bad values.
 */
export const parseRuleOptions = (parameters: Readonly<Record<string, unknown>>): RuleParameters => {
  const unknownKeys = Object.keys(parameters).filter((k) => !(RULE_PARAMETER_KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) {
    throw new InputError(
      `Unknown rule parameter(s) ${unknownKeys.map((k) => `"${k}"`).join(', ')}; expected ${RULE_PARAMETER_KEYS.join(', ')}. ${FIX}`,
    );
  }
  const exemptionTagKey = parseTagKey(text('ExemptionTagKey', parameters.ExemptionTagKey));
  const executionRoleName = parseRoleName(text('ExecutionRoleName', parameters.ExecutionRoleName));
  const s3Buckets = parseBucketList(text('S3Buckets', parameters.S3Buckets), 'Rule parameter "S3Buckets"', FIX);
  const securityHubSync = parseBoolean('SecurityHubSync', text('SecurityHubSync', parameters.SecurityHubSync), false);
  return {
    prerequisiteMode: parseMode(text('PrerequisiteMode', parameters.PrerequisiteMode)),
    requireInternetPath: parseBoolean(
      'RequireInternetPath',
      text('RequireInternetPath', parameters.RequireInternetPath),
      DEFAULT_RULE_OPTIONS.requireInternetPath,
    ),
    ...(exemptionTagKey === undefined ? {} : { exemptionTagKey }),
    ...(executionRoleName === undefined ? {} : { executionRoleName }),
    ...(s3Buckets === undefined ? {} : { s3Buckets }),
    // Present only when on: the options of a rule deployed without it stay as they were.
    ...(securityHubSync ? { securityHubSync } : {}),
    resourceKind: parseResourceType(text('ResourceType', parameters.ResourceType)),
  };
};
