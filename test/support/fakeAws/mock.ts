/** The account model served through aws-sdk-client-mock, with AWS's query semantics (query.ts). */
import {
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeClusterSubnetGroupsCommand,
  DescribeClustersCommand,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  ListWorkgroupsCommand,
  type RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { AccountData } from './account.ts';
import { type QueryOptions, queryAccount } from './query.ts';

/** The query options, and the Redshift Serverless mock when the account's workgroups are served too. */
export interface FakeOptions extends QueryOptions {
  /** Serve the account's workgroups too. */
  readonly serverless?: AwsClientStub<RedshiftServerlessClient>;
}

// biome-ignore lint/suspicious/noExplicitAny: any SDK command class; its name is the operation's.
type CommandClass = abstract new (...args: any[]) => unknown;

const REDSHIFT_COMMANDS: readonly CommandClass[] = [DescribeClustersCommand, DescribeClusterSubnetGroupsCommand];
const EC2_COMMANDS: readonly CommandClass[] = [
  DescribeSubnetsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcEndpointsCommand,
  DescribePrefixListsCommand,
  DescribeVpcAttributeCommand,
  DescribeSecurityGroupsCommand,
  DescribeNetworkAclsCommand,
  GetManagedPrefixListEntriesCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
];
const SERVERLESS_COMMANDS: readonly CommandClass[] = [
  ListWorkgroupsCommand,
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
];

/**
 * Serve an account through the client mocks. `account` may depend on the client that sends (several
 * accounts, each with its own credentials, as in organization mode).
 */
export const installFakeAccount = (
  redshift: AwsClientStub<RedshiftClient>,
  ec2: AwsClientStub<EC2Client>,
  account: AccountData | ((client: unknown) => AccountData),
  options: FakeOptions = {},
): void => {
  const accountOf = (client: unknown): AccountData => (typeof account === 'function' ? account(client) : account);
  // One loop for the three clients: the stubs' command-specific typing adds nothing to a pass-through.
  type AnyStub = {
    on: (command: never) => { callsFake: (fake: (input: never, getClient: () => unknown) => unknown) => unknown };
  };
  const serve = (stub: AnyStub | undefined, commands: readonly CommandClass[]) => {
    for (const command of commands) {
      const operation = command.name.replace(/Command$/, '');
      stub
        ?.on(command as never)
        .callsFake((input: never, getClient: () => unknown) =>
          queryAccount(accountOf(getClient()), operation, input, options),
        );
    }
  };
  serve(redshift as unknown as AnyStub, REDSHIFT_COMMANDS);
  serve(ec2 as unknown as AnyStub, EC2_COMMANDS);
  serve(options.serverless as unknown as AnyStub | undefined, SERVERLESS_COMMANDS);
};

/** Number of `send` calls per operation name, e.g. `{ DescribeRouteTables: 1 }`. */
export const callCounts = (
  ...stubs: AwsClientStub<RedshiftClient | EC2Client | RedshiftServerlessClient>[]
): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const stub of stubs) {
    for (const call of stub.calls()) {
      const name = (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
};
