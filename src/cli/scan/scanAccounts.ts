/** Live scans of other accounts through a role: every account × Region, a bounded number at once. */

import type { ClientOptions } from '../../aws/clients.ts';
import { mapWithConcurrency } from '../../aws/collections.ts';
import type { FactSource } from '../../aws/factSource.ts';
import { AwsCallError } from '../../errors.ts';
import type { CliIo } from '../io.ts';
import type { RegionScan } from '../report.ts';
import type { AccountTargets } from './scanRequest.ts';

/**
 * Account × Region scans at once (assumptions too): each scan makes a handful of calls in its own account, but
 * the AssumeRole and, on one machine, the sockets and memory are shared; 8 keeps hundreds of accounts moving
 * without a burst of STS calls that the central account's STS quota would throttle.
 */
export const ACCOUNT_CONCURRENCY = 8;

/** What scanning the accounts needs from the run: how to scan one source, its deadline, where to write. */
export interface AccountScanContext {
  readonly targets: AccountTargets;
  readonly profile: string | undefined;
  /** --region (else the configured Region); undefined with --all-regions. */
  readonly regions: readonly string[] | undefined;
  readonly allRegions: boolean;
  readonly limits: { readonly msLeft: () => number; readonly abortSignal: AbortSignal };
  /** `clientOptions`: the account's credentials and Region, for other reads of the same account (--security-hub). */
  readonly scanSource: (
    source: FactSource,
    observedAt: string,
    accountId: string,
    clientOptions: ClientOptions,
  ) => Promise<RegionScan>;
  readonly io: CliIo;
}

/** Each account's scans, and a line per account (or account and Region) that failed. */
export const scanAccounts = async (
  context: AccountScanContext,
): Promise<{ scans: RegionScan[]; failures: string[] }> => {
  const { targets, profile, limits, io } = context;
  // The SDK's clients are loaded on demand, as for any live scan.
  const { assumeReadRole } = await import('../../aws/assumeReadRole.ts');
  const { openLiveFactSource } = await import('../../aws/openLiveFactSource.ts');
  const role = await assumeReadRole({ profile, region: context.regions?.[0], roleName: targets.roleName });
  const signal = () => AbortSignal.any([limits.abortSignal, AbortSignal.timeout(Math.max(1, limits.msLeft()))]);
  let accountIds: readonly string[];
  if ('ids' in targets) accountIds = targets.ids;
  else {
    const { listActiveAccounts } = await import('../../aws/organizationAccounts.ts');
    const { active, skipped } = await listActiveAccounts({ profile, region: role.homeRegion }, signal());
    accountIds = active;
    if (active.length === 0) {
      throw new AwsCallError(
        'organizations:ListAccounts',
        `organizations:ListAccounts lists no ACTIVE account (${skipped} suspended or closed): nothing to scan.`,
      );
    }
    io.stderr(
      `note: scanning ${active.length} active account(s) of the organization${skipped > 0 ? ` (${skipped} suspended or closed left out)` : ''}.\n`,
    );
  }
  const regions = context.allRegions
    ? // The caller's enabled Regions: the read role need not allow ec2:DescribeRegions. A Region an account has
      // not opted in to fails for that account alone.
      await (await import('../../aws/regions.ts')).listEnabledRegions({ profile })
    : (context.regions ?? [role.homeRegion]);
  const failures: string[] = [];
  // Each account's role first, once: an account that cannot be entered is one error, not one per Region.
  const entered = await mapWithConcurrency(accountIds, ACCOUNT_CONCURRENCY, async (accountId) => {
    try {
      await role.credentialsFor(accountId, signal());
      return [accountId];
    } catch (error) {
      failures.push(`account ${accountId}: ${(error as Error).message}`);
      return [];
    }
  });
  const pairs = entered.flat().flatMap((accountId) => regions.map((region) => ({ accountId, region })));
  const outcomes = await mapWithConcurrency(pairs, ACCOUNT_CONCURRENCY, async ({ accountId, region }) => {
    try {
      // Cached credentials, assumed again when near expiry (a long --timeout outlives them).
      const options = { ...(await role.credentialsFor(accountId, signal())), region };
      const source = await openLiveFactSource(options, limits);
      return [await context.scanSource(source, new Date().toISOString(), accountId, options)];
    } catch (error) {
      failures.push(`account ${accountId}, Region ${region}: ${(error as Error).message}`);
      return [];
    }
  });
  return { scans: outcomes.flat(), failures: failures.sort() };
};
