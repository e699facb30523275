/** Credentials of a read role in other accounts, for `redshift-evr scan --accounts/--organization`. */
import { STSClient } from '@aws-sdk/client-sts';
import { partitionOfRegion } from '../core/identifiers.ts';
import { AccountClientProvider } from './accountClients.ts';
import { type ClientOptions, clientConfig, resolveRegion } from './clients.ts';
import { assertProfileExists } from './profiles.ts';

/** The STS session name of the CLI's assumed roles: CloudTrail in each scanned account shows who read it. */
const SCAN_SESSION_NAME = 'redshift-evr-scan';

/** Client options (the role's credentials) for an account, the role assumed once per account and cached. */
export type AccountCredentials = (accountId: string, abortSignal?: AbortSignal) => Promise<ClientOptions>;

/** The role's credentials in each account, and the Region STS is asked in (the default for the scans). */
export interface ReadRole {
  readonly homeRegion: string;
  readonly credentialsFor: AccountCredentials;
}

/**
 * Assume `roleName` in each account asked for, with the caller's credentials (`profile`) through STS in
 * `region` (else the configured one), whose partition the role ARNs take. Reuses the rule's provider: its
 * cache, its refresh before expiry and its AssumeRoleError.
 * @throws InputError when no Region is given or configured.
 */
export const assumeReadRole = async (options: {
  readonly profile: string | undefined;
  readonly region: string | undefined;
  readonly roleName: string;
}): Promise<ReadRole> => {
  const { profile, roleName } = options;
  await assertProfileExists(profile);
  const caller = { ...(profile ? { profile } : {}) };
  const homeRegion = options.region ?? (await resolveRegion(new STSClient(clientConfig(caller))));
  const provider = new AccountClientProvider<ClientOptions>({
    ownAccountId: undefined,
    roleSessionName: SCAN_SESSION_NAME,
    createClients: ({ credentials }) => (credentials === undefined ? {} : { credentials }),
    sts: () => new STSClient(clientConfig({ ...caller, region: homeRegion })),
    assumedBy: 'the identity running redshift-evr (your credentials)',
  });
  const partition = partitionOfRegion(homeRegion);
  return {
    homeRegion,
    credentialsFor: async (accountId, abortSignal) => ({
      region: homeRegion,
      ...(await provider.clientsForAccount({ accountId, roleName, partition }, abortSignal)),
    }),
  };
};
