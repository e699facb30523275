import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { type AggregatedRule, listAggregatedRules, listAggregators, readAggregatedResults } from '../aws/aggregator.ts';
import { clientConfig, resolveRegion } from '../aws/clients.ts';
import { mapWithConcurrency } from '../aws/collections.ts';
import { assertProfileExists } from '../aws/profiles.ts';
import { isAccountId, isRegionName } from '../core/identifiers.ts';
import { RESOURCE_KINDS } from '../core/types.ts';
import { RULE_SPECS } from '../deploy/ruleSpec.ts';
import { InputError, isAwsCallError } from '../errors.ts';
import { renderAggregateReport } from './aggregateOutput.ts';
import { kindsOfRuleNames, matchRuleNames, toAggregateReport } from './aggregateReport.ts';
import { checkedList, parseFlags } from './args.ts';
import { type CliIo, EXIT } from './io.ts';
import { chooseFormat, emit, FORMATS } from './output.ts';

/** Stored-result reads in flight at once: the SDK's adaptive retries absorb what AWS Config throttles. */
export const AGGREGATE_CONCURRENCY = 6;

const RULE_NAMES = RESOURCE_KINDS.map((kind) => RULE_SPECS[kind].configRuleName);

const REPORT_HELP = `Usage: redshift-evr report --aggregator NAME [options]

Report every cluster and workgroup of an organization from an AWS Config aggregator: the results the
redshift-evr rules stored in each account and Region, in one report. Nothing is evaluated again; the report
holds what AWS Config holds (the verdict and the annotation), and says "unknown" for what it does not (the VPC,
the subnets, the status).

The rules are found among the aggregator's rules by name: ${RULE_NAMES.join(', ')},
as a stack names them, with the suffix AWS Config gives a conformance pack's rules (NAME-conformance-pack-ID),
or as an organization rule (OrgConfigRule-NAME-ID). --rule names them when they are named otherwise.

Options:
  --aggregator NAME        the configuration aggregator (default: the only one in its Region, if there is one;
                           "aws configservice describe-configuration-aggregators" lists them)
  --aggregator-region R    the Region the aggregator lives in (default: AWS_REGION or the profile's region)
  --rule NAME              read this aggregated rule (repeatable) instead of finding the redshift-evr rules
  --account ID             only this account (repeatable)
  --region R               only results from this Region (repeatable); not where the aggregator lives
  --format F               ${FORMATS.join('|')} (default: table, or from --output-file's ending)
  --output-file FILE       write the report there (atomically) instead of stdout: .json, .csv,
                           .ocsf.json, .asff.json, .txt
  --fails-only             report NON_COMPLIANT clusters and workgroups only
  --quiet                  print nothing; the exit status says it all
  --profile NAME           named profile from ~/.aws/config (default: the standard credential chain)
  --debug                  on an error, also print its stack trace
Environment: AWS_ENDPOINT_URL points every call at an AWS API emulator.

Permissions: config:DescribeConfigurationAggregators (only without --aggregator),
config:DescribeAggregateComplianceByConfigRules and config:GetAggregateComplianceDetailsByConfigRule.

Exit status: 0 nothing noncompliant, 1 something noncompliant, 2 usage, credentials or API error.
`;

const REPORT_FLAGS = {
  aggregator: { type: 'string' },
  'aggregator-region': { type: 'string' },
  rule: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  region: { type: 'string', multiple: true },
  format: { type: 'string' },
  'output-file': { type: 'string' },
  'fails-only': { type: 'boolean' },
  quiet: { type: 'boolean' },
  profile: { type: 'string' },
} as const;

/** AWS Config's ConfigurationAggregatorName: `[\w\-]+`, 1 to 256 characters. */
const AGGREGATOR_NAME = /^[\w-]{1,256}$/;

/** How many names an error lists before "…". */
const SHOWN = 20;
const listed = (names: readonly string[]): string =>
  `${names.slice(0, SHOWN).join(', ')}${names.length > SHOWN ? `, … (${names.length - SHOWN} more)` : ''}`;

/** The aggregator: the flag's, else the only one there is (said on stderr), else an error that says how to find it. */
const chooseAggregator = async (
  config: ConfigServiceClient,
  flag: string | undefined,
  region: string,
  io: CliIo,
): Promise<string> => {
  if (flag !== undefined) return flag;
  const names = await listAggregators(config);
  const [only] = names;
  if (names.length === 1 && only !== undefined) {
    io.stderr(`note: using aggregator ${only}, the only one in ${region} (--aggregator NAME to choose).\n`);
    return only;
  }
  const find = `"aws configservice describe-configuration-aggregators --region ${region}" lists them`;
  if (names.length === 0) {
    throw new InputError(
      `No configuration aggregator in ${region}. Pass --aggregator NAME and --aggregator-region for the Region it lives in (${find} in each Region), or create one (docs/org-rollout.md, "See the whole organization").`,
    );
  }
  throw new InputError(
    `${names.length} configuration aggregators in ${region} (${listed(names)}): pass --aggregator NAME.`,
  );
};

/** Every (rule, account, Region) of the aggregator; a missing aggregator is an error that says where to look. */
const aggregatedRules = async (config: ConfigServiceClient, aggregator: string, region: string) => {
  try {
    return await listAggregatedRules(config, aggregator);
  } catch (error) {
    if (isAwsCallError(error) && error.errorName.startsWith('NoSuchConfigurationAggregatorException')) {
      throw new InputError(
        `No configuration aggregator "${aggregator}" in ${region}: check --aggregator, and pass --aggregator-region for the Region it lives in ("aws configservice describe-configuration-aggregators --region ${region}" lists those of ${region}).`,
      );
    }
    throw error;
  }
};

/** The rules to read: ours by name, or exactly those of --rule; none is an error naming what the aggregator has. */
const chooseRules = (found: readonly AggregatedRule[], explicit: readonly string[] | undefined, aggregator: string) => {
  const all = [...new Set(found.map((r) => r.ruleName))].sort();
  const names = matchRuleNames(found, explicit);
  const missing = (explicit ?? []).filter((n) => !names.includes(n));
  if (missing.length > 0) {
    throw new InputError(
      `Aggregator ${aggregator} holds no results of --rule ${missing.map((n) => `"${n}"`).join(', ')}; its rules: ${all.length > 0 ? listed(all) : 'none'}.`,
    );
  }
  if (names.length === 0) {
    throw new InputError(
      `Aggregator ${aggregator} holds no results of the redshift-evr rules (${RULE_NAMES.join(', ')}, or those names with a conformance pack's suffix); its rules: ${all.length > 0 ? listed(all) : 'none'}. If one of them is a redshift-evr rule named otherwise, pass it with --rule NAME (repeatable).`,
    );
  }
  return names;
};

/** `redshift-evr report`: the organization's stored results from an AWS Config aggregator; exit 0/1/2. */
export const reportCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('report', argv, REPORT_FLAGS);
  if (flags.help) {
    io.stdout(REPORT_HELP);
    return EXIT.OK;
  }
  // Everything a user typed is checked before the first AWS call.
  const aggregatorRegion = flags['aggregator-region'];
  if (aggregatorRegion !== undefined && !isRegionName(aggregatorRegion)) {
    throw new InputError(`--aggregator-region "${aggregatorRegion}" is not a Region name such as eu-west-1.`);
  }
  const aggregatorName = flags.aggregator;
  if (aggregatorName !== undefined && !AGGREGATOR_NAME.test(aggregatorName)) {
    throw new InputError(
      `--aggregator "${aggregatorName}" is not an aggregator name (letters, digits, _ and -, at most 256).`,
    );
  }
  const regions = checkedList('region', flags.region, isRegionName, 'a Region name such as eu-west-1');
  const accounts = checkedList('account', flags.account, isAccountId, 'an account id (12 digits)');
  const rules = checkedList(
    'rule',
    flags.rule,
    (n) => n.length <= 128,
    'an AWS Config rule name (at most 128 characters)',
  );
  const format = chooseFormat(flags.format, flags['output-file']);
  const failsOnly = flags['fails-only'] === true;

  await assertProfileExists(flags.profile);
  const config = new ConfigServiceClient(clientConfig({ region: aggregatorRegion, profile: flags.profile }));
  let region: string;
  try {
    region = await resolveRegion(config);
  } catch {
    throw new InputError(
      'No AWS Region is set for the aggregator: pass --aggregator-region, set AWS_REGION, or give the profile a region.',
    );
  }
  try {
    const aggregator = await chooseAggregator(config, aggregatorName, region, io);
    const found = await aggregatedRules(config, aggregator, region);
    const names = chooseRules(found, rules, aggregator);
    const pairs = found.filter(
      (r) =>
        names.includes(r.ruleName) &&
        (accounts === undefined || accounts.includes(r.accountId)) &&
        (regions === undefined || regions.includes(r.region)),
    );
    if (pairs.length === 0) {
      io.stderr(
        `warning: no results of ${names.join(', ')} match ${[accounts && `--account ${accounts.join(', ')}`, regions && `--region ${regions.join(', ')}`].filter(Boolean).join(' and ')} in aggregator ${aggregator}.\n`,
      );
    }
    const results = (
      await mapWithConcurrency(pairs, AGGREGATE_CONCURRENCY, (pair) =>
        readAggregatedResults(config, aggregator, pair, failsOnly),
      )
    ).flat();
    const { report: full, skipped } = toAggregateReport(
      results,
      {
        aggregator,
        kinds: kindsOfRuleNames(names),
        accounts: pairs.map((p) => p.accountId),
        regions: pairs.map((p) => p.region),
      },
      new Date().toISOString(),
    );
    const report = failsOnly
      ? { ...full, evaluations: full.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT') }
      : full;
    if (!flags.quiet || flags['output-file'] !== undefined) {
      const text = renderAggregateReport(format, report, { color: io.color, columns: io.columns });
      await emit(io, text, flags['output-file']);
    }
    if (skipped > 0) {
      io.stderr(
        `warning: ${skipped} result(s) of ${names.join(', ')} are about resources other than Redshift clusters and workgroups (or of a compliance type the report does not hold); left out.\n`,
      );
    }
    return full.summary.NON_COMPLIANT > 0 ? EXIT.NONCOMPLIANT : EXIT.OK;
  } finally {
    // Its sockets would keep the process (and a test run) alive.
    config.destroy();
  }
};
