/**
 * Clients for one account: the function's own credentials, or an execution role assumed in that account. Shared
 * by the Config rule, the preflight (which must not carry the rule's Config client: it builds its own clients)
 * and `redshift-evr scan --accounts`.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ConfigRuleEvent } from '../config/configEvent.ts';
import { isAccountId } from '../core/identifiers.ts';
import { AssumeRoleError, EventError } from '../errors.ts';
import { errorName } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clientConfig.ts';

/** A Lambda runs many invocations: give describe calls and PutEvaluations room to ride out throttling. */
export const LAMBDA_MAX_ATTEMPTS = 10;
/** The STS session name of the rule function's assumed roles (CloudTrail in the member account shows it). */
const RULE_SESSION_NAME = 'redshift-evr-config-rule';
/** Re-assume a role when its credentials have less than this left. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** `aws`, `aws-cn`, `aws-us-gov` …, from any ARN; `aws` when there is none. */
export const partitionOf = (arn: string | undefined): string => {
  const partition = arn?.split(':')[1];
  return partition ? partition : 'aws';
};

export const executionRoleArn = (partition: string, accountId: string, roleName: string): string =>
  `arn:${partition}:iam::${accountId}:role/${roleName}`;

/** Account id of an ARN such as the Lambda's `invokedFunctionArn`. */
export const accountOf = (arn: string): string | undefined => arn.split(':')[4] || undefined;

/** Parse `TRUSTED_ACCOUNT_IDS` (comma- or space-separated 12-digit ids); undefined when unset. */
export const parseTrustedAccounts = (value: string | undefined): ReadonlySet<string> | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const ids = value.split(/[\s,]+/).filter(Boolean);
  const bad = ids.filter((id) => !isAccountId(id));
  if (bad.length > 0) {
    throw new EventError(
      `Environment variable TRUSTED_ACCOUNT_IDS must list 12-digit account ids, got ${bad.map((b) => `"${b}"`).join(', ')}. Fix the function's configuration.`,
    );
  }
  return new Set(ids);
};

interface Cached<C> {
  readonly clients: C;
  readonly expiration: Date | undefined;
}

/**
 * Hands out clients for an event's account: the function's own credentials, or in organization mode
 * (`ExecutionRoleName`) credentials of that role in the event's account, cached per account until near expiry.
 * `redshift-evr scan --accounts` uses it too, with its own `createClients` (C: whatever that makes).
 */
/** What an AccountClientProvider needs. */
export interface AccountClientDeps<C> {
  readonly ownAccountId: string | undefined;
  readonly trustedAccounts?: ReadonlySet<string> | undefined;
  /** The STS session name of the assumed roles: which function assumed them (default RULE_SESSION_NAME). */
  readonly roleSessionName?: string;
  /** The clients of one account, from its credentials (none: the function's own). */
  readonly createClients: (options: ClientOptions) => C;
  readonly sts?: () => STSClient;
  /** Who the role's trust policy must allow, for the error (default: this function's execution role). */
  readonly assumedBy?: string;
  readonly now?: () => Date;
}

export class AccountClientProvider<C> {
  private readonly cache = new Map<string, Cached<C>>();
  /** Assumptions under way: concurrent requests for one account share one AssumeRole call. */
  private readonly pending = new Map<string, Promise<Cached<C>>>();

  constructor(private readonly deps: AccountClientDeps<C>) {}

  /**
   * @throws EventError for an untrusted account or a cross-account event without ExecutionRoleName;
   * AssumeRoleError naming the role, the account and the trust policy expected.
   */
  async clientsFor(event: ConfigRuleEvent, abortSignal?: AbortSignal): Promise<C> {
    return this.clientsForAccount(
      {
        accountId: event.accountId,
        roleName: event.options.executionRoleName,
        partition: partitionOf(event.configRuleArn ?? event.executionRoleArn),
      },
      abortSignal,
    );
  }

  /**
   * Clients for an account: own credentials, or the execution role assumed in that account (the AssumeRole
   * call is cancelled with `abortSignal`).
   */
  async clientsForAccount(
    target: {
      readonly accountId: string;
      readonly roleName: string | undefined;
      readonly partition: string;
    },
    abortSignal?: AbortSignal,
  ): Promise<C> {
    const { accountId, roleName } = target;
    const trusted = this.deps.trustedAccounts;
    if (trusted !== undefined && !trusted.has(accountId)) {
      throw new EventError(
        `Rejected a request for account ${accountId}: it is not in TRUSTED_ACCOUNT_IDS. Add it there if this account should be evaluated.`,
      );
    }
    const create = this.deps.createClients;
    if (roleName === undefined) {
      if (this.deps.ownAccountId !== undefined && accountId !== this.deps.ownAccountId) {
        throw new EventError(
          `Account ${accountId} is not the account this function runs in (${this.deps.ownAccountId}) and "ExecutionRoleName" is unset. Set ExecutionRoleName (the rule's and the runbook's parameter) to a role that exists in every evaluated account.`,
        );
      }
      return this.cached('self', () => Promise.resolve({ clients: create({}), expiration: undefined }));
    }
    const roleArn = executionRoleArn(target.partition, accountId, roleName);
    return this.cached(roleArn, async () => {
      const credentials = await this.assumeRole(roleArn, accountId, abortSignal);
      return { clients: create({ credentials }), expiration: credentials.expiration };
    });
  }

  private async cached(key: string, make: () => Promise<Cached<C>>): Promise<C> {
    const now = (this.deps.now ?? (() => new Date()))().getTime();
    const hit = this.cache.get(key);
    if (hit !== undefined && (hit.expiration === undefined || hit.expiration.getTime() - now > REFRESH_MARGIN_MS)) {
      return hit.clients;
    }
    const underway = this.pending.get(key);
    if (underway !== undefined) return (await underway).clients;
    const making = make();
    this.pending.set(key, making);
    try {
      const fresh = await making;
      this.cache.set(key, fresh);
      return fresh.clients;
    } finally {
      this.pending.delete(key);
    }
  }

  private async assumeRole(roleArn: string, accountId: string, abortSignal: AbortSignal | undefined) {
    const sts = (this.deps.sts ?? (() => new STSClient(clientConfig({ maxAttempts: LAMBDA_MAX_ATTEMPTS }))))();
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.deps.roleSessionName ?? RULE_SESSION_NAME,
          DurationSeconds: 3600,
        }),
        abortSignal === undefined ? {} : { abortSignal },
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      };
    } catch (error) {
      throw new AssumeRoleError(
        `Could not assume ${roleArn} in account ${accountId} (${errorName(error)}: ${(error as Error).message}). ` +
          `The role must exist in account ${accountId} and its trust policy must allow sts:AssumeRole by ` +
          (this.deps.assumedBy ??
            `this function's execution role${this.deps.ownAccountId ? ` in account ${this.deps.ownAccountId}` : ''}`) +
          '.',
        { cause: error },
      );
    }
  }
}
