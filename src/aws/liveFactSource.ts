import type { VpcBlockPublicAccessExclusion } from '@aws-sdk/client-ec2';
import {
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  paginateDescribeNetworkAcls,
  paginateDescribePrefixLists,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateGetManagedPrefixListEntries,
} from '@aws-sdk/client-ec2';
import { paginateDescribeClusterSubnetGroups, paginateDescribeClusters } from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  paginateListWorkgroups,
} from '@aws-sdk/client-redshift-serverless';
import { AwsCallError } from '../errors.ts';
import { callAws, errorName } from './awsCallError.ts';
import type { ScanClients } from './clients.ts';
import { raceDeadline, raceTimeout } from './deadline.ts';
import type { FactSource, VpcDnsAttribute } from './factSource.ts';

const collect = async <P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> => {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
};

/** A "not found" fault for a single lookup means: nothing to evaluate, not a failure. */
const emptyIfNotFound = async <T>(faultName: string, call: () => Promise<T[]>): Promise<T[]> => {
  try {
    return await call();
  } catch (error) {
    if (errorName(error) === faultName) return [];
    throw error;
  }
};

/**
 * The longest one call (its pages and retries included) may take before it is cancelled and counted as failed:
 * well below a Lambda's budget, so that one silent endpoint costs only the facts it was to give.
 */
export const CALL_CAP_MS = 60_000;

/** How long a live source may take: a Lambda invocation's limits (none for a CLI scan). */
export interface CallLimits {
  /** The cap on one call (default CALL_CAP_MS). */
  readonly callCapMs?: number;
  /** Cancels every request (and every page) when it fires: nothing outlives the invocation. */
  readonly abortSignal?: AbortSignal;
  /** Time left for a call, read as it starts; past it the call is abandoned with DeadlineError. */
  readonly msLeft?: () => number;
}

/** Facts read live from Redshift, Redshift Serverless and EC2 with the given clients (created by `createClients`). */
export const liveFactSource = (clients: ScanClients, region: string, limits: CallLimits = {}): FactSource => {
  const { redshift, redshiftServerless, ec2 } = clients;
  const { abortSignal, msLeft } = limits;
  // Passed on to client.send by the paginators, and to the single send.
  const capMs = limits.callCapMs ?? CALL_CAP_MS;
  /**
   * One AWS call (all its pages and retries): its failure named, cancelled when it takes longer than the cap
   * (a silent call fails, and only the facts it was to give are unverified), and in a Lambda bounded by the
   * time left (the run stops there, and what it decided is sent).
   */
  const call = <T>(operation: string, run: (sendOptions: { abortSignal: AbortSignal }[]) => Promise<T>): Promise<T> => {
    // The cap cancels the request (and its retries) and fails the call, even if the request ignores the signal.
    const cap = new AbortController();
    const signal = abortSignal ? AbortSignal.any([abortSignal, cap.signal]) : cap.signal;
    const capped = () =>
      raceTimeout(
        () => callAws(operation, () => run([{ abortSignal: signal }])),
        capMs,
        () => {
          cap.abort();
          return new AwsCallError(operation, `${operation} did not answer within ${capMs / 1000} s`, {
            failure: 'failed',
            errorName: `no answer within ${capMs / 1000} s`,
          });
        },
      );
    return raceDeadline(capped, msLeft?.() ?? Number.POSITIVE_INFINITY, operation);
  };
  const vpcFilter = (vpcIds: readonly string[]) => [{ Name: 'vpc-id', Values: [...vpcIds] }];
  return {
    region,
    describeClusters: (clusterIdentifier) =>
      call('redshift:DescribeClusters', (sendOptions) =>
        emptyIfNotFound('ClusterNotFoundFault', () =>
          collect(
            paginateDescribeClusters(
              { client: redshift, pageSize: 100 },
              { ClusterIdentifier: clusterIdentifier },
              ...sendOptions,
            ),
            (p) => p.Clusters,
          ),
        ),
      ),
    describeClusterSubnetGroups: (name) =>
      call('redshift:DescribeClusterSubnetGroups', (sendOptions) =>
        emptyIfNotFound('ClusterSubnetGroupNotFoundFault', () =>
          collect(
            paginateDescribeClusterSubnetGroups(
              { client: redshift, pageSize: 100 },
              { ClusterSubnetGroupName: name },
              ...sendOptions,
            ),
            (p) => p.ClusterSubnetGroups,
          ),
        ),
      ),
    listWorkgroups: (workgroupName) =>
      workgroupName === undefined
        ? call('redshift-serverless:ListWorkgroups', (sendOptions) =>
            collect(
              paginateListWorkgroups({ client: redshiftServerless, pageSize: 100 }, {}, ...sendOptions),
              (p) => p.workgroups,
            ),
          )
        : call('redshift-serverless:GetWorkgroup', (sendOptions) =>
            emptyIfNotFound('ResourceNotFoundException', async () => {
              const out = await redshiftServerless.send(new GetWorkgroupCommand({ workgroupName }), ...sendOptions);
              return out.workgroup ? [out.workgroup] : [];
            }),
          ),
    listWorkgroupTags: (workgroupArn) =>
      call('redshift-serverless:ListTagsForResource', async (sendOptions) => {
        const out = await redshiftServerless.send(
          new ListTagsForResourceCommand({ resourceArn: workgroupArn }),
          ...sendOptions,
        );
        return out.tags ?? [];
      }),
    describeSubnets: (subnetIds) =>
      call('ec2:DescribeSubnets', (sendOptions) =>
        collect(
          paginateDescribeSubnets(
            { client: ec2, pageSize: 100 },
            { Filters: [{ Name: 'subnet-id', Values: [...subnetIds] }] },
            ...sendOptions,
          ),
          (p) => p.Subnets,
        ),
      ),
    describeRouteTables: (vpcIds) =>
      call('ec2:DescribeRouteTables', (sendOptions) =>
        collect(
          paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, { Filters: vpcFilter(vpcIds) }, ...sendOptions),
          (p) => p.RouteTables,
        ),
      ),
    describeVpcEndpoints: (vpcIds) =>
      call('ec2:DescribeVpcEndpoints', (sendOptions) =>
        collect(
          paginateDescribeVpcEndpoints(
            // Its largest page (MaxResults up to 1,000): a batch of VPCs' endpoints in one call.
            { client: ec2, pageSize: 1000 },
            // Only S3's endpoints matter; the China partition prefixes service names with "cn.".
            {
              Filters: [
                ...vpcFilter(vpcIds),
                { Name: 'service-name', Values: [`com.amazonaws.${region}.s3`, `cn.com.amazonaws.${region}.s3`] },
              ],
            },
            ...sendOptions,
          ),
          (p) => p.VpcEndpoints,
        ),
      ),
    describePrefixLists: () =>
      call('ec2:DescribePrefixLists', (sendOptions) =>
        collect(paginateDescribePrefixLists({ client: ec2, pageSize: 100 }, {}, ...sendOptions), (p) => p.PrefixLists),
      ),
    describeVpcAttribute: (vpcId, attribute: VpcDnsAttribute) =>
      call('ec2:DescribeVpcAttribute', async (sendOptions) => {
        const out = await ec2.send(
          new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }),
          ...sendOptions,
        );
        const value = attribute === 'enableDnsSupport' ? out.EnableDnsSupport?.Value : out.EnableDnsHostnames?.Value;
        // An answer without the value is no answer: unknown, never assumed on or off.
        if (typeof value !== 'boolean') {
          throw new AwsCallError(
            'ec2:DescribeVpcAttribute',
            `ec2:DescribeVpcAttribute returned no ${attribute} value for ${vpcId}`,
            { failure: 'failed', errorName: `no ${attribute} value for ${vpcId}` },
          );
        }
        return value;
      }),
    describeSecurityGroups: (vpcIds) =>
      call('ec2:DescribeSecurityGroups', (sendOptions) =>
        collect(
          // By VPC, like the other per-VPC reads: one page holds up to 1000 groups (MaxResults 5-1000), where
          // a list of ids would take a call per 200 (EC2's limit on filter values).
          paginateDescribeSecurityGroups(
            { client: ec2, pageSize: 1000 },
            { Filters: vpcFilter(vpcIds) },
            ...sendOptions,
          ),
          (p) => p.SecurityGroups,
        ),
      ),
    describeNetworkAcls: (vpcIds) =>
      call('ec2:DescribeNetworkAcls', (sendOptions) =>
        collect(
          // Up to 1000 ACLs a page (MaxResults 5-1000).
          paginateDescribeNetworkAcls({ client: ec2, pageSize: 1000 }, { Filters: vpcFilter(vpcIds) }, ...sendOptions),
          (p) => p.NetworkAcls,
        ),
      ),
    getManagedPrefixListEntries: (prefixListId) =>
      call('ec2:GetManagedPrefixListEntries', (sendOptions) =>
        collect(
          // 100 entries a page is this API's largest (MaxResults 1-100).
          paginateGetManagedPrefixListEntries(
            { client: ec2, pageSize: 100 },
            { PrefixListId: prefixListId },
            ...sendOptions,
          ),
          (p) => p.Entries,
        ),
      ),
    describeVpcBlockPublicAccessOptions: () =>
      call('ec2:DescribeVpcBlockPublicAccessOptions', async (sendOptions) => {
        const out = await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}), ...sendOptions);
        return out.VpcBlockPublicAccessOptions ?? {};
      }),
    describeVpcBlockPublicAccessExclusions: () =>
      call('ec2:DescribeVpcBlockPublicAccessExclusions', async (sendOptions) => {
        // The SDK has no paginator for this action.
        const out: VpcBlockPublicAccessExclusion[] = [];
        let NextToken: string | undefined;
        do {
          const page = await ec2.send(
            new DescribeVpcBlockPublicAccessExclusionsCommand({ MaxResults: 100, NextToken }),
            ...sendOptions,
          );
          out.push(...(page.VpcBlockPublicAccessExclusions ?? []));
          NextToken = page.NextToken || undefined;
        } while (NextToken !== undefined);
        return out;
      }),
  };
};
