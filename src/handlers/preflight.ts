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
import { nameOf, type PreflightResult, parsePreflightInput, runPreflight } from '../preflight/runPreflight.ts';
import {
  dataApiTargetOf,
  isWatchRequest,
  parseWatchInput,
  type WatchResult,
  watchPipelines,
} from '../preflight/watchPipelines.ts';
import { lambdaRegion } from './lambdaEnvironment.ts';

const powertools = new Logger({ serviceName: 'redshift-evr-preflight' });
let provider: AccountClientProvider<PreflightClients> | undefined;
/**
 * The credentials for an account (the function's own, or the execution role's), for the Data API and S3 clients
 * that only DiscoverUsage and the watch create.
 */
let optionsProvider: AccountClientProvider<ClientOptions> | undefined;

/** A Data API statement may take at most this long (two run one after the other within the function's minute). */
const STATEMENT_MS = 20_000;

/** UpdateSecurityHubFinding: its module (and the Security Hub client) loaded only when a finding is to be updated. */
const lazyUpdateFinding: typeof updateFinding = async (evaluation, request) =>
  (await import('../preflight/findingUpdate.ts')).updateFinding(evaluation, request);

const credentialsFor = (context: Context, ownAccountId: string | undefined) => {
  optionsProvider ??= new AccountClientProvider<ClientOptions>({
    ownAccountId,
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
    roleSessionName: PREFLIGHT_FUNCTION_NAME,
    createClients: (options) => options,
  });
  const from = optionsProvider;
  return (accountId: string, roleName: string | undefined) =>
    from.clientsForAccount({ accountId, roleName, partition: partitionOf(context.invokedFunctionArn) });
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
  const ownAccountId = accountOf(context.invokedFunctionArn);
  const accountId = input.accountId ?? ownAccountId;
  if (accountId === undefined) {
    throw new InputError(
      `Preflight input "AccountId" is missing and the function ARN names no account. The runbook passes {{ global:ACCOUNT_ID }}; pass the ${input.kind}'s 12-digit account id.`,
    );
  }
  provider ??= new AccountClientProvider({
    ownAccountId,
    // The describe calls, and Security Hub on first use: the preflight sends no evaluations (no Config client).
    createClients: createPreflightClients,
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
    // CloudTrail names the preflight's sessions in the member account apart from the rule's.
    roleSessionName: PREFLIGHT_FUNCTION_NAME,
  });
  const clientsProvider = provider;
  const msLeft = () => context.getRemainingTimeInMillis() - PREFLIGHT_MARGIN_MS;
  // DiscoverUsage: the Data API and S3 with the same credentials as the reads, closed with the decision.
  const discoverer =
    input.discovery === undefined
      ? undefined
      : usageDiscoverer(
          { ...(await credentialsFor(context, ownAccountId)(accountId, input.executionRoleName)), region },
          input.discovery,
          msLeft,
          { timeoutMs: STATEMENT_MS },
        );
  const result = await runPreflight(input, {
    region,
    clients: () =>
      clientsProvider.clientsForAccount({
        accountId,
        roleName: input.executionRoleName,
        partition: partitionOf(context.invokedFunctionArn),
      }),
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
  const ownAccountId = accountOf(context.invokedFunctionArn);
  const accountId = input.accountId ?? ownAccountId ?? '';
  const target = { accountId, roleName: input.executionRoleName, partition: partitionOf(context.invokedFunctionArn) };
  const trustedAccounts = parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS);
  const data = createRedshiftDataClient({
    ...(await credentialsFor(context, ownAccountId)(accountId, input.executionRoleName)),
    region,
  });
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
    provider ??= new AccountClientProvider({
      ownAccountId,
      createClients: createPreflightClients,
      trustedAccounts,
      roleSessionName: PREFLIGHT_FUNCTION_NAME,
    });
    const clientsProvider = provider;
    const noted = await runPreflight(
      { ...input, skipNetworkCheck: false },
      {
        region,
        clients: () => clientsProvider.clientsForAccount(target),
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
