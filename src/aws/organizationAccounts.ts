/** The organization's member accounts, for `redshift-evr scan --organization`. */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clients.ts';

/** The accounts to scan, and how many others the organization has (suspended, closing, closed). */
export interface OrganizationAccounts {
  readonly active: readonly string[];
  readonly skipped: number;
}

/**
 * Every ACTIVE account of the caller's organization (organizations:ListAccounts, every page), sorted.
 * `State` replaces the retiring `Status`; either saying ACTIVE is enough.
 * @throws AwsCallError (not the management or a delegated administrator account, denied …).
 */
export const listActiveAccounts = async (
  options: ClientOptions,
  abortSignal?: AbortSignal,
): Promise<OrganizationAccounts> => {
  const client = new OrganizationsClient(clientConfig(options));
  const active: string[] = [];
  let skipped = 0;
  let NextToken: string | undefined;
  do {
    const page = await callAws('organizations:ListAccounts', () =>
      client.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }), { abortSignal }),
    );
    for (const account of page.Accounts ?? []) {
      if (account.Id === undefined) continue;
      if ((account.State ?? account.Status) === 'ACTIVE') active.push(account.Id);
      else skipped += 1;
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { active: active.sort(), skipped };
};
