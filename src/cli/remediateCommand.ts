import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  checkDocument,
  describeAutomation,
  type ExecutionState,
  isFinished,
  isSucceeded,
  startAutomation,
} from '../aws/automation.ts';
import { clientConfig, resolveRegion } from '../aws/clients.ts';
import { mapWithConcurrency } from '../aws/collections.ts';
import { type DeployedRule, readDeployedRule } from '../aws/deployedRule.ts';
import type { FactSource } from '../aws/factSource.ts';
import { openLiveFactSource } from '../aws/openLiveFactSource.ts';
import { assertProfileExists } from '../aws/profiles.ts';
import { namesTarget, type ScanControl, type ScanResult, type ScanTarget, scanRegion } from '../aws/scan.ts';
import { isReadyToRemediate } from '../core/evaluateCluster.ts';
import { isRoleArn, isRoleName, ROLE_NAME_RULE } from '../core/identifiers.ts';
import { KINDS, qualifiedName } from '../core/resourceKinds.ts';
import { type ClusterEvaluation, RESOURCE_KINDS, type ResourceKind, type RuleOptions } from '../core/types.ts';
import { RULE_SPECS } from '../deploy/ruleSpec.ts';
import { InputError, RedshiftEvrError } from '../errors.ts';
import { exemptionTagKeys, keepingTags, withExemptions } from '../preflight/exemptions.ts';
import { decidePreflight } from '../preflight/runPreflight.ts';
import {
  AWS_FLAGS,
  AWS_HELP,
  checkedRegion,
  namedTargets,
  parseFlags,
  parseKinds,
  ruleOptionsFromFlags,
  unlistedWarning,
} from './args.ts';

import { type CliIo, EXIT } from './io.ts';
import {
  CHANGE_FLAGS,
  CHANGE_HELP,
  type ChangePlan,
  changeParameters,
  parseChangePlan,
  plannedStart,
} from './remediate/changePlan.ts';

const REMEDIATE_HELP = `Usage: redshift-evr remediate (--cluster ID ... | --workgroup NAME ... | --all-ready) [options]

Start the deployed remediation runbook (SSM Automation) for clusters and Redshift Serverless workgroups. The
runbook checks the prerequisites first and never changes a cluster or workgroup whose network is not ready,
unless --skip-preflight.

The deployed AWS Config rule's ExemptionTagKey, S3Buckets and RequireInternetPath apply by default (read with
config:DescribeConfigRules; standard error says where each came from): resources tagged with its exemption
key are left out and left unchanged. With the rule's SecurityHubSync on, the runbook updates the Security Hub
finding too (UpdateSecurityHubFinding), as the "Remediate" button's run does. --exemption-tag-key adds a key, it does not replace the rule's.

Options:
  --cluster ID             a provisioned cluster to remediate (repeatable)
  --workgroup NAME         a Redshift Serverless workgroup to remediate (repeatable)
  --all-ready              everything a scan finds NON_COMPLIANT and ready to remediate
  --kind KIND              with --all-ready: cluster, workgroup or all (default all)
  --document NAME          the cluster runbook (default: ${RULE_SPECS.cluster.documentName}, as deployed)
  --workgroup-document N   the workgroup runbook (default: ${RULE_SPECS.workgroup.documentName})
  --role ARN               AutomationAssumeRole for the executions (default: your own permissions)
  --skip-preflight         skip the runbook's prerequisite check (only after verifying S3 paths yourself)
  --require-internet-path  the preflight also requires a NAT/internet gateway default route (default: the
                           deployed rule's RequireInternetPath)
  --exemption-tag-key KEY  also leave resources with this tag unchanged (--all-ready skips them), besides
                           those tagged with the deployed rule's ExemptionTagKey
  --s3-bucket NAME         a bucket COPY/UNLOAD use: the preflight checks restrictive S3 endpoint policies
                           against it (repeatable, or comma-separated; the runbook's S3Buckets; default: the
                           deployed rule's S3Buckets)
  --preflight-function F   the preflight function, name or ARN (organization mode: the central one's ARN)
  --execution-role-name R  organization mode: the role the central preflight assumes in this account
${CHANGE_HELP}
  --dry-run                print what would start and when each change is planned, start nothing
  --wait                   follow the executions, print each step, end with each result
  --concurrency N          at most N executions at once (default 3)
  --yes                    do not ask before starting more than one execution
${AWS_HELP}

At most --concurrency executions run at once: with more targets than that, the command waits for running
executions to finish before starting others (quietly, unless --wait). Workgroups are shown as
"workgroup/NAME" in the output.

Exit status: 0 every execution started (when followed: succeeded), 1 one or more did not, 2 usage error.
`;

const FLAGS = {
  ...AWS_FLAGS,
  cluster: { type: 'string', multiple: true },
  workgroup: { type: 'string', multiple: true },
  'all-ready': { type: 'boolean' },
  kind: { type: 'string' },
  document: { type: 'string' },
  'workgroup-document': { type: 'string' },
  role: { type: 'string' },
  'skip-preflight': { type: 'boolean' },
  'require-internet-path': { type: 'boolean' },
  'exemption-tag-key': { type: 'string' },
  's3-bucket': { type: 'string', multiple: true },
  'preflight-function': { type: 'string' },
  'execution-role-name': { type: 'string' },
  'dry-run': { type: 'boolean' },
  wait: { type: 'boolean' },
  concurrency: { type: 'string' },
  yes: { type: 'boolean' },
  ...CHANGE_FLAGS,
} as const;

/** How often `--wait` polls GetAutomationExecution. */
const POLL_MS = 15_000;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

const parseConcurrency = (value: string | undefined): number => {
  if (value === undefined) return 3;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50)
    throw new InputError(`--concurrency must be a whole number from 1 to 50, got "${value}".`);
  return n;
};

/** What one execution remediates. */
interface Target {
  readonly kind: ResourceKind;
  readonly name: string;
}

/** How a target is named in the output: clusters by identifier, workgroups as `workgroup/NAME`. */
const labelOf = (t: Target): string => qualifiedName(t.kind, t.name);

/** "clusters", "workgroups", or "clusters and workgroups". */
const nounOf = (targets: readonly Target[]): string =>
  RESOURCE_KINDS.filter((k) => targets.some((t) => t.kind === k))
    .map((k) => KINDS[k].plural)
    .join(' and ');

const validate = (flags: Flags) => {
  if (flags.cluster === undefined && flags.workgroup === undefined && !flags['all-ready']) {
    throw new InputError(
      'remediate needs --cluster ID or --workgroup NAME (repeatable), or --all-ready. Run "redshift-evr remediate --help".',
    );
  }
  if (flags.kind !== undefined && !flags['all-ready']) {
    throw new InputError(
      '--kind only selects what --all-ready remediates; name targets with --cluster or --workgroup.',
    );
  }
  const names = namedTargets(flags);
  checkedRegion(flags.region);
  // The rule-option flags fail here, before any call, as they would later.
  ruleOptionsFromFlags(flags);
  const roleName = flags['execution-role-name'];
  if (roleName !== undefined && !isRoleName(roleName)) {
    throw new InputError(
      `--execution-role-name must be ${ROLE_NAME_RULE} (the role the central preflight assumes in this account, such as redshift-evr-execution), got "${roleName}".`,
    );
  }
  if (flags.role !== undefined && !isRoleArn(flags.role)) {
    throw new InputError(
      `--role must be an IAM role ARN such as arn:aws:iam::111122223333:role/redshift-evr-remediation, got "${flags.role}".`,
    );
  }
  const named: Target[] = RESOURCE_KINDS.flatMap((kind) => (names[kind] ?? []).map((name) => ({ kind, name })));
  const readyKinds = parseKinds(flags.kind);
  const kinds = RESOURCE_KINDS.filter(
    (k) => named.some((t) => t.kind === k) || (flags['all-ready'] === true && readyKinds.includes(k)),
  );
  return {
    named,
    readyKinds,
    concurrency: parseConcurrency(flags.concurrency),
    /** Every kind that may be started: named, or selected by --all-ready. */
    kinds,
    plan: parseChangePlan(flags, kinds),
  };
};

const targetOf = (e: ClusterEvaluation): Target => ({ kind: e.kind, name: e.clusterIdentifier });

/** What one kind's runbook is started with, and what its preflight (and a scan here) decides by. */
interface RunbookSettings {
  /** Every exemption key that applies: the deployed rule's first, then --exemption-tag-key. */
  readonly exemptionTagKeys: readonly string[];
  /** The runbook's ExemptionTagKey (it takes one): --exemption-tag-key, else the deployed rule's. */
  readonly exemptionTagKey: string | undefined;
  readonly s3Buckets: readonly string[] | undefined;
  readonly requireInternetPath: boolean;
  /** The rule's SecurityHubSync: the runbook marks and notes the finding as the "Remediate" button's run does. */
  readonly updateSecurityHubFinding: boolean;
}

type Settings = ReadonlyMap<ResourceKind, RunbookSettings>;

/** The settings of one kind from its deployed rule (when it was read) and the flags. */
const settingsOf = (flags: Flags, deployed: DeployedRule): RunbookSettings => {
  const rule = deployed.read ? deployed.settings : undefined;
  const given = ruleOptionsFromFlags(flags);
  return {
    exemptionTagKeys: exemptionTagKeys(rule?.exemptionTagKey, given.exemptionTagKey),
    exemptionTagKey: given.exemptionTagKey ?? rule?.exemptionTagKey,
    s3Buckets: given.s3Buckets ?? rule?.s3Buckets,
    requireInternetPath: given.requireInternetPath || rule?.requireInternetPath === true,
    updateSecurityHubFinding: rule?.securityHubSync === true,
  };
};

/** Where one kind's exemption key (and any setting taken from the rule) came from, for standard error. */
const settingsLine = (kind: ResourceKind, flags: Flags, deployed: DeployedRule, region: string): string => {
  const ruleName = deployed.read ? deployed.settings.ruleName : deployed.ruleName;
  const from = `AWS Config rule ${ruleName}`;
  const flagKey = ruleOptionsFromFlags(flags).exemptionTagKey;
  if (!deployed.read) {
    const going = flagKey
      ? `exemption tag key ${flagKey} (from --exemption-tag-key) only`
      : `no exemption tag key: ${kind}s tagged with the deployed ExemptionTagKey are not left out here`;
    return `warning: ${kind}s: could not read ${from} in ${region} (${deployed.why.replace(/\.$/, '')}). Going on with what you gave, ${going}; the rule's S3Buckets and RequireInternetPath are not applied either. A preflight deployed by this version still applies the stack's ExemptionTagKey. Grant config:DescribeConfigRules, check --region, or pass --exemption-tag-key KEY.\n`;
  }
  const rule = deployed.settings;
  let key: string;
  if (rule.exemptionTagKey === undefined) {
    key = flagKey
      ? `exemption tag key ${flagKey} (from --exemption-tag-key; ${from} sets none)`
      : `no exemption tag key (${from} sets none)`;
  } else if (flagKey === undefined || flagKey === rule.exemptionTagKey) {
    key = `exemption tag key ${rule.exemptionTagKey} (from ${from}${flagKey ? ' and --exemption-tag-key' : ''})`;
  } else {
    key = `exemption tag keys ${rule.exemptionTagKey} (from ${from}) and ${flagKey} (from --exemption-tag-key); the runbook takes one and is passed ${flagKey}, its preflight applies ${rule.exemptionTagKey} from the stack's ExemptionTagKey`;
  }
  const extras = [
    ...(flags['s3-bucket'] === undefined && rule.s3Buckets !== undefined
      ? [`S3Buckets ${rule.s3Buckets.join(',')} (from the rule)`]
      : []),
    ...(flags['require-internet-path'] !== true && rule.requireInternetPath
      ? ['RequireInternetPath true (from the rule)']
      : []),
    ...(rule.securityHubSync ? ["UpdateSecurityHubFinding true (from the rule's SecurityHubSync)"] : []),
  ];
  return `${kind}s: ${[key, ...extras].join('; ')}\n`;
};

/**
 * Read the deployed rule of each kind, say on standard error where the settings come from, and combine them
 * with the flags. A rule that cannot be read is a warning, not an error: the command goes on with the flags.
 * @throws AwsCallError or InputError when there are no usable credentials, profile or Region.
 */
const readSettings = async (flags: Flags, kinds: readonly ResourceKind[], io: CliIo): Promise<Settings> => {
  await assertProfileExists(flags.profile);
  const config = new ConfigServiceClient(clientConfig({ region: flags.region, profile: flags.profile }));
  const region = await resolveRegion(config);
  const reads = await Promise.all(kinds.map((kind) => readDeployedRule(config, RULE_SPECS[kind].configRuleName)));
  const settings = new Map<ResourceKind, RunbookSettings>();
  kinds.forEach((kind, i) => {
    const deployed = reads[i] as DeployedRule;
    io.stderr(settingsLine(kind, flags, deployed, region));
    settings.set(kind, settingsOf(flags, deployed));
  });
  return settings;
};

/** The settings of a kind that was read (every target's kind is). */
const settingsFor = (settings: Settings, kind: ResourceKind): RunbookSettings => {
  const found = settings.get(kind);
  if (found === undefined) throw new Error(`no settings read for ${kind}s`);
  return found;
};

/**
 * The options a scan here decides by, for every kind at once: the strictest of the kinds' settings (every
 * exemption key, every bucket, the internet path if any kind requires it), so that nothing is listed as
 * ready that a preflight would stop.
 */
const scanOptions = (settings: Settings): { readonly options: RuleOptions; readonly keys: readonly string[] } => {
  const all = [...settings.values()];
  const keys = exemptionTagKeys(...all.flatMap((s) => s.exemptionTagKeys));
  const buckets = [...new Set(all.flatMap((s) => s.s3Buckets ?? []))];
  return {
    keys,
    options: {
      prerequisiteMode: 'report',
      requireInternetPath: all.some((s) => s.requireInternetPath),
      // The engine decides by one key; the others are applied to the tags it read (withExemptions).
      ...(keys[0] !== undefined ? { exemptionTagKey: keys[0] } : {}),
      ...(buckets.length > 0 ? { s3Buckets: buckets } : {}),
    },
  };
};

/**
 * A scan that applies every exemption key of `settings`, not only the engine's one, judging their end dates at
 * the command's clock (`io.now`).
 */
const scanWithExemptions = async (
  source: FactSource,
  settings: Settings,
  control: ScanControl & ScanTarget,
  io: CliIo,
): Promise<ScanResult> => {
  const { options, keys } = scanOptions(settings);
  const { source: keeping, ledger } = keepingTags(source);
  const at = new Date(io.now());
  const result = await scanRegion(keeping, options, { ...control, at });
  return { ...result, evaluations: result.evaluations.map((e) => withExemptions(e, ledger, keys, at)) };
};

/** What a live scan finds NON_COMPLIANT and ready (prerequisites verified, cluster or workgroup modifiable). */
const readyTargets = async (
  flags: Flags,
  settings: Settings,
  kinds: readonly ResourceKind[],
  io: CliIo,
): Promise<Target[]> => {
  const source = await openLiveFactSource({ region: flags.region, profile: flags.profile });
  const { evaluations, unlisted } = await scanWithExemptions(
    source,
    settings,
    // Without --kind, workgroups that cannot be listed (no redshift-serverless rights, say) are a warning.
    { kinds, optionalWorkgroups: flags.kind === undefined },
    io,
  );
  for (const { kind, error } of unlisted ?? []) io.stderr(`warning: ${unlistedWarning(source.region, kind, error)}\n`);
  return evaluations.filter(isReadyToRemediate).map(targetOf);
};

/** The runbook a kind's flag names, else the deployed one. */
const documentFor = (kind: ResourceKind, flags: Flags): string =>
  flags[documentFlagOf(kind)] ?? RULE_SPECS[kind].documentName;

/** The key of the flag that names a kind's runbook (`document`, `workgroup-document`). */
const documentFlagOf = (kind: ResourceKind) =>
  KINDS[kind].name.documentFlag.slice(2) as 'document' | 'workgroup-document';

const parametersFor = (
  target: Target,
  flags: Flags,
  settings: Settings,
  plan: ChangePlan,
): Record<string, string[]> => {
  const own = settingsFor(settings, target.kind);
  return {
    [KINDS[target.kind].name.parameter]: [target.name],
    ...(flags.role ? { AutomationAssumeRole: [flags.role] } : {}),
    ...(flags['skip-preflight'] ? { SkipPreflight: ['true'] } : {}),
    ...(own.requireInternetPath ? { RequireInternetPath: ['true'] } : {}),
    ...(own.updateSecurityHubFinding ? { UpdateSecurityHubFinding: ['true'] } : {}),
    ...(own.exemptionTagKey ? { ExemptionTagKey: [own.exemptionTagKey] } : {}),
    ...(own.s3Buckets ? { S3Buckets: [own.s3Buckets.join(',')] } : {}),
    ...(flags['preflight-function'] ? { PreflightFunction: [flags['preflight-function']] } : {}),
    ...(flags['execution-role-name'] ? { ExecutionRoleName: [flags['execution-role-name']] } : {}),
    ...changeParameters(plan),
  };
};

const follow = async (
  ssm: SSMClient,
  io: CliIo,
  label: string,
  executionId: string,
  printSteps: boolean,
): Promise<ExecutionState> => {
  const seen = new Map<string, string>();
  for (;;) {
    const state = await describeAutomation(ssm, executionId);
    for (const step of state.steps) {
      if (seen.get(step.name) !== step.status) {
        seen.set(step.name, step.status);
        if (printSteps) io.stdout(`[${label}] ${step.name}: ${step.status}\n`);
      }
    }
    if (isFinished(state.status)) return state;
    await io.sleep(POLL_MS);
  }
};

const resultLine = (label: string, state: ExecutionState): string => {
  const result = Object.entries(state.outputs).find(([k]) => k.endsWith('.Result'))?.[1]?.[0];
  const detail = isSucceeded(state.status) ? (result ?? '') : (state.failureMessage ?? '');
  return `[${label}] ${state.status}${detail ? `: ${detail}` : ''}\n`;
};

/** What the runbook's preflight will decide for this evaluation, in a dry run's words. */
const dryRunVerdict = (evaluation: ClusterEvaluation, flags: Flags): string => {
  const { decision } = decidePreflight(evaluation, flags['skip-preflight'] === true);
  switch (decision) {
    case 'ready':
      return 'ready';
    case 'exempt':
      return `exempt (${evaluation.exemption?.reason ?? ''}): the runbook will change nothing`;
    case 'already-enabled':
      return 'enhanced VPC routing is already on: the runbook will change nothing';
    default:
      return `the preflight would stop it: ${evaluation.annotation}`;
  }
};

/**
 * When each ready resource would be changed. The clusters' maintenance windows are read only when the plan uses
 * them, with one listing for every target (redshift:DescribeClusters, one of the scan's reads).
 */
const plannerOf = (source: FactSource, plan: ChangePlan, io: CliIo) => {
  let windows: Promise<ReadonlyMap<string, string | undefined>> | undefined;
  return async (target: Target): Promise<string> => {
    const text = plan.changeWindow ?? KINDS[target.kind].runbook.defaultChangeWindow;
    const usesOwn = text === 'maintenance-window' && KINDS[target.kind].runbook.maintenanceWindowSelector !== null;
    windows ??= usesOwn
      ? source
          .describeClusters()
          .then((all) => new Map(all.map((c) => [c.ClusterIdentifier ?? '', c.PreferredMaintenanceWindow])))
      : undefined;
    const own = usesOwn ? (await windows)?.get(target.name) : undefined;
    return plannedStart(plan, target.kind, own, new Date(io.now()));
  };
};

/**
 * What would start, checked against what can be read: each cluster or workgroup (exists, state, EVR,
 * readiness) and each document used. The role is not read (that would need iam:GetRole); the line says so.
 * Exit 1 when anything would keep an execution from starting or succeeding.
 */
const dryRun = async (
  io: CliIo,
  flags: Flags,
  settings: Settings,
  plan: ChangePlan,
  targets: readonly Target[],
): Promise<number> => {
  const ssm = new SSMClient(clientConfig({ region: flags.region, profile: flags.profile }));
  const region = await resolveRegion(ssm);
  // Without credentials nothing can be checked: say so (exit 2) rather than list every check as failed.
  await ssm.config.credentials();
  const problems: string[] = [];
  const documents = [...new Set(targets.map((t) => documentFor(t.kind, flags)))];
  const documentProblems = new Map<string, string | undefined>();
  for (const document of documents) {
    const problem = await checkDocument(ssm, document);
    documentProblems.set(document, problem);
    if (problem !== undefined) problems.push(`document ${document}: ${problem}`);
  }
  const source = await openLiveFactSource({ region, profile: flags.profile });
  // One scan for every target: shared lookups (prefix list, subnet groups, VPCs) are made once.
  const names = Object.fromEntries(
    RESOURCE_KINDS.flatMap((kind) => {
      const of = targets.filter((t) => t.kind === kind).map((t) => t.name);
      return of.length > 0 ? [[kind, of]] : [];
    }),
  );
  let evaluations: readonly ClusterEvaluation[] = [];
  let unreadable: string | undefined;
  try {
    ({ evaluations } = await scanWithExemptions(source, settings, { ...namesTarget(names) }, io));
  } catch (error) {
    if (!(error instanceof RedshiftEvrError)) throw error;
    unreadable = `could not be checked: ${error.message}`;
  }
  const plannedStartFor = plannerOf(source, plan, io);
  for (const target of targets) {
    const evaluation = evaluations.find((e) => e.kind === target.kind && e.clusterIdentifier === target.name);
    const verdict =
      unreadable ?? (evaluation ? dryRunVerdict(evaluation, flags) : `${target.kind} not found in ${region}`);
    const label = labelOf(target);
    if (verdict !== 'ready') problems.push(`${label}: ${verdict}`);
    const when = verdict === 'ready' ? `; ${await plannedStartFor(target)}` : '';
    io.stdout(
      `Would start ${documentFor(target.kind, flags)} for ${label} with ${JSON.stringify(parametersFor(target, flags, settings, plan))}: ${verdict}${when}\n`,
    );
  }
  const found = documents
    .map((d) => `${d}${documentProblems.get(d) === undefined ? ' (found)' : ` (${documentProblems.get(d)})`}`)
    .join(', ');
  io.stdout(
    `Checked: the ${nounOf(targets)} and document ${found}. Not checked: ${flags.role ? `role ${flags.role} (redshift-evr does not read IAM; iam:GetRole would)` : "the caller's own permissions (no --role)"}.\n`,
  );
  return problems.length === 0 ? EXIT.OK : EXIT.NONCOMPLIANT;
};

/** `redshift-evr remediate`: start (and optionally follow) the runbook for clusters and workgroups. */
export const remediateCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('remediate', argv, FLAGS);
  if (flags.help) {
    io.stdout(REMEDIATE_HELP);
    return EXIT.OK;
  }
  const { named, readyKinds, concurrency, kinds, plan } = validate(flags);
  // The deployed rule of every kind that may be started, read before anything is scanned or started.
  const settings = await readSettings(flags, kinds, io);
  const ready = flags['all-ready'] ? await readyTargets(flags, settings, readyKinds, io) : [];
  const targets = [...new Map([...named, ...ready].map((t) => [labelOf(t), t])).values()];
  if (targets.length === 0) {
    io.stdout('Nothing is noncompliant and ready to remediate: nothing to start.\n');
    return EXIT.OK;
  }
  if (flags['dry-run']) return dryRun(io, flags, settings, plan, targets);
  const labels = targets.map(labelOf);
  if (targets.length > 1 && !flags.yes) {
    const documents = [...new Set(targets.map((t) => documentFor(t.kind, flags)))].join(' and ');
    const confirmed = await io.confirm(
      `Start ${documents} for ${targets.length} ${nounOf(targets)} (${labels.join(', ')})?`,
    );
    if (!confirmed) {
      io.stderr('Nothing started: not confirmed. Pass --yes to start without asking.\n');
      return EXIT.USAGE;
    }
  }
  const ssm = new SSMClient(clientConfig({ region: flags.region, profile: flags.profile }));
  await resolveRegion(ssm);
  // Without --wait, executions are still followed (quietly) when there are more of them than --concurrency:
  // that is the only way to keep at most that many clusters (or workgroups) changing at once.
  const track = flags.wait === true || targets.length > concurrency;
  if (track && !flags.wait) {
    io.stderr(
      `More ${nounOf(targets)} than --concurrency ${concurrency}: waiting for executions to finish before starting more.\n`,
    );
  }
  const outcomes = await mapWithConcurrency(targets, concurrency, async (target) => {
    const label = labelOf(target);
    let executionId: string;
    try {
      executionId = await startAutomation(
        ssm,
        documentFor(target.kind, flags),
        parametersFor(target, flags, settings, plan),
      );
    } catch (error) {
      if (!(error instanceof RedshiftEvrError)) throw error;
      const flag = KINDS[target.kind].name.documentFlag;
      const hint = /InvalidDocument/.test(error.message) ? ` Deploy the stack, or pass ${flag}.` : '';
      io.stderr(`[${label}] not started: ${error.message}.${hint}\n`);
      return false;
    }
    io.stdout(`[${label}] started ${executionId}\n`);
    if (!track) return true;
    try {
      const state = await follow(ssm, io, label, executionId, flags.wait === true);
      io.stdout(resultLine(label, state));
      return isSucceeded(state.status);
    } catch (error) {
      if (!(error instanceof RedshiftEvrError)) throw error;
      io.stderr(
        `[${label}] started ${executionId} but could not follow it: ${error.message}. Follow it in the Systems Manager console (Automation) or with "aws ssm get-automation-execution --automation-execution-id ${executionId}".\n`,
      );
      return false;
    }
  });
  const failed = outcomes.filter((ok) => !ok).length;
  if (track || failed > 0) {
    io.stdout(`${targets.length - failed} of ${targets.length} execution(s) ${track ? 'succeeded' : 'started'}.\n`);
  }
  return failed === 0 ? EXIT.OK : EXIT.NONCOMPLIANT;
};
