import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseChoice, RULE_OPTION_FLAGS, ruleOptionsFromFlags } from '../../cli/args.ts';
import { CHANGE_WINDOW_RULE, parseChangeWindow } from '../../core/changeWindow.ts';
import {
  isAccountId,
  isOrganizationId,
  isRegionName,
  isRoleName,
  partitionOfRegion,
  ROLE_NAME_RULE,
} from '../../core/identifiers.ts';
import { WATCH_MINUTES } from '../../core/postChangeWatch.ts';
import { KINDS } from '../../core/resourceKinds.ts';
import { PREREQUISITE_MODES, type PrerequisiteMode, RESOURCE_KINDS, type ResourceKind } from '../../core/types.ts';
import { InputError } from '../../errors.ts';
import { scheduleProblemOf } from '../../preflight/schedule.ts';
import { DEFAULT_EXECUTION_ROLE_NAME } from '../names.ts';
import { DEFAULT_EVALUATION_FREQUENCY, EVALUATION_FREQUENCIES, type EvaluationFrequency } from '../ruleSpec.ts';

/** Everything the organization rollout files are rendered from. */
export interface OrgRenderOptions {
  /** The audit / delegated-administrator account that runs the rule and preflight functions. */
  readonly centralAccountId: string;
  /** The organization's management account: AWS Config puts each member's id in its place in the pack's role ARN. */
  readonly managementAccountId: string;
  readonly organizationId: string;
  /** Regions to roll out to; member IAM roles are created in the first (IAM is global). */
  readonly regions: readonly string[];
  readonly partition: string;
  readonly executionRoleName: string;
  readonly prerequisiteMode: PrerequisiteMode;
  readonly requireInternetPath: boolean;
  readonly exemptionTagKey: string | undefined;
  /** `S3Buckets` of the rules and the remediations: the buckets restrictive S3 endpoint policies are checked against. */
  readonly s3Buckets: readonly string[] | undefined;
  readonly evaluationFrequency: EvaluationFrequency;
  /** The rules' SecurityHubSync: the pack turns it on, and the member execution role is granted its two actions. */
  readonly securityHubSync: boolean;
  /** The remediations' WatchMinutes (0: no watch) and RollbackOnFailure; above 0 the execution role may watch. */
  readonly watchMinutes: number;
  readonly rollbackOnFailure: boolean;
  /** The remediations' DiscoverUsage; the execution role may then use the Data API and read bucket Regions. */
  readonly discoverUsage: boolean;
  /** Each kind's ChangeWindow for its remediation (the runbook's default unless a flag says otherwise). */
  readonly changeWindows: Readonly<Record<ResourceKind, string>>;
  /** Accounts the pack leaves out besides the management account (those outside the StackSet's targets). */
  readonly excludedAccountIds: readonly string[];
  readonly outDir: string;
}

export const ORG_RENDER_USAGE = `Usage: npm run org:render -- --central-account ID --management-account ID --organization-id o-… --region R [--region R2 …] [options]

Writes ready-to-deploy organization rollout files to dist/org/ (see docs/org-rollout.md).

  --central-account ID        12-digit id of the account that runs the rule and preflight functions (audit or
                              delegated administrator), deployed there with the organization-mode parameters
  --management-account ID     12-digit id of the organization's management account (AWS Config replaces it with
                              each member's id in the pack's automation role ARN)
  --organization-id o-…       the organization's id: aws organizations describe-organization --query Organization.Id
  --region R                  a Region to roll out to; repeat for more. Member roles live in the first one.
  --execution-role-name NAME  member role the functions assume (default: ${DEFAULT_EXECUTION_ROLE_NAME})
  --prerequisite-mode MODE    ${PREREQUISITE_MODES.join('|')} (default: report)
  --require-internet-path     also require a NAT/IGW default route (rule and runbook)
  --exemption-tag-key KEY     clusters with this tag are NOT_APPLICABLE
  --s3-bucket NAME            a bucket COPY/UNLOAD use: rule and runbook check restrictive S3 endpoint policies
                              against it (repeatable, or comma-separated; at most 256 characters in all)
  --evaluation-frequency F    ${EVALUATION_FREQUENCIES.join('|')} (default: ${DEFAULT_EVALUATION_FREQUENCY})
  --change-window W           when cluster remediations may restart a cluster, in UTC: maintenance-window (default,
                              the cluster's own), a weekly window such as sun:03:00-sun:05:00, or now
  --workgroup-change-window W when workgroup remediations may change a workgroup: now (default) or a weekly window
  --security-hub-sync         the rules mark exempt resources' Security Hub findings SUPPRESSED and blocked ones
                              NOTIFIED (SecurityHubSync; the member execution role gets the two actions)
  --watch-minutes N           after a verified change, the runbooks watch the resource's own records N minutes
                              (${WATCH_MINUTES.filter((m) => m > 0).join('|')}) for COPY/UNLOAD and S3 requests that started
                              failing (the member execution role gets the Data API actions); default 0, no watch
  --rollback-on-failure       with --watch-minutes: turn enhanced VPC routing off again on such failures
  --discover-usage            the runbooks' preflight also judges readiness from each resource's own usage (buckets
                              and their Regions, Spectrum, non-S3 COPY sources; the execution role gets the Data API
                              and bucket-Region actions)
  --exclude-account ID        leave this account out of the pack (repeatable): every account the StackSet does
                              not reach must be left out (the management account always is)
  --out DIR                   where to write (default: dist/org)`;

const FLAGS = {
  'central-account': { type: 'string' },
  'management-account': { type: 'string' },
  'organization-id': { type: 'string' },
  region: { type: 'string', multiple: true },
  'execution-role-name': { type: 'string' },
  ...RULE_OPTION_FLAGS,
  'evaluation-frequency': { type: 'string' },
  'change-window': { type: 'string' },
  'workgroup-change-window': { type: 'string' },
  'security-hub-sync': { type: 'boolean' },
  'watch-minutes': { type: 'string' },
  'rollback-on-failure': { type: 'boolean' },
  'discover-usage': { type: 'boolean' },
  'exclude-account': { type: 'string', multiple: true },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** AWS Config's limit for a remediation's static value: `S3Buckets`, comma-separated, must fit. */
const S3_BUCKETS_MAX_LENGTH = 256;

const required = (flag: string, value: string | undefined, what: string): string => {
  if (value === undefined || value === '') throw new InputError(`--${flag} is required: ${what}.`);
  return value;
};

const checked = (flag: string, value: string, ok: (v: string) => boolean, expected: string): string => {
  if (!ok(value)) throw new InputError(`--${flag} must be ${expected}, got "${value}".`);
  return value;
};

/** Each kind's ChangeWindow from its flag, else its runbook's default, refused as the preflight would. */
const changeWindowsFrom = (values: Record<string, unknown>): Record<ResourceKind, string> =>
  Object.fromEntries(
    RESOURCE_KINDS.map((kind) => {
      const { flag } = KINDS[kind].runbook.changeWindowSetting;
      const given = values[flag];
      const text = typeof given === 'string' ? given.trim().toLowerCase() : KINDS[kind].runbook.defaultChangeWindow;
      const parsed = parseChangeWindow(text);
      if (parsed === undefined || text === '')
        throw new InputError(`--${flag} must be ${CHANGE_WINDOW_RULE}, got "${given}".`);
      const problem = scheduleProblemOf(parsed, kind);
      if (problem !== undefined) throw new InputError(`--${flag} "${text}": ${problem}`);
      return [kind, text];
    }),
  ) as Record<ResourceKind, string>;

/**
 * Parse `org:render`'s arguments; `undefined` means help was asked for.
 * @throws InputError naming the argument, the value and what is expected.
 */
export const parseOrgRenderArgs = (argv: readonly string[]): OrgRenderOptions | undefined => {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>['values'];
  try {
    values = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new InputError(`${(error as Error).message}. Run "npm run org:render -- --help".`);
  }
  if (values.help) return undefined;
  const account = (flag: 'central-account' | 'management-account', what: string) =>
    checked(flag, required(flag, values[flag], what), isAccountId, 'a 12-digit account id');
  const centralAccountId = account('central-account', 'the account that runs the rule and preflight functions');
  const managementAccountId = account('management-account', "the organization's management account id");
  const organizationId = checked(
    'organization-id',
    required(
      'organization-id',
      values['organization-id'],
      'member runbooks may invoke the central preflight, and the functions may assume roles, only inside the organization (aws organizations describe-organization --query Organization.Id)',
    ),
    isOrganizationId,
    'an organization id such as o-a1b2c3d4e5',
  );
  const regions = values.region ?? [];
  if (regions.length === 0)
    throw new InputError('--region is required: the Region(s) to roll out to, e.g. --region eu-west-1.');
  for (const region of regions) checked('region', region, isRegionName, 'a Region name such as eu-west-1');
  const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
  if (duplicate !== undefined) throw new InputError(`--region "${duplicate}" is given twice; name each Region once.`);
  const partitions = new Set(regions.map(partitionOfRegion));
  if (partitions.size > 1) {
    throw new InputError(
      `--region values span partitions (${[...partitions].join(', ')}); an organization lives in one partition: render each separately.`,
    );
  }
  if (values['s3-bucket']?.some((v) => v.trim() === '')) {
    throw new InputError('--s3-bucket needs a value, got an empty one: name a bucket, e.g. --s3-bucket etl-staging.');
  }
  const rule = ruleOptionsFromFlags(values);
  const bucketList = rule.s3Buckets?.join(',') ?? '';
  if (bucketList.length > S3_BUCKETS_MAX_LENGTH) {
    throw new InputError(
      `--s3-bucket values come to ${bucketList.length} characters with their commas; AWS Config takes at most ${S3_BUCKETS_MAX_LENGTH} in a remediation parameter: list fewer buckets.`,
    );
  }
  const watchMinutes = Number(values['watch-minutes'] ?? '0');
  if (!WATCH_MINUTES.includes(watchMinutes as never) || !/^\d+$/.test(values['watch-minutes'] ?? '0')) {
    throw new InputError(
      `--watch-minutes must be one of ${WATCH_MINUTES.join(', ')} (0: no watch), got "${values['watch-minutes']}".`,
    );
  }
  if (values['rollback-on-failure'] === true && watchMinutes === 0) {
    throw new InputError(
      '--rollback-on-failure acts on what the watch after the change finds: give --watch-minutes too (for example --watch-minutes 30).',
    );
  }
  const excluded = values['exclude-account'] ?? [];
  for (const id of excluded) checked('exclude-account', id, isAccountId, 'a 12-digit account id');
  const out = values.out ?? 'dist/org';
  if (out.trim() === '') throw new InputError('--out must name a directory, got "".');
  return {
    centralAccountId,
    managementAccountId,
    organizationId,
    regions,
    partition: partitionOfRegion(regions[0] as string),
    executionRoleName: checked(
      'execution-role-name',
      values['execution-role-name'] ?? DEFAULT_EXECUTION_ROLE_NAME,
      isRoleName,
      ROLE_NAME_RULE,
    ),
    prerequisiteMode: rule.prerequisiteMode,
    requireInternetPath: rule.requireInternetPath,
    exemptionTagKey: rule.exemptionTagKey,
    s3Buckets: rule.s3Buckets,
    evaluationFrequency: parseChoice(
      '--evaluation-frequency',
      values['evaluation-frequency'],
      EVALUATION_FREQUENCIES,
      DEFAULT_EVALUATION_FREQUENCY,
    ),
    changeWindows: changeWindowsFrom(values),
    securityHubSync: values['security-hub-sync'] === true,
    watchMinutes,
    rollbackOnFailure: values['rollback-on-failure'] === true,
    discoverUsage: values['discover-usage'] === true,
    excludedAccountIds: [...new Set([managementAccountId, ...excluded])],
    outDir: out,
  };
};
