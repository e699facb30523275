import { liveFactSource } from '../aws/liveFactSource.ts';
import { scanRegion } from '../aws/scan.ts';
import type { RuleClients } from '../config/ruleClients.ts';
import { isModifiableStatus } from '../core/evaluateCluster.ts';
import { isAccountId, isClusterIdentifier, isRecord } from '../core/identifiers.ts';
import { MESSAGES } from '../core/messages.ts';
import type { PrerequisiteCode, SubnetReport } from '../core/types.ts';
import { InputError } from '../errors.ts';

/** What the runbook's Preflight step sends (InputPayload). */
export interface PreflightInput {
  readonly clusterIdentifier: string;
  readonly accountId: string | undefined;
  readonly executionRoleName: string | undefined;
  readonly requireInternetPath: boolean;
}

/** What the runbook reads back: `ready` is the only gate; `explanation` is shown when it is false. */
export interface PreflightResult {
  readonly ready: boolean;
  readonly clusterIdentifier: string;
  readonly accountId: string | undefined;
  readonly region: string;
  readonly explanation: string;
  readonly prerequisitesMet: boolean | null;
  readonly missing: readonly PrerequisiteCode[];
  readonly subnets: readonly SubnetReport[];
}

const FIX = "Check the runbook's parameters.";

const optionalText = (payload: Record<string, unknown>, key: string): string | undefined => {
  const value = payload[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(`Preflight input "${key}" must be a string, got ${JSON.stringify(value)}. ${FIX}`);
  return value;
};

/**
 * Validate the runbook's payload.
 * @throws InputError naming the field, the value and the fix.
 */
export const parsePreflightInput = (payload: unknown): PreflightInput => {
  if (!isRecord(payload)) {
    throw new InputError(
      `Preflight input must be an object with ClusterIdentifier, got ${JSON.stringify(payload)}. ${FIX}`,
    );
  }
  const p = payload;
  const clusterIdentifier = p.ClusterIdentifier;
  if (!isClusterIdentifier(clusterIdentifier)) {
    throw new InputError(
      `Preflight input "ClusterIdentifier" must be a Redshift cluster identifier, got ${JSON.stringify(clusterIdentifier)}. ${FIX}`,
    );
  }
  const accountId = optionalText(p, 'AccountId');
  if (accountId !== undefined && !isAccountId(accountId)) {
    throw new InputError(`Preflight input "AccountId" must be a 12-digit account id, got "${accountId}". ${FIX}`);
  }
  const internet = p.RequireInternetPath;
  if (internet !== undefined && typeof internet !== 'boolean' && !/^(true|false)$/i.test(String(internet))) {
    throw new InputError(
      `Preflight input "RequireInternetPath" must be true or false, got ${JSON.stringify(internet)}. ${FIX}`,
    );
  }
  return {
    clusterIdentifier,
    accountId,
    executionRoleName: optionalText(p, 'ExecutionRoleName'),
    requireInternetPath: internet === true || /^true$/i.test(String(internet)),
  };
};

/**
 * Run the rule's engine on one cluster and decide whether enabling EVR is safe now.
 * @throws AwsCallError when the cluster cannot even be described; AssumeRoleError in organization mode.
 */
export const runPreflight = async (
  input: PreflightInput,
  deps: { readonly region: string; readonly clients: RuleClients },
): Promise<PreflightResult> => {
  const source = liveFactSource(deps.clients, deps.region);
  const { evaluations } = await scanRegion(
    source,
    { prerequisiteMode: 'report', requireInternetPath: input.requireInternetPath },
    { clusterIdentifier: input.clusterIdentifier },
  );
  const base = { clusterIdentifier: input.clusterIdentifier, accountId: input.accountId, region: deps.region };
  const evaluation = evaluations[0];
  if (evaluation === undefined) {
    const where = `${input.accountId ? `account ${input.accountId}, ` : ''}Region ${deps.region}`;
    return {
      ...base,
      ready: false,
      explanation: MESSAGES.clusterNotFound(input.clusterIdentifier, where),
      prerequisitesMet: null,
      missing: [],
      subnets: [],
    };
  }
  const facts = {
    prerequisitesMet: evaluation.prerequisitesMet,
    missing: evaluation.missing,
    subnets: evaluation.subnets,
  };
  if (evaluation.enhancedVpcRouting) return { ...base, ...facts, ready: true, explanation: MESSAGES.evrOn };
  if (!isModifiableStatus(evaluation.clusterStatus)) {
    return { ...base, ...facts, ready: false, explanation: MESSAGES.notModifiable(evaluation.clusterStatus) };
  }
  return { ...base, ...facts, ready: evaluation.prerequisitesMet === true, explanation: evaluation.annotation };
};
