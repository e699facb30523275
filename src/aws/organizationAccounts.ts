/** The organization's member accounts, for `redshift-evr scan --organization`. */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AwsCallError } from '../errors.ts';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clients.ts';

/** The accounts to scan, and how many others the organization has (suspended, closing, closed). */
export interface OrganizationAccounts {
  readonly active: readonly string[];
  readonly skipped: number;
}

/**
 * AWS answers ListAccounts only in the management account or a delegated administrator's: any other account is
 * denied (or told AWSOrganizationsNotInUseException outside an organization), whatever its IAM policies say.
 */
const withWhereToRunIt = (error: AwsCallError): AwsCallError =>
  error.failure === 'denied' || error.errorName.startsWith('AWSOrganizationsNotInUseException')
    ? new AwsCallError(
        error.operation,
        `${error.message}. --organization lists the accounts with organizations:ListAccounts, which AWS answers only in the organization's management account or a delegated administrator's (with the permission granted): run it there, or name the accounts with --accounts ID,….`,
        { cause: error, failure: error.failure, errorName: error.errorName },
      )
    : error;

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
    ).catch((error: AwsCallError) => {
      throw withWhereToRunIt(error);
    });
    for (const account of page.Accounts ?? []) {
      if (account.Id === undefined) continue;
      if ((account.State ?? account.Status) === 'ACTIVE') active.push(account.Id);
      else skipped += 1;
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { active: active.sort(), skipped };
};
