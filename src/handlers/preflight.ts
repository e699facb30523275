import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { AccountClientProvider, accountOf, parseTrustedAccounts, partitionOf } from '../aws/accountClients.ts';
import type { ClientOptions } from '../aws/clientConfig.ts';
import { createRedshiftDataClient, runStatement } from '../aws/redshiftData.ts';
import { usageDiscoverer } from '../aws/usageDiscovery.ts';
import { WATCH_ROW_LIMIT } from '../core/postChangeWatch.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { PREFLIGHT_FUNCTION_NAME } from '../deploy/names.ts';
import { InputError } from '../errors.ts';
import { EXEMPTION_TAG_KEY_VARIABLE, parseConfiguredExemptionTagKey } from '../preflight/exemptions.ts';
import type { updateFinding } from '../preflight/findingUpdate.ts';
import { createPreflightClients, type PreflightClients } from '../preflight/preflightClients.ts';
import {
  nameOf,
  type PreflightInput,
  type PreflightResult,
  parsePreflightInput,
  runPreflight,
} from '../preflight/runPreflight.ts';
import {
  dataApiTargetOf,
  isWatchRequest,
  parseWatchInput,
  type WatchResult,
  watchPipelines,
} from '../preflight/watchPipelines.ts';
import { lambdaRegion } from './lambdaEnvironment.ts';

const powertools = new Logger({ serviceName: 'redshift-evr-preflight' });

/**
 * An account as the function reaches it (its own credentials, or the execution role's): the preflight's clients,
 * and the credentials themselves for the Data API and S3 clients that only DiscoverUsage and the watch create.
 * One provider, so a role is assumed once per account for all of them.
 */
interface AccountAccess {
  readonly options: ClientOptions;
  readonly clients: PreflightClients;
}
let provider: AccountClientProvider<AccountAccess> | undefined;

/** A Data API statement may take at most this long (two run one after the other within the function's minute). */
const STATEMENT_MS = 20_000;

/** UpdateSecurityHubFinding: its module (and the Security Hub client) loaded only when a finding is to be updated. */
const lazyUpdateFinding: typeof updateFinding = async (evaluation, request) =>
  (await import('../preflight/findingUpdate.ts')).updateFinding(evaluation, request);

/**
 * The request's account and how to reach it.
 * @throws InputError when the request names no account and the function ARN names none either.
 */
const accountAccess = (input: PreflightInput, context: Context) => {
  const ownAccountId = accountOf(context.invokedFunctionArn);
  const accountId = input.accountId ?? ownAccountId;
  if (accountId === undefined) {
    throw new InputError(
      `Preflight input "AccountId" is missing and the function ARN names no account. The runbook passes {{ global:ACCOUNT_ID }}; pass the ${input.kind}'s 12-digit account id.`,
    );
  }
  provider ??= new AccountClientProvider<AccountAccess>({
    ownAccountId,
    // The describe calls, and Security Hub on first use: the preflight sends no evaluations (no Config client).
    createClients: (options) => ({ options, clients: createPreflightClients(options) }),
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
    // CloudTrail names the preflight's sessions in the member account apart from the rule's.
    roleSessionName: PREFLIGHT_FUNCTION_NAME,
  });
  const from = provider;
  const access = () =>
    from.clientsForAccount({
      accountId,
      roleName: input.executionRoleName,
      partition: partitionOf(context.invokedFunctionArn),
    });
  return { accountId, access };
};

/**
 * Kept free at the end of the invocation: the decision is answered this long before Lambda's timeout (for
 * logging and the runtime's own return), so a call that hangs yields `blocked`, never a timed-out function.
 */
export const PREFLIGHT_MARGIN_MS = 3_000;

/**
 * The remediation runbooks' safety check: the rule's engine on one cluster or workgroup. Returns
 * `{ ready, decision, … }`; throws only for bad input or configuration, or AWS failures (the runbooks treat
 * anything but `ready: true` as a stop). The stack's ExemptionTagKey (EXEMPTION_TAG_KEY) applies to every
 * request, besides any key the request names.
 */
export const handler = async (
  payload: unknown,
  context: Context,
): Promise<PreflightResult | (WatchResult & { securityHub: PreflightResult['securityHub'] })> => {
  powertools.addContext(context);
  if (isWatchRequest(payload)) return watch(payload as Record<string, unknown>, context);
  // The function's own configuration first: a bad value fails every request (the cold start's first among
  // them) with the variable named, before any AWS call.
  const deployedExemptionTagKey = parseConfiguredExemptionTagKey(process.env[EXEMPTION_TAG_KEY_VARIABLE]);
  const input = parsePreflightInput(payload);
  const region = lambdaRegion();
  const { accountId, access } = accountAccess(input, context);
  const msLeft = () => context.getRemainingTimeInMillis() - PREFLIGHT_MARGIN_MS;
  // DiscoverUsage: the Data API and S3 with the same credentials as the reads, closed with the decision.
  const discoverer =
    input.discovery === undefined
      ? undefined
      : usageDiscoverer({ ...(await access()).options, region }, input.discovery, msLeft, { timeoutMs: STATEMENT_MS });
  const result = await runPreflight(input, {
    region,
    clients: async () => (await access()).clients,
    deployedExemptionTagKey,
    msLeft,
    updateFinding: lazyUpdateFinding,
    ...(discoverer === undefined ? {} : { discoverUsage: discoverer.discover }),
  }).finally(() => discoverer?.close());
  // One line per decision: what the runbook was told, and why.
  powertools.info('preflight decision', {
    accountId,
    kind: result.kind,
    [KINDS[result.kind].name.field]: nameOf(result),
    decision: result.decision,
    ready: result.ready,
    skipped: result.skipped,
    // The keys applied: the stack's own first, then the runbook's.
    exemptionTagKeys: result.exemptionTagKeys,
    // The buckets restrictive S3 endpoint policies were checked against (S3Buckets), when given.
    ...(input.s3Buckets !== undefined ? { s3Buckets: input.s3Buckets } : {}),
    missing: result.missing,
    prerequisitesMet: result.prerequisitesMet,
    // UpdateSecurityHubFinding: what became of the finding.
    ...(result.securityHub === null ? {} : { securityHub: result.securityHub }),
  });
  return result;
};

/**
 * The runbooks' CheckPipelines (Action `watch-pipelines`): what failed after the change, through the Data API as
 * the function (or the member's execution role); with UpdateSecurityHubFinding, the finding's note says it too.
 */
const watch = async (payload: Record<string, unknown>, context: Context) => {
  const input = parseWatchInput(payload);
  const region = lambdaRegion();
  const { accountId, access } = accountAccess(input, context);
  const data = createRedshiftDataClient({ ...(await access()).options, region });
  const msLeft = () => context.getRemainingTimeInMillis() - PREFLIGHT_MARGIN_MS;
  const result = await watchPipelines(input, {
    runSql: async (sql) =>
      (
        await runStatement(data, dataApiTargetOf(input), sql, {
          timeoutMs: Math.max(1_000, Math.min(STATEMENT_MS, msLeft() / 2)),
          maxRows: WATCH_ROW_LIMIT,
        })
      ).rows,
    now: () => new Date(),
  }).finally(() => data.destroy());
  // The finding: noted as after the change, with what the watch found (the preflight reads the resource itself).
  let securityHub: PreflightResult['securityHub'] = null;
  if (input.updateSecurityHubFinding && result.verdict !== 'unverified') {
    const noted = await runPreflight(
      { ...input, skipNetworkCheck: false },
      {
        region,
        clients: async () => (await access()).clients,
        deployedExemptionTagKey: parseConfiguredExemptionTagKey(process.env[EXEMPTION_TAG_KEY_VARIABLE]),
        msLeft,
        updateFinding: (evaluation, request) =>
          lazyUpdateFinding(evaluation, { ...request, afterwards: result.summary }),
      },
    );
    securityHub = noted.securityHub;
  }
  powertools.info('watch after the change', {
    accountId,
    kind: input.kind,
    [KINDS[input.kind].name.field]: nameOf(input),
    verdict: result.verdict,
    newFailures: result.watch?.newFailures.length ?? 0,
    ...(securityHub === null ? {} : { securityHub }),
  });
  return { ...result, securityHub };
};
