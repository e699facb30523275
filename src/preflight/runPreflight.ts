import { raceDeadline } from '../aws/deadline.ts';
import type { FactSource } from '../aws/factSource.ts';
import { liveFactSource } from '../aws/liveFactSource.ts';
import { namedTarget, type ScanResult, scanRegion } from '../aws/scan.ts';
import { CHANGE_WINDOW_RULE, type ChangeWindow, parseChangeWindow } from '../core/changeWindow.ts';
import { isModifiableStatus } from '../core/clusterStates.ts';
import {
  DATABASE_NAME_PATTERN,
  DB_USER_PATTERN,
  isAccountId,
  isRecord,
  isRoleName,
  isTagKey,
  ROLE_NAME_RULE,
} from '../core/identifiers.ts';
import { MESSAGES } from '../core/messages.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { parseBucketList } from '../core/ruleOptions.ts';
import {
  type ClusterEvaluation,
  type ClusterFacts,
  type Exemption,
  type IgnoredExemption,
  type PrerequisiteCode,
  RESOURCE_KINDS,
  type ResourceKind,
  type SubnetReport,
} from '../core/types.ts';
import { DEFAULT_DATABASE, DEFAULT_USAGE_DAYS, parseUsageDays, type UsageFacts } from '../core/usage.ts';
import { DeadlineError, InputError, isDeadlineError } from '../errors.ts';
import { exemptionByTags, exemptionTagKeys, keepingTags, withExemptions } from './exemptions.ts';
import type { FindingOutcome, updateFinding } from './findingUpdate.ts';
import type { PreflightClients } from './preflightClients.ts';
import { type ChangeSchedule, isScheduleProblem, scheduleChange } from './schedule.ts';

/** What the preflight decides about: a provisioned cluster, or a Redshift Serverless workgroup. */
export type PreflightTarget =
  | { readonly kind: 'cluster'; readonly clusterIdentifier: string }
  | { readonly kind: 'workgroup'; readonly workgroupName: string };

/** What the runbook's Preflight steps send (InputPayload). */
export type PreflightInput = PreflightTarget & {
  readonly accountId: string | undefined;
  readonly executionRoleName: string | undefined;
  readonly requireInternetPath: boolean;
  /** The operator's SkipPreflight: the network is not checked; exemption and state still are. */
  readonly skipNetworkCheck: boolean;
  /**
   * The runbook's ExemptionTagKey. It adds a key, never removes one: the stack's own ExemptionTagKey (the
   * function's EXEMPTION_TAG_KEY) applies whether this is empty, the same key or another one.
   */
  readonly exemptionTagKey: string | undefined;
  /** The runbook's S3Buckets: the buckets COPY/UNLOAD use, checked against restrictive S3 endpoint policies. */
  readonly s3Buckets: readonly string[] | undefined;
  /** The runbook's ChangeWindow: when a ready change may happen (absent: now, as runbooks before it did). */
  readonly changeWindow: ChangeWindow;
  /** The resource's PreferredMaintenanceWindow, as the runbook's read step found it (clusters only). */
  readonly maintenanceWindow: string | undefined;
  /** The runbook's UpdateSecurityHubFinding: mark (or, after a change, note) the resource's Security Hub finding. */
  readonly updateSecurityHubFinding: boolean;
  /** The Automation execution that has just enabled the routing (the runbook's note step); else undefined. */
  readonly changedByExecution: string | undefined;
  /**
   * The runbook's DiscoverUsage: judge readiness from what the resource really uses (its own load, unload and
   * external-schema records, through the Data API), over `usageDays` days, in `database` as `dbUser` (clusters)
   * or the function's IAM identity. Undefined: not asked.
   */
  readonly discovery: { readonly days: number; readonly database: string; readonly dbUser?: string } | undefined;
};

/**
 * What the runbooks branch on. Only `ready` leads to ModifyCluster (UpdateWorkgroup); every other decision
 * stops the runbook without a change (`already-enabled` and `exempt` successfully, the rest as failures).
 */
const PREFLIGHT_DECISIONS = ['ready', 'blocked', 'exempt', 'already-enabled', 'not-modifiable', 'not-found'] as const;
export type PreflightDecision = (typeof PREFLIGHT_DECISIONS)[number];

/** What the runbook reads; it names what was checked as the input did (`clusterIdentifier` or `workgroupName`). */
export type PreflightResult = PreflightTarget & {
  /** True exactly when `decision` is `ready`: the runbook's last gate before ModifyCluster (UpdateWorkgroup). */
  readonly ready: boolean;
  readonly decision: PreflightDecision;
  /** SkipPreflight was true: the network prerequisites were not checked. */
  readonly skipped: boolean;
  readonly accountId: string | undefined;
  readonly region: string;
  /** What was found, for the operator. */
  readonly explanation: string;
  /** What to do next when blocked ('' otherwise). */
  readonly advice: string;
  /** Enhanced VPC routing already on, but prerequisites missing or unverified: COPY/UNLOAD may be failing now. */
  readonly warning: string;
  readonly prerequisitesMet: boolean | null;
  readonly missing: readonly PrerequisiteCode[];
  readonly subnets: readonly SubnetReport[];
  readonly exemption: Exemption | null;
  /** An exemption tag that was found but does not apply (expired, or an invalid end date): no stop. */
  readonly ignoredExemption: IgnoredExemption | null;
  /** Every exemption tag key that was applied: the stack's (EXEMPTION_TAG_KEY) first, then the runbook's. */
  readonly exemptionTagKeys: readonly string[];
  /** When a ready change may happen (the runbook changes only while `inWindow`); null unless ready. */
  readonly schedule: ChangeSchedule | null;
  /** What was done to the Security Hub finding (UpdateSecurityHubFinding); null when nothing was asked or read. */
  readonly securityHub: FindingOutcome | null;
  /** When the preflight started deciding (ISO 8601): the re-check's is the start of the change (the watch's baseline). */
  readonly decidedAt: string;
};

const FIX = "Check the runbook's parameters.";

const optionalText = (payload: Record<string, unknown>, key: string): string | undefined => {
  const value = payload[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(`Preflight input "${key}" must be a string, got ${JSON.stringify(value)}. ${FIX}`);
  return value;
};

/** SSM passes Booleans as true/false or as the strings "true"/"false" (any case). */
const optionalBoolean = (payload: Record<string, unknown>, key: string): boolean => {
  const value = payload[key];
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new InputError(`Preflight input "${key}" must be true or false, got ${JSON.stringify(value)}. ${FIX}`);
};

const isGiven = (payload: Record<string, unknown>, key: string): boolean =>
  payload[key] !== undefined && payload[key] !== null && payload[key] !== '';

/** Exactly one of ClusterIdentifier (the cluster runbook) and WorkgroupName (the serverless runbook). */
const parseTarget = (payload: Record<string, unknown>): PreflightTarget => {
  const given = RESOURCE_KINDS.filter((kind) => isGiven(payload, KINDS[kind].name.parameter));
  const [kind] = given;
  if (kind === undefined || given.length > 1) {
    throw new InputError(
      `Preflight input needs exactly one of "ClusterIdentifier" (a provisioned cluster) and "WorkgroupName" (a Redshift Serverless workgroup), got ${given.length > 1 ? 'both' : 'neither'}. ${FIX}`,
    );
  }
  const { parameter, valid, rule } = KINDS[kind].name;
  const name = payload[parameter];
  if (!valid(name)) {
    throw new InputError(`Preflight input "${parameter}" must be ${rule}, got ${JSON.stringify(name)}. ${FIX}`);
  }
  return targetFor(kind, name);
};

/**
 * Validate the runbook's payload.
 * @throws InputError naming the field, the value and the fix.
 */
export const parsePreflightInput = (payload: unknown): PreflightInput => {
  if (!isRecord(payload)) {
    throw new InputError(
      `Preflight input must be an object with ClusterIdentifier or WorkgroupName, got ${JSON.stringify(payload)}. ${FIX}`,
    );
  }
  const target = parseTarget(payload);
  const accountId = optionalText(payload, 'AccountId');
  if (accountId !== undefined && !isAccountId(accountId)) {
    throw new InputError(`Preflight input "AccountId" must be a 12-digit account id, got "${accountId}". ${FIX}`);
  }
  // The same rules as the Config rule's ExemptionTagKey parameter (blank is unset there too).
  const exemptionTagKey = optionalText(payload, 'ExemptionTagKey')?.trim() || undefined;
  if (exemptionTagKey !== undefined && !isTagKey(exemptionTagKey)) {
    throw new InputError(
      `Preflight input "ExemptionTagKey" must be a tag key of 1-128 characters not starting with "aws:", got "${exemptionTagKey}". ${FIX}`,
    );
  }
  // The rule's S3Buckets, parsed the same way (blank is unset there too).
  const s3Buckets = parseBucketList(optionalText(payload, 'S3Buckets'), 'Preflight input "S3Buckets"', FIX);
  // The rule's ExecutionRoleName rule: the role is assumed by name, so a bad one must not reach STS.
  const executionRoleName = optionalText(payload, 'ExecutionRoleName')?.trim() || undefined;
  if (executionRoleName !== undefined && !isRoleName(executionRoleName)) {
    throw new InputError(
      `Preflight input "ExecutionRoleName" must be ${ROLE_NAME_RULE}, got "${executionRoleName}". It names the role the preflight assumes in the ${target.kind}'s account (organization mode: the rule's ExecutionRoleName, such as redshift-evr-execution); leave it empty to read this account with the function's own role. ${FIX}`,
    );
  }
  const changeWindowText = optionalText(payload, 'ChangeWindow') ?? 'now';
  const changeWindow = parseChangeWindow(changeWindowText);
  if (changeWindow === undefined) {
    throw new InputError(
      `Preflight input "ChangeWindow" must be ${CHANGE_WINDOW_RULE}, got "${changeWindowText}". ${FIX}`,
    );
  }
  return {
    ...target,
    accountId,
    executionRoleName,
    requireInternetPath: optionalBoolean(payload, 'RequireInternetPath'),
    skipNetworkCheck: optionalBoolean(payload, 'SkipPreflight'),
    exemptionTagKey,
    s3Buckets,
    changeWindow,
    maintenanceWindow: optionalText(payload, 'MaintenanceWindow'),
    updateSecurityHubFinding: optionalBoolean(payload, 'UpdateSecurityHubFinding'),
    changedByExecution: parseExecutionId(optionalText(payload, 'ChangedByExecution')),
    discovery: optionalBoolean(payload, 'DiscoverUsage') ? parseDiscovery(payload, target.kind) : undefined,
  };
};

const DATABASE = new RegExp(`^${DATABASE_NAME_PATTERN}$`);
const DB_USER = new RegExp(`^${DB_USER_PATTERN}$`);

/** Where and as whom the Data API connects (DiscoverUsage, and the watch after the change), checked. */
export const parseConnection = (
  payload: Record<string, unknown>,
  kind: ResourceKind,
): { readonly database: string; readonly dbUser?: string } => {
  const database = optionalText(payload, 'Database') ?? DEFAULT_DATABASE;
  if (!DATABASE.test(database)) {
    throw new InputError(`Preflight input "Database" must be a Redshift database name, got "${database}". ${FIX}`);
  }
  const dbUser = optionalText(payload, 'DbUser');
  if (dbUser === undefined) return { database };
  if (!DB_USER.test(dbUser) || !KINDS[kind].usage.takesDbUser) {
    throw new InputError(
      `Preflight input "DbUser" must be a Redshift user name, and only for a cluster (a workgroup uses the caller's IAM identity), got "${dbUser}". ${FIX}`,
    );
  }
  return { database, dbUser };
};

const parseDiscovery = (payload: Record<string, unknown>, kind: ResourceKind) => ({
  days: parseUsageDays(String(payload.UsageDays ?? DEFAULT_USAGE_DAYS), 'Preflight input "UsageDays"'),
  ...parseConnection(payload, kind),
});

/** An Automation execution id (a UUID; {{ automation:EXECUTION_ID }}): it is quoted in a finding's note. */
const EXECUTION_ID = /^[A-Za-z0-9-]{1,64}$/;

const parseExecutionId = (value: string | undefined): string | undefined => {
  if (value === undefined || EXECUTION_ID.test(value)) return value;
  throw new InputError(
    `Preflight input "ChangedByExecution" must be an Automation execution id ({{ automation:EXECUTION_ID }}), got ${JSON.stringify(value)}. ${FIX}`,
  );
};

/**
 * SkipPreflight is the way out only when the engine saw an S3 path it cannot verify (a NAT instance, a
 * transit gateway …) and nothing is missing or unread: a missing route or DNS setting is fixed, and a denied
 * call is granted, not skipped.
 */
const skipMayHelp = (e: ClusterEvaluation): boolean =>
  e.prerequisitesMet === null &&
  e.missing.length === 0 &&
  e.subnets.some((s) => s.s3Path === 'OTHER') &&
  e.subnets.every((s) => s.routeTableId !== null && s.s3Path !== 'NONE');

/**
 * Every problem with its fix, for the operator who reads the runbook's result: not Config's 256-character
 * annotation, which shortens lists and drops problems.
 */
const inFull = (e: ClusterEvaluation): string =>
  e.problems.length === 0
    ? e.annotation
    : [
        ...(e.ignoredExemption === null ? [] : [MESSAGES.ignoredExemption(e.ignoredExemption)]),
        e.enhancedVpcRouting ? MESSAGES.evrOn : MESSAGES.evrOff,
        ...e.problems.map((p) => `${MESSAGES.problemWithFix(p)}.`),
      ].join(' ');

/** The decision for an evaluated cluster or workgroup (pure). */
export const decidePreflight = (
  evaluation: ClusterEvaluation,
  skipped: boolean,
): Pick<PreflightResult, 'decision' | 'explanation' | 'advice' | 'warning'> => {
  const none = { advice: '', warning: '' };
  if (evaluation.exemption !== null) {
    return { ...none, decision: 'exempt', explanation: MESSAGES.preflight.exempt(evaluation.exemption.reason) };
  }
  if (evaluation.enhancedVpcRouting) {
    const warning = !skipped && evaluation.prerequisitesMet !== true ? inFull(evaluation) : '';
    return { ...none, decision: 'already-enabled', explanation: inFull(evaluation), warning };
  }
  if (!isModifiableStatus(evaluation.clusterStatus, evaluation.kind)) {
    return {
      ...none,
      decision: 'not-modifiable',
      explanation: MESSAGES.notModifiable(evaluation.clusterStatus, evaluation.kind),
    };
  }
  // Outside a VPC there is nothing to enable, skipped or not.
  if (evaluation.complianceType === 'NOT_APPLICABLE') {
    return { ...none, decision: 'blocked', explanation: evaluation.annotation };
  }
  if (skipped) return { ...none, decision: 'ready', explanation: MESSAGES.preflight.skipped };
  if (evaluation.prerequisitesMet === true) {
    return { ...none, decision: 'ready', explanation: MESSAGES.preflight.ready(evaluation.annotation) };
  }
  const advice = skipMayHelp(evaluation)
    ? `${MESSAGES.preflight.fixAndRetry} ${MESSAGES.preflight.skipHatch}`
    : MESSAGES.preflight.fixAndRetry;
  return { ...none, decision: 'blocked', explanation: inFull(evaluation), advice };
};

/** A target of this kind and name, its name in the kind's own field (`clusterIdentifier`, `workgroupName`). */
const targetFor = (kind: ResourceKind, name: string): PreflightTarget =>
  ({ kind, [KINDS[kind].name.field]: name }) as PreflightTarget;

/** The target alone, without the other input fields (what the result names). */
export const targetOf = (input: PreflightInput): PreflightTarget => targetFor(input.kind, nameOf(input));

/** What the preflight needs besides its input. */
export interface PreflightDeps {
  readonly region: string;
  /** Clients for the account, or how to get them (assuming the execution role: bounded by `msLeft` too). */
  readonly clients: PreflightClients | (() => Promise<PreflightClients>);
  /**
   * The stack's ExemptionTagKey (the function's EXEMPTION_TAG_KEY): applied on every request, before and
   * besides the input's own key, so that no caller can leave it out.
   */
  readonly deployedExemptionTagKey?: string | undefined;
  /**
   * Time left for deciding (the invocation's remaining time less a margin). Every AWS call is abandoned once
   * it runs out, and the answer is `blocked` (not verified in time) rather than Lambda's timeout. Without
   * it (tests, tools) nothing is cut short.
   */
  readonly msLeft?: () => number;
  /**
   * The clock (tests set it; the function uses the system's): exemptions' end dates are judged at its time when
   * the preflight starts, the schedule is computed from its time when it decides.
   */
  readonly now?: () => Date;
  /**
   * UpdateSecurityHubFinding (src/preflight/findingUpdate.ts): given by the function only, so that the CLI's
   * local preflight carries no Security Hub call. Absent: the input's request is ignored.
   */
  readonly updateFinding?: typeof updateFinding;
  /** DiscoverUsage (src/aws/usageDiscovery.ts), given by the function: the resource's usage, or why not. */
  readonly discoverUsage?: (cluster: ClusterFacts) => Promise<UsageFacts>;
}

/**
 * `source`, noting the first call abandoned at the deadline: the scan stops quietly at one (the resources of
 * that VPC are left unevaluated), and the operator should still learn which call it was.
 */
const notingDeadlines = (source: FactSource, note: (error: DeadlineError) => void): FactSource =>
  new Proxy(source, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((error: unknown) => {
          if (isDeadlineError(error)) note(error);
          throw error;
        });
    },
  });

/** The name a target carries in its kind's field. */
export const nameOf = (target: PreflightTarget): string =>
  (target as unknown as Record<string, string>)[KINDS[target.kind].name.field] as string;

/** No decision in time: nothing may change, and the operator learns which call was too slow. */
const outOfTime = (input: PreflightInput, error: DeadlineError): Pick<PreflightResult, 'explanation' | 'advice'> => ({
  explanation: `Not verified in time: the preflight stopped before its deadline because ${error.message}, so the ${input.kind} and its network prerequisites are unverified. Nothing was decided and nothing may be changed.`,
  advice: `Run the remediation again. If it keeps happening, check that the preflight function reaches the ${KINDS[input.kind].service}, EC2 and STS endpoints (its network, VPC endpoints or NAT) and is not throttled.`,
});

/**
 * Run the rule's engine on one cluster or workgroup and decide whether enabling EVR is safe now. Every
 * exemption key applies (the deployed one and the input's); with `msLeft`, a call that does not answer in time
 * makes the answer `blocked`, unverified, instead of no answer at all.
 * @throws AwsCallError when the cluster or workgroup cannot even be described; AssumeRoleError in organization mode.
 */
export const runPreflight = async (input: PreflightInput, deps: PreflightDeps): Promise<PreflightResult> => {
  const keys = exemptionTagKeys(deps.deployedExemptionTagKey, input.exemptionTagKey);
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const msLeft = deps.msLeft;
  const base = {
    ...targetOf(input),
    accountId: input.accountId,
    region: deps.region,
    skipped: input.skipNetworkCheck,
    exemptionTagKeys: keys,
    schedule: null,
    securityHub: null,
    decidedAt: startedAt.toISOString(),
  };
  const undecided = {
    prerequisitesMet: null,
    missing: [],
    subnets: [],
    exemption: null,
    ignoredExemption: null,
    warning: '',
  } as const;
  // Every request still in flight is cancelled once there is an answer: nothing outlives the invocation.
  const abort = new AbortController();
  let ledger: ReturnType<typeof keepingTags>['ledger'] | undefined;
  let scanned: ScanResult | undefined;
  let late: DeadlineError | undefined;
  let clients: PreflightClients | undefined;
  try {
    clients =
      typeof deps.clients === 'function'
        ? await raceDeadline(deps.clients, msLeft?.() ?? Number.POSITIVE_INFINITY, 'sts:AssumeRole')
        : deps.clients;
    const live = liveFactSource(clients, deps.region, msLeft ? { abortSignal: abort.signal, msLeft } : {});
    const kept = keepingTags(
      notingDeadlines(live, (error) => {
        late ??= error;
      }),
    );
    ledger = kept.ledger;
    scanned = await scanRegion(
      kept.source,
      {
        // Skipped: only the cluster or workgroup itself is read (state, flag, tags), no EC2 call.
        prerequisiteMode: input.skipNetworkCheck ? 'off' : 'report',
        requireInternetPath: input.requireInternetPath,
        // The engine decides by the first key; the others are applied to the tags it read (withExemptions).
        ...(keys[0] !== undefined ? { exemptionTagKey: keys[0] } : {}),
        ...(input.s3Buckets !== undefined ? { s3Buckets: input.s3Buckets } : {}),
      },
      {
        ...namedTarget(input.kind, [nameOf(input)]),
        at: startedAt,
        ...(input.discovery !== undefined && deps.discoverUsage !== undefined
          ? { discoverUsage: deps.discoverUsage }
          : {}),
      },
    );
  } catch (error) {
    if (!isDeadlineError(error)) throw error;
    late ??= error;
  } finally {
    abort.abort();
  }
  const found = scanned?.evaluations[0];
  const evaluation = found && ledger ? withExemptions(found, ledger, keys, startedAt) : found;
  if (evaluation === undefined) {
    // Out of time, but the tags were read: an exempt resource is exempt whatever its network (an expired
    // exemption is no exemption: the answer stays unverified).
    const judged = exemptionByTags(ledger?.tagsOf(input.kind, nameOf(input)), keys, startedAt);
    if (judged.kind === 'exempt') {
      return {
        ...base,
        ...undecided,
        ready: false,
        decision: 'exempt',
        explanation: MESSAGES.preflight.exempt(judged.exemption.reason),
        advice: '',
        exemption: judged.exemption,
      };
    }
  }
  if (evaluation === undefined && (late !== undefined || (scanned?.notEvaluated.length ?? 0) > 0)) {
    return {
      ...base,
      ...undecided,
      ready: false,
      decision: 'blocked',
      missing: ['NETWORK_UNVERIFIED'],
      ...outOfTime(input, late ?? new DeadlineError('a call did not answer before the deadline')),
    };
  }
  if (evaluation === undefined) {
    const where = `${input.accountId ? `account ${input.accountId}, ` : ''}Region ${deps.region}`;
    return {
      ...base,
      ...undecided,
      ready: false,
      decision: 'not-found',
      explanation: MESSAGES.resourceNotFound(input.kind, nameOf(input), where),
      advice: '',
    };
  }
  const judged = decidePreflight(evaluation, input.skipNetworkCheck);
  const schedule =
    judged.decision === 'ready' ? scheduleChange(input.changeWindow, input.kind, input.maintenanceWindow, now()) : null;
  // Ready but with no window to change in: blocked, saying which ChangeWindow to give instead.
  const decided =
    schedule !== null && isScheduleProblem(schedule)
      ? {
          ...judged,
          decision: 'blocked' as const,
          explanation: schedule.problem,
          advice: MESSAGES.preflight.fixAndRetry,
        }
      : judged;
  const hub = clients?.securityHub;
  const securityHub =
    input.updateSecurityHubFinding && hub !== undefined && deps.updateFinding !== undefined
      ? await deps.updateFinding(evaluation, {
          changedByExecution: input.changedByExecution,
          explanation: decided.explanation,
          skipped: input.skipNetworkCheck,
          client: hub,
          ...(msLeft ? { msLeft } : {}),
        })
      : null;
  return {
    ...base,
    ...decided,
    securityHub,
    schedule: schedule !== null && !isScheduleProblem(schedule) ? schedule : null,
    ready: decided.decision === 'ready',
    prerequisitesMet: evaluation.prerequisitesMet,
    missing: evaluation.missing,
    subnets: evaluation.subnets,
    exemption: evaluation.exemption,
    ignoredExemption: evaluation.ignoredExemption,
  };
};
