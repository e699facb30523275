/** `redshift-evr scan`'s flags, checked before the first AWS call and turned into what to scan and how. */

import type { DiscoverySettings } from '../../aws/usageDiscovery.ts';
import {
  DATABASE_NAME_PATTERN,
  DB_USER_PATTERN,
  isAccountId,
  isRegionName,
  isRoleName,
  ROLE_NAME_RULE,
} from '../../core/identifiers.ts';
import { KINDS } from '../../core/resourceKinds.ts';
import { RESOURCE_KINDS, type ResourceKind, type RuleOptions } from '../../core/types.ts';
import { DEFAULT_DATABASE, DEFAULT_USAGE_DAYS, parseUsageDays } from '../../core/usage.ts';
import { DEFAULT_READ_ROLE_NAME } from '../../deploy/names.ts';
import { InputError } from '../../errors.ts';
import {
  AWS_FLAGS,
  checkedList,
  type NamesByKind,
  namedTargets,
  type parseFlags,
  parseKinds,
  parseTimeout,
  RULE_OPTION_FLAGS,
  ruleOptionsFromFlags,
} from '../args.ts';
import { chooseFormat, type Format } from '../output.ts';

/** A live scan's own deadline: every call is capped on its own, this bounds them all. */
export const DEFAULT_TIMEOUT_S = 600;

export const SCAN_FLAGS = {
  timeout: { type: 'string' },
  profile: AWS_FLAGS.profile,
  region: { type: 'string', multiple: true },
  'all-regions': { type: 'boolean' },
  accounts: { type: 'string', multiple: true },
  organization: { type: 'boolean' },
  role: { type: 'string' },
  snapshot: { type: 'string' },
  kind: { type: 'string' },
  cluster: { type: 'string', multiple: true },
  workgroup: { type: 'string', multiple: true },
  format: { type: 'string' },
  'output-file': { type: 'string' },
  'fails-only': { type: 'boolean' },
  quiet: { type: 'boolean' },
  'security-hub': { type: 'boolean' },
  'discover-usage': { type: 'boolean' },
  database: { type: 'string' },
  'db-user': { type: 'string' },
  'secret-arn': { type: 'string' },
  'usage-days': { type: 'string' },
  ...RULE_OPTION_FLAGS,
} as const;

const DATABASE_NAME = new RegExp(`^${DATABASE_NAME_PATTERN}$`);
const DB_USER = new RegExp(`^${DB_USER_PATTERN}$`);
/** A Secrets Manager secret's ARN. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/**
 * `--discover-usage` and the flags that go with it, checked before any call; undefined without it.
 * @throws InputError naming the flag, the value and the fix.
 */
const parseDiscovery = (flags: ScanFlags): DiscoverySettings | undefined => {
  const companions = (['database', 'db-user', 'secret-arn', 'usage-days'] as const).filter(
    (f) => flags[f] !== undefined,
  );
  if (!flags['discover-usage']) {
    if (companions.length > 0) {
      throw new InputError(
        `--${companions[0]} is for usage discovery: add --discover-usage, or drop --${companions[0]}.`,
      );
    }
    return undefined;
  }
  if (flags.snapshot !== undefined) {
    throw new InputError(
      "--discover-usage asks each cluster's database what it loads and unloads: drop it, or scan live without --snapshot.",
    );
  }
  if (flags['prerequisite-mode'] === 'off') {
    throw new InputError(
      '--discover-usage judges readiness from what is used, which --prerequisite-mode off does not check: drop one of them.',
    );
  }
  if (flags['db-user'] !== undefined && flags['secret-arn'] !== undefined) {
    throw new InputError(
      'Give --db-user (temporary credentials for that database user) or --secret-arn (a Secrets Manager secret), not both.',
    );
  }
  const database = flags.database ?? DEFAULT_DATABASE;
  if (!DATABASE_NAME.test(database)) {
    throw new InputError(`--database "${database}" is not a Redshift database name (such as dev).`);
  }
  const dbUser = flags['db-user'];
  if (dbUser !== undefined && !DB_USER.test(dbUser)) {
    throw new InputError(`--db-user "${dbUser}" is not a Redshift user name (letters, digits, _ + . @ $ -).`);
  }
  const secretArn = flags['secret-arn'];
  if (secretArn !== undefined && !SECRET_ARN.test(secretArn)) {
    throw new InputError(
      `--secret-arn "${secretArn}" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).`,
    );
  }
  return {
    database,
    ...(dbUser === undefined ? {} : { dbUser }),
    ...(secretArn === undefined ? {} : { secretArn }),
    days: flags['usage-days'] === undefined ? DEFAULT_USAGE_DAYS : parseUsageDays(flags['usage-days']),
  };
};

type ScanFlags = ReturnType<typeof parseFlags<typeof SCAN_FLAGS>>;

/** What a scan was asked for, every value checked. */
export interface ScanRequest {
  readonly flags: ScanFlags;
  readonly format: Format;
  readonly kinds: readonly ResourceKind[];
  readonly names: NamesByKind;
  readonly regions: readonly string[] | undefined;
  /** Other accounts to scan through a role, or undefined: the credentials' own account. */
  readonly accounts: AccountTargets | undefined;
  readonly options: RuleOptions;
  /**
   * Nobody narrowed the scan: workgroups that cannot be listed are a warning, not the end of the clusters'
   * results (a Redshift.7 scan that worked before workgroups were added keeps working).
   */
  readonly optionalWorkgroups: boolean;
  readonly timeoutS: number;
  /** `--discover-usage`: how to ask each resource's database what it uses; undefined without it. */
  readonly discovery: DiscoverySettings | undefined;
}

/** `--accounts` (these ids) or `--organization` (every active account), each through the role `roleName`. */
export type AccountTargets =
  | { readonly ids: readonly string[]; readonly roleName: string }
  | { readonly organization: true; readonly roleName: string };

/**
 * `--accounts` (repeatable, comma-separated), `--organization` and `--role`, checked before any call.
 * @throws InputError naming the flag, the value and the fix.
 */
const parseAccounts = (flags: ScanFlags): AccountTargets | undefined => {
  const given = flags.accounts?.flatMap((value) => value.split(',').map((id) => id.trim()));
  const ids = checkedList('accounts', given, isAccountId, 'a 12-digit account id');
  if (ids !== undefined && flags.organization) {
    throw new InputError('Give --accounts or --organization, not both.');
  }
  if (ids === undefined && !flags.organization) {
    if (flags.role !== undefined)
      throw new InputError(
        '--role is the role to assume in other accounts: give --accounts or --organization with it.',
      );
    return undefined;
  }
  if (flags.snapshot !== undefined) {
    throw new InputError(
      '--snapshot reads one recorded account: drop --accounts/--organization, or scan live without --snapshot.',
    );
  }
  const roleName = flags.role ?? DEFAULT_READ_ROLE_NAME;
  if (!isRoleName(roleName)) throw new InputError(`--role "${roleName}" is not ${ROLE_NAME_RULE}.`);
  return ids === undefined ? { organization: true, roleName } : { ids, roleName };
};

/**
 * The kinds to scan: `--kind`, else the kinds the names are for (only --cluster: clusters), else both.
 * @throws InputError when a name is given for a kind that `--kind` leaves out.
 */
const kindsToScan = (flag: string | undefined, names: NamesByKind): readonly ResourceKind[] => {
  const named = RESOURCE_KINDS.filter((kind) => names[kind] !== undefined);
  if (flag === undefined && named.length === 1) return named;
  const kinds = parseKinds(flag);
  for (const kind of named) {
    if (kinds.includes(kind)) continue;
    const { plural, name } = KINDS[kind];
    throw new InputError(
      `${name.flag} names ${plural}, but --kind ${flag} leaves them out: drop ${name.flag}, or give --kind ${kind}|all.`,
    );
  }
  return kinds;
};

/**
 * Parse and check every flag a user typed.
 * @throws InputError naming the flag, the value and the fix.
 */
export const parseScanRequest = (flags: ScanFlags): ScanRequest => {
  const format = chooseFormat(flags.format, flags['output-file']);
  const names = namedTargets(flags);
  const kinds = kindsToScan(flags.kind, names);
  const regions = checkedList('region', flags.region, isRegionName, 'a Region name such as eu-west-1 or us-gov-west-1');
  if (flags['all-regions'] && regions !== undefined) throw new InputError('Give --region or --all-regions, not both.');
  if (flags.snapshot !== undefined && (regions !== undefined || flags['all-regions'] || flags.profile !== undefined)) {
    throw new InputError(
      '--snapshot reads a file: drop --region/--all-regions/--profile (the snapshot names its Region).',
    );
  }
  const accounts = parseAccounts(flags);
  if (flags['security-hub'] && flags.snapshot !== undefined) {
    throw new InputError(
      '--security-hub reads the live findings of the resources scanned: drop --security-hub, or scan live without --snapshot.',
    );
  }
  // Nothing would show what was read, and the exit status does not depend on Security Hub: no calls for nothing.
  if (flags['security-hub'] && flags.quiet && flags['output-file'] === undefined) {
    throw new InputError(
      '--security-hub with --quiet reads findings nobody sees (the exit status does not depend on them): drop --security-hub, or add --output-file FILE to write the report with them.',
    );
  }
  return {
    flags,
    format,
    kinds,
    names,
    regions,
    accounts,
    options: ruleOptionsFromFlags(flags),
    optionalWorkgroups: flags.kind === undefined && Object.keys(names).length === 0,
    timeoutS: parseTimeout(flags.timeout, DEFAULT_TIMEOUT_S),
    discovery: parseDiscovery(flags),
  };
};
