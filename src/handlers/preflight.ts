import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import {
  AccountClientProvider,
  accountOf,
  LAMBDA_MAX_ATTEMPTS,
  parseTrustedAccounts,
  partitionOf,
} from '../aws/accountClients.ts';
import { createScanClients, type ScanClients } from '../aws/clients.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { PREFLIGHT_FUNCTION_NAME } from '../deploy/names.ts';
import { InputError } from '../errors.ts';
import { EXEMPTION_TAG_KEY_VARIABLE, parseConfiguredExemptionTagKey } from '../preflight/exemptions.ts';
import { nameOf, type PreflightResult, parsePreflightInput, runPreflight } from '../preflight/runPreflight.ts';
import { lambdaRegion } from './lambdaEnvironment.ts';

const powertools = new Logger({ serviceName: 'redshift-evr-preflight' });
let provider: AccountClientProvider<ScanClients> | undefined;

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
export const handler = async (payload: unknown, context: Context): Promise<PreflightResult> => {
  powertools.addContext(context);
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
    // The describe calls only: the preflight sends no evaluations (its bundle carries no Config client).
    createClients: (options) => createScanClients({ maxAttempts: LAMBDA_MAX_ATTEMPTS, ...options }),
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
    // CloudTrail names the preflight's sessions in the member account apart from the rule's.
    roleSessionName: PREFLIGHT_FUNCTION_NAME,
  });
  const clientsProvider = provider;
  const result = await runPreflight(input, {
    region,
    clients: () =>
      clientsProvider.clientsForAccount({
        accountId,
        roleName: input.executionRoleName,
        partition: partitionOf(context.invokedFunctionArn),
      }),
    deployedExemptionTagKey,
    msLeft: () => context.getRemainingTimeInMillis() - PREFLIGHT_MARGIN_MS,
  });
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
  });
  return result;
};
