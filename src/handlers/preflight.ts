import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { accountOf, parseTrustedAccounts, partitionOf, RuleClientProvider } from '../aws/ruleClients.ts';
import { InputError } from '../errors.ts';
import { type PreflightResult, parsePreflightInput, runPreflight } from '../preflight/runPreflight.ts';
import { lambdaRegion } from './lambdaEnvironment.ts';

const powertools = new Logger({ serviceName: 'redshift-evr-preflight' });
let provider: RuleClientProvider | undefined;

/**
 * The remediation runbooks' safety check: the rule's engine on one cluster or workgroup. Returns
 * `{ ready, decision, … }`; throws only for bad input or AWS failures (the runbooks treat anything but
 * `ready: true` as a stop).
 */
export const handler = async (payload: unknown, context: Context): Promise<PreflightResult> => {
  powertools.addContext(context);
  const input = parsePreflightInput(payload);
  const region = lambdaRegion();
  const ownAccountId = accountOf(context.invokedFunctionArn);
  const accountId = input.accountId ?? ownAccountId;
  if (accountId === undefined) {
    throw new InputError(
      `Preflight input "AccountId" is missing and the function ARN names no account. The runbook passes {{ global:ACCOUNT_ID }}; pass the ${input.kind}'s 12-digit account id.`,
    );
  }
  provider ??= new RuleClientProvider({
    ownAccountId,
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
  });
  const clients = await provider.clientsForAccount({
    accountId,
    roleName: input.executionRoleName,
    partition: partitionOf(context.invokedFunctionArn),
  });
  const result = await runPreflight(input, { region, clients });
  // One line per decision: what the runbook was told, and why.
  powertools.info('preflight decision', {
    accountId,
    kind: result.kind,
    ...(result.kind === 'workgroup'
      ? { workgroupName: result.workgroupName }
      : { clusterIdentifier: result.clusterIdentifier }),
    decision: result.decision,
    ready: result.ready,
    skipped: result.skipped,
    // The buckets restrictive S3 endpoint policies were checked against (S3Buckets), when given.
    ...(input.s3Buckets !== undefined ? { s3Buckets: input.s3Buckets } : {}),
    missing: result.missing,
    prerequisitesMet: result.prerequisitesMet,
  });
  return result;
};
