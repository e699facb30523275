import type { Context } from 'aws-lambda';
import { accountOf, parseTrustedAccounts, partitionOf, RuleClientProvider } from '../config/ruleClients.ts';
import { type PreflightResult, parsePreflightInput, runPreflight } from '../preflight/runPreflight.ts';

let provider: RuleClientProvider | undefined;

/**
 * The remediation runbook's safety check: the rule's engine on one cluster. Returns `{ ready, explanation, … }`;
 * throws only for bad input or AWS failures (the runbook treats anything but `ready: true` as a stop).
 */
export const handler = async (payload: unknown, context: Context): Promise<PreflightResult> => {
  const input = parsePreflightInput(payload);
  const ownAccountId = accountOf(context.invokedFunctionArn);
  provider ??= new RuleClientProvider({
    ownAccountId,
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
  });
  const clients = await provider.clientsForAccount({
    accountId: input.accountId ?? ownAccountId ?? '',
    roleName: input.executionRoleName,
    partition: partitionOf(context.invokedFunctionArn),
  });
  return runPreflight(input, { region: process.env.AWS_REGION ?? 'us-east-1', clients });
};
