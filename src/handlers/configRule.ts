import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { accountOf, parseTrustedAccounts, RuleClientProvider } from '../aws/ruleClients.ts';
import { type RuleLogger, type RuleRunResult, runConfigRule } from '../config/runConfigRule.ts';
import { lambdaRegion } from './lambdaEnvironment.ts';

const powertools = new Logger({ serviceName: 'redshift-evr' });
const logger: RuleLogger = {
  info: (message, attributes) => powertools.info(message, attributes ?? {}),
  warn: (message, attributes) => powertools.warn(message, attributes ?? {}),
};
let provider: RuleClientProvider | undefined;

/** AWS Config custom rule: Redshift clusters should use enhanced VPC routing, with safe prerequisites. */
export const handler = async (event: unknown, context: Context): Promise<RuleRunResult> => {
  // Every log line of this invocation carries the request id, function name and cold-start flag.
  powertools.addContext(context);
  const region = lambdaRegion();
  // Kept for the container's life: clients and assumed-role credentials are reused across invocations.
  provider ??= new RuleClientProvider({
    ownAccountId: accountOf(context.invokedFunctionArn),
    trustedAccounts: parseTrustedAccounts(process.env.TRUSTED_ACCOUNT_IDS),
  });
  const clients = provider;
  return runConfigRule(event, {
    region,
    clientsFor: (e, abortSignal) => clients.clientsFor(e, abortSignal),
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
    now: () => new Date(),
    logger,
  });
};
