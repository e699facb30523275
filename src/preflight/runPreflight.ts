import { liveFactSource } from '../aws/liveFactSource.ts';
import type { RuleClients } from '../aws/ruleClients.ts';
import { scanRegion } from '../aws/scan.ts';
import { isModifiableStatus } from '../core/clusterStates.ts';
import { isAccountId, isClusterIdentifier, isRecord, isTagKey, isWorkgroupName } from '../core/identifiers.ts';
import { MESSAGES } from '../core/messages.ts';
import { parseBucketList } from '../core/ruleOptions.ts';
import type { ClusterEvaluation, Exemption, PrerequisiteCode, SubnetReport } from '../core/types.ts';
import { InputError } from '../errors.ts';

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
  readonly exemptionTagKey: string | undefined;
  /** The runbook's S3Buckets: the buckets COPY/UNLOAD use, checked against restrictive S3 endpoint policies. */
  readonly s3Buckets: readonly string[] | undefined;
};

/**
 * What the runbooks branch on. Only `ready` leads to ModifyCluster (UpdateWorkgroup); every other decision
 * stops the runbook without a change (`already-enabled` and `exempt` successfully, the rest as failures).
 */
export const PREFLIGHT_DECISIONS = [
  'ready',
  'blocked',
  'exempt',
  'already-enabled',
  'not-modifiable',
  'not-found',
] as const;
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
  const hasCluster = isGiven(payload, 'ClusterIdentifier');
  const hasWorkgroup = isGiven(payload, 'WorkgroupName');
  if (hasCluster === hasWorkgroup) {
    throw new InputError(
      `Preflight input needs exactly one of "ClusterIdentifier" (a provisioned cluster) and "WorkgroupName" (a Redshift Serverless workgroup), got ${hasCluster ? 'both' : 'neither'}. ${FIX}`,
    );
  }
  if (hasWorkgroup) {
    const workgroupName = payload.WorkgroupName;
    if (!isWorkgroupName(workgroupName)) {
      throw new InputError(
        `Preflight input "WorkgroupName" must be a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens), got ${JSON.stringify(workgroupName)}. ${FIX}`,
      );
    }
    return { kind: 'workgroup', workgroupName };
  }
  const clusterIdentifier = payload.ClusterIdentifier;
  if (!isClusterIdentifier(clusterIdentifier)) {
    throw new InputError(
      `Preflight input "ClusterIdentifier" must be a Redshift cluster identifier, got ${JSON.stringify(clusterIdentifier)}. ${FIX}`,
    );
  }
  return { kind: 'cluster', clusterIdentifier };
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
  return {
    ...target,
    accountId,
    executionRoleName: optionalText(payload, 'ExecutionRoleName'),
    requireInternetPath: optionalBoolean(payload, 'RequireInternetPath'),
    skipNetworkCheck: optionalBoolean(payload, 'SkipPreflight'),
    exemptionTagKey,
    s3Buckets,
  };
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

/** The target alone, without the other input fields (what the result names). */
const targetOf = (input: PreflightInput): PreflightTarget =>
  input.kind === 'workgroup'
    ? { kind: 'workgroup', workgroupName: input.workgroupName }
    : { kind: 'cluster', clusterIdentifier: input.clusterIdentifier };

/**
 * Run the rule's engine on one cluster or workgroup and decide whether enabling EVR is safe now.
 * @throws AwsCallError when the cluster or workgroup cannot even be described; AssumeRoleError in organization mode.
 */
export const runPreflight = async (
  input: PreflightInput,
  deps: { readonly region: string; readonly clients: RuleClients },
): Promise<PreflightResult> => {
  const source = liveFactSource(deps.clients, deps.region);
  const { evaluations } = await scanRegion(
    source,
    {
      // Skipped: only the cluster or workgroup itself is read (state, flag, tags), no EC2 call.
      prerequisiteMode: input.skipNetworkCheck ? 'off' : 'report',
      requireInternetPath: input.requireInternetPath,
      ...(input.exemptionTagKey !== undefined ? { exemptionTagKey: input.exemptionTagKey } : {}),
      ...(input.s3Buckets !== undefined ? { s3Buckets: input.s3Buckets } : {}),
    },
    input.kind === 'workgroup'
      ? { workgroupNames: [input.workgroupName] }
      : { clusterIdentifiers: [input.clusterIdentifier] },
  );
  const base = {
    ...targetOf(input),
    accountId: input.accountId,
    region: deps.region,
    skipped: input.skipNetworkCheck,
  };
  const evaluation = evaluations[0];
  if (evaluation === undefined) {
    const where = `${input.accountId ? `account ${input.accountId}, ` : ''}Region ${deps.region}`;
    return {
      ...base,
      ready: false,
      decision: 'not-found',
      explanation:
        input.kind === 'workgroup'
          ? MESSAGES.workgroupNotFound(input.workgroupName, where)
          : MESSAGES.clusterNotFound(input.clusterIdentifier, where),
      advice: '',
      warning: '',
      prerequisitesMet: null,
      missing: [],
      subnets: [],
      exemption: null,
    };
  }
  const decided = decidePreflight(evaluation, input.skipNetworkCheck);
  return {
    ...base,
    ...decided,
    ready: decided.decision === 'ready',
    prerequisitesMet: evaluation.prerequisitesMet,
    missing: evaluation.missing,
    subnets: evaluation.subnets,
    exemption: evaluation.exemption,
  };
};
