import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { type AccountClientDeps, AccountClientProvider, LAMBDA_MAX_ATTEMPTS } from './accountClients.ts';
import { type ClientOptions, clientConfig, createScanClients, type ScanClients } from './clients.ts';

/** The clients one evaluation uses, all with the same credentials (the event's account). */
export interface RuleClients extends ScanClients {
  readonly config: ConfigServiceClient;
  /**
   * Security Hub, for the rule's `SecurityHubSync` only: its module is loaded, and the client created, on first
   * use. The Lambda bundle is split (serverless.yml `splitting: true`), so the client is a chunk of its own that
   * a cold start without the sync never loads. Absent: no sync possible (a test's clients).
   */
  readonly securityHub?: () => Promise<SecurityHubClient>;
}

export const createRuleClients = (options: ClientOptions = {}): RuleClients => {
  const withAttempts = { maxAttempts: LAMBDA_MAX_ATTEMPTS, ...options };
  let securityHub: Promise<SecurityHubClient> | undefined;
  return {
    ...createScanClients(withAttempts),
    config: new ConfigServiceClient(clientConfig(withAttempts)),
    securityHub: () => {
      securityHub ??= import('./securityHubFindings.ts').then((m) => m.createSecurityHubClient(withAttempts));
      return securityHub;
    },
  };
};

export { accountOf, executionRoleArn, parseTrustedAccounts, partitionOf } from './accountClients.ts';

/** The Config rule's provider: each account's clients are the rule's (Config and Security Hub included). */
export class RuleClientProvider extends AccountClientProvider<RuleClients> {
  constructor(
    deps: Omit<AccountClientDeps<RuleClients>, 'createClients'> & {
      readonly createClients?: AccountClientDeps<RuleClients>['createClients'];
    },
  ) {
    super({ ...deps, createClients: deps.createClients ?? createRuleClients });
  }
}
