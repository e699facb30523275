/**
 * The preflight function's clients for an account: the scan's describe clients, and Security Hub for the runbooks'
 * UpdateSecurityHubFinding only, its module loaded on first use (a chunk of its own in the split bundle: a
 * preflight that is not asked to update a finding never loads it). No Config client: the preflight sends no
 * evaluations.
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { LAMBDA_MAX_ATTEMPTS } from '../aws/accountClients.ts';
import { type ClientOptions, createScanClients, type ScanClients } from '../aws/clients.ts';

export type PreflightClients = ScanClients & {
  /** Absent: no finding can be updated (a test's clients). */
  readonly securityHub?: () => Promise<SecurityHubClient>;
};

export const createPreflightClients = (options: ClientOptions): PreflightClients => {
  const withAttempts = { maxAttempts: LAMBDA_MAX_ATTEMPTS, ...options };
  let securityHub: Promise<SecurityHubClient> | undefined;
  return {
    ...createScanClients(withAttempts),
    securityHub: () => {
      securityHub ??= import('../aws/securityHubFindings.ts').then((m) => m.createSecurityHubClient(withAttempts));
      return securityHub;
    },
  };
};
