import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';
import { partitionOfRegion } from '../core/identifiers.ts';
import {
  type BlockPublicAccess,
  type ClusterFacts,
  type Fact,
  known,
  type S3Endpoint,
  unknown,
  type VpcNetworkFacts,
} from '../core/types.ts';
import { AwsCallError, isAwsCallError, isDeadlineError, NotRecordedError } from '../errors.ts';
import { assessEndpointPolicy } from '../policy/assessEndpointPolicy.ts';
import { isNotFound, isNotOffered, reasonOfCall } from './awsCallError.ts';
import { chunk, groupBy, mapWithConcurrency } from './collections.ts';
import type { FactSource, VpcDnsAttribute, WorkgroupTag } from './factSource.ts';
import { endpointServiceNames } from './reads/ec2Reads.ts';
import {
  findS3PrefixListId,
  toBlockPublicAccess,
  toClusterFacts,
  toNetworkAcl,
  toRouteTable,
  toS3Endpoints,
  toSecurityGroup,
  toServiceEndpoints,
  toWorkgroupFacts,
} from './translate.ts';

/**
 * VPCs per filtered call: EC2 refuses more than 200 filter values in one request ("FilterLimitExceeded: The
 * maximum number of filter values specified on a single call is 200"), and the endpoint read spends some of them
 * on service names (S3's, Glue's, DynamoDB's); fewer, larger batches make fewer calls.
 */
export const VPC_BATCH_SIZE = 200 - endpointServiceNames('').length;
/** DescribeVpcAttribute has no batch form: bound the calls in flight to stay clear of throttling. */
export const ATTRIBUTE_CONCURRENCY = 5;
/** Subnet ids per DescribeSubnets call (one filter's values). */
const SUBNET_BATCH_SIZE = 100;

/** Turn an AWS failure (or a fact an older snapshot lacks) into an unknown fact; anything else is a bug. */
const factOf = async <T>(call: () => Promise<T>): Promise<Fact<T>> => {
  try {
    return known(await call());
  } catch (error) {
    if (isAwsCallError(error)) return unknown(reasonOfCall(error));
    if (error instanceof NotRecordedError) return unknown({ kind: 'not-recorded', fact: error.fact });
    throw error;
  }
};

/** A call abandoned at the invocation's deadline: not a fact about the account. */
const OUT_OF_TIME = 'out-of-time';

const attributeFact = (
  facts: ReadonlyMap<string, Fact<boolean> | typeof OUT_OF_TIME>,
  vpcId: string,
  a: VpcDnsAttribute,
): Fact<boolean> => {
  const fact = facts.get(`${vpcId}/${a}`);
  if (fact === undefined || fact === OUT_OF_TIME) throw new Error(`${a} of ${vpcId} was not asked for`);
  return fact;
};

/** Caches describe results for one invocation, so no fact is fetched twice. */
export class FactCache {
  private prefixList?: Promise<Fact<string>>;
  private prefixListCidrs?: Promise<Fact<readonly string[]>>;
  private bpa?: Promise<Fact<BlockPublicAccess>>;
  private allSubnetGroups?: Promise<Fact<ReadonlyMap<string, ClusterSubnetGroup>>>;
  private readonly subnetGroups = new Map<string, Promise<Fact<ClusterSubnetGroup | undefined>>>();
  private readonly networks = new Map<string, VpcNetworkFacts>();
  /** The endpoints as read, by id: their policies are judged again for the buckets a resource uses. */
  private readonly rawEndpoints = new Map<string, VpcEndpoint>();
  /** The first call abandoned at the deadline whose VPC was left out (what cut the run short). */
  cutShortBy: string | undefined;

  constructor(
    readonly source: FactSource,
    /** The buckets restrictive S3 endpoint policies are checked against (`S3Buckets`). */
    private readonly s3Buckets?: readonly string[],
  ) {}

  s3PrefixListId(): Promise<Fact<string>> {
    this.prefixList ??= factOf(() => this.source.describePrefixLists()).then((lists) => {
      if (!lists.known) return lists;
      const id = findS3PrefixListId(lists.value, this.source.region);
      return id === undefined ? unknown({ kind: 'no-s3-prefix-list', region: this.source.region }) : known(id);
    });
    return this.prefixList;
  }

  /** The CIDRs of the Region's S3 prefix list: read once (they change rarely, and every VPC needs them). */
  s3PrefixListCidrs(): Promise<Fact<readonly string[]>> {
    this.prefixListCidrs ??= this.s3PrefixListId().then((id) =>
      id.known
        ? factOf(async () =>
            // IPv4 only: security-group and ACL rules are read for IPv4 (S3's IPv6 ranges have lists of their own).
            (await this.source.getManagedPrefixListEntries(id.value)).flatMap((e) =>
              e.Cidr?.includes('.') ? [e.Cidr] : [],
            ),
          )
        : id,
    );
    return this.prefixListCidrs;
  }

  /** VPC Block Public Access of the Region, with its exclusions: read once. */
  blockPublicAccess(): Promise<Fact<BlockPublicAccess>> {
    this.bpa ??= factOf(async () => {
      try {
        const [options, exclusions] = await Promise.all([
          this.source.describeVpcBlockPublicAccessOptions(),
          this.source.describeVpcBlockPublicAccessExclusions(),
        ]);
        return toBlockPublicAccess(options, exclusions);
      } catch (error) {
        // Where the feature is not offered, nothing can block: that is a fact, not a failure to retry.
        if (isAwsCallError(error) && isNotOffered(error)) return { mode: 'off', exclusions: [] };
        throw error;
      }
    });
    return this.bpa;
  }

  /** One pass over every subnet group of the region. */
  private listAllSubnetGroups(): Promise<Fact<ReadonlyMap<string, ClusterSubnetGroup>>> {
    // Indexed by name: thousands of clusters look their group up here.
    this.allSubnetGroups ??= factOf(async () => {
      const groups = await this.source.describeClusterSubnetGroups();
      return new Map(groups.map((g) => [g.ClusterSubnetGroupName ?? '', g]));
    });
    return this.allSubnetGroups;
  }

  /** A subnet group by name: from the one-pass listing when `all`, else by a lookup of its own. */
  async subnetGroup(name: string, all: boolean): Promise<Fact<ClusterSubnetGroup | undefined>> {
    if (all) {
      const groups = await this.listAllSubnetGroups();
      return groups.known ? known(groups.value.get(name)) : groups;
    }
    let group = this.subnetGroups.get(name);
    if (group === undefined) {
      group = factOf(async () => (await this.source.describeClusterSubnetGroups(name))[0]);
      this.subnetGroups.set(name, group);
    }
    return group;
  }

  /**
   * Network facts of these VPCs: route tables, endpoints, network ACLs and security groups per batch of VPCs,
   * DNS attributes per VPC, the Region's S3 prefix list and Block Public Access once.
   */
  async networksOf(vpcIds: readonly string[]): Promise<Map<string, VpcNetworkFacts>> {
    const needed = [...new Set(vpcIds)].filter((id) => !this.networks.has(id));
    if (needed.length > 0) {
      const [s3PrefixListId, s3PrefixListCidrs, blockPublicAccess] = await Promise.all([
        this.s3PrefixListId(),
        this.s3PrefixListCidrs(),
        this.blockPublicAccess(),
      ]);
      const region = { s3PrefixListId, s3PrefixListCidrs, blockPublicAccess };
      for (const batch of chunk(needed, VPC_BATCH_SIZE)) await this.fetchBatch(batch, region);
    }
    return new Map(
      vpcIds.flatMap((id) => (this.networks.has(id) ? [[id, this.networks.get(id) as VpcNetworkFacts]] : [])),
    );
  }

  /** A VPC's S3 endpoints, each gateway endpoint with its policy assessed for `S3Buckets`. */
  private async s3EndpointsOf(endpoints: readonly VpcEndpoint[]): Promise<S3Endpoint[]> {
    for (const e of endpoints) this.rawEndpoints.set(e.VpcEndpointId ?? '', e);
    return this.withPolicies(toS3Endpoints(endpoints, this.source.region), this.s3Buckets);
  }

  /** The gateway endpoints' policies assessed for these buckets (read when the VPC's facts were). */
  private withPolicies(
    endpoints: readonly S3Endpoint[],
    buckets: readonly string[] | undefined,
  ): Promise<S3Endpoint[]> {
    return Promise.all(
      endpoints.map(async (endpoint) => {
        if (endpoint.type !== 'Gateway') return endpoint;
        const raw = this.rawEndpoints.get(endpoint.vpcEndpointId);
        const where = {
          vpcEndpointId: endpoint.vpcEndpointId,
          vpcId: endpoint.vpcId,
          accountId: raw?.OwnerId ?? '',
          partition: partitionOfRegion(this.source.region),
        };
        return { ...endpoint, policy: await assessEndpointPolicy(raw?.PolicyDocument, where, buckets) };
      }),
    );
  }

  /**
   * A VPC's facts with its S3 gateway endpoint policies judged against the buckets a resource was found to use
   * (usage discovery), unless `S3Buckets` was given: the buckets named explicitly win over those discovered.
   */
  async withUsedBuckets(network: VpcNetworkFacts, buckets: readonly string[]): Promise<VpcNetworkFacts> {
    if (this.s3Buckets !== undefined || !network.s3Endpoints.known) return network;
    return { ...network, s3Endpoints: known(await this.withPolicies(network.s3Endpoints.value, buckets)) };
  }

  private async fetchBatch(
    vpcIds: readonly string[],
    regionFacts: Pick<VpcNetworkFacts, 's3PrefixListId' | 's3PrefixListCidrs' | 'blockPublicAccess'>,
  ): Promise<void> {
    const [tables, endpoints, acls, groups, attributes] = await Promise.all([
      factOf(() => this.source.describeRouteTables(vpcIds)),
      factOf(() => this.source.describeVpcEndpoints(vpcIds)),
      factOf(() => this.source.describeNetworkAcls(vpcIds)),
      factOf(() => this.source.describeSecurityGroups(vpcIds)),
      mapWithConcurrency(
        vpcIds.flatMap((vpcId) => (['enableDnsSupport', 'enableDnsHostnames'] as const).map((a) => ({ vpcId, a }))),
        ATTRIBUTE_CONCURRENCY,
        // One VPC's call abandoned at the deadline costs only that VPC: the others of the batch are kept.
        async ({ vpcId, a }: { vpcId: string; a: VpcDnsAttribute }) => ({
          key: `${vpcId}/${a}`,
          fact: await factOf<boolean>(() => this.source.describeVpcAttribute(vpcId, a)).catch(
            (error: unknown): typeof OUT_OF_TIME => {
              if (!isDeadlineError(error)) throw error;
              this.cutShortBy ??= error.message;
              return OUT_OF_TIME;
            },
          ),
        }),
      ),
    ]);
    const tablesByVpc = tables.known ? groupBy(tables.value, (t) => t.VpcId ?? '') : undefined;
    const endpointsByVpc = endpoints.known ? groupBy(endpoints.value, (e) => e.VpcId ?? '') : undefined;
    const aclsByVpc = acls.known ? groupBy(acls.value, (a) => a.VpcId ?? '') : undefined;
    const groupsByVpc = groups.known ? groupBy(groups.value, (g) => g.VpcId ?? '') : undefined;
    const attribute = new Map(attributes.map(({ key, fact }) => [key, fact]));
    const s3Endpoints = new Map(
      await Promise.all(
        vpcIds.map(async (vpcId) => [vpcId, await this.s3EndpointsOf(endpointsByVpc?.get(vpcId) ?? [])] as const),
      ),
    );
    for (const vpcId of vpcIds) {
      // Out of time for this VPC: no facts, so its clusters keep their previous results (not unverified).
      if (['enableDnsSupport', 'enableDnsHostnames'].some((a) => attribute.get(`${vpcId}/${a}`) === OUT_OF_TIME)) {
        continue;
      }
      this.networks.set(vpcId, {
        vpcId,
        routeTables: tables.known ? known((tablesByVpc?.get(vpcId) ?? []).map(toRouteTable)) : unknown(tables.reason),
        s3Endpoints: endpoints.known ? known(s3Endpoints.get(vpcId) ?? []) : unknown(endpoints.reason),
        serviceEndpoints: endpoints.known
          ? known(toServiceEndpoints(endpointsByVpc?.get(vpcId) ?? [], this.source.region))
          : unknown(endpoints.reason),
        // Every attribute of every VPC of the batch was asked for: a missing answer is a bug, not a fact.
        enableDnsSupport: attributeFact(attribute, vpcId, 'enableDnsSupport'),
        enableDnsHostnames: attributeFact(attribute, vpcId, 'enableDnsHostnames'),
        networkAcls: acls.known ? known((aclsByVpc?.get(vpcId) ?? []).map(toNetworkAcl)) : unknown(acls.reason),
        securityGroups: groups.known
          ? known((groupsByVpc?.get(vpcId) ?? []).map(toSecurityGroup))
          : unknown(groups.reason),
        ...regionFacts,
      });
    }
  }
}

/** What reading the workgroups' tags needs: none, the exemption's (failures are errors), or all (a snapshot). */
export type WorkgroupTagReads = 'none' | 'for-exemptions' | 'record';

/** A workgroup's tags, or `gone` when it was deleted since it was listed. */
const readTags = async (
  cache: FactCache,
  workgroup: Workgroup,
  reads: WorkgroupTagReads,
): Promise<readonly WorkgroupTag[] | 'gone'> => {
  if (reads === 'none') return [];
  if (!workgroup.workgroupArn) {
    // Without an ARN there is no reading its tags: an exemption cannot be ruled out, so it is not assumed away.
    if (reads === 'record') return [];
    throw new AwsCallError(
      'redshift-serverless:ListTagsForResource',
      `redshift-serverless:ListWorkgroups returned no ARN for ${workgroup.workgroupName}: its exemption tag cannot be read`,
      { failure: 'failed', errorName: 'no workgroupArn' },
    );
  }
  try {
    return await cache.source.listWorkgroupTags(workgroup.workgroupArn);
  } catch (error) {
    if (!isAwsCallError(error)) throw error;
    if (isNotFound(error)) return 'gone';
    // Recording keeps the failure in the snapshot; an exemption check must not guess.
    if (reads === 'record') return [];
    throw error;
  }
};

/**
 * Translate workgroups into ClusterFacts: the VPC of their subnets from one DescribeSubnets pass (batched),
 * their tags from ListTagsForResource (a few in flight) when they matter: only for exemptions, and then a
 * failed read is an error (an exempt workgroup must never be reported, or remediated, as if it were not). A
 * workgroup deleted since it was listed is left out.
 * @throws AwsCallError when tags are needed and cannot be read.
 */
export const toWorkgroupFactsWithNetwork = async (
  cache: FactCache,
  workgroups: readonly Workgroup[],
  needs: { readonly tags: WorkgroupTagReads; readonly vpc: boolean },
): Promise<ClusterFacts[]> => {
  // A workgroup's subnets are all in one VPC: its first subnet tells which. Without the network check
  // (PrerequisiteMode=off, SkipPreflight) no EC2 call is made.
  const subnetIds = needs.vpc ? [...new Set(workgroups.flatMap((w) => w.subnetIds?.slice(0, 1) ?? []))] : [];
  const [vpcOfSubnet, tags] = await Promise.all([
    factOf(async () => {
      const map = new Map<string, string>();
      for (const batch of chunk(subnetIds, SUBNET_BATCH_SIZE)) {
        for (const subnet of await cache.source.describeSubnets(batch)) {
          if (subnet.SubnetId && subnet.VpcId) map.set(subnet.SubnetId, subnet.VpcId);
        }
      }
      return map;
    }),
    mapWithConcurrency(workgroups, ATTRIBUTE_CONCURRENCY, (w) => readTags(cache, w, needs.tags)),
  ]);
  return workgroups.flatMap((workgroup, i) => {
    const own = tags[i] ?? [];
    if (own === 'gone') return [];
    const first = workgroup.subnetIds?.[0];
    const vpcId = vpcOfSubnet.known && first !== undefined ? vpcOfSubnet.value.get(first) : undefined;
    if (!needs.vpc) return [toWorkgroupFacts(workgroup, undefined, own)];
    if (vpcId !== undefined) return [toWorkgroupFacts(workgroup, { vpcId }, own)];
    const reason = vpcOfSubnet.known ? { kind: 'vpc-unknown' as const } : vpcOfSubnet.reason;
    return [toWorkgroupFacts(workgroup, { reason }, own)];
  });
};

/**
 * Translate clusters into ClusterFacts, reading their subnet groups: one pass over all groups when
 * `allGroups`, else one lookup per distinct group name (a single-cluster evaluation).
 */
export const toClusterFactsWithGroups = async (
  cache: FactCache,
  clusters: readonly Cluster[],
  allGroups: boolean,
): Promise<ClusterFacts[]> =>
  Promise.all(
    clusters.map(async (cluster) => {
      const name = cluster.ClusterSubnetGroupName;
      const group = name ? await cache.subnetGroup(name, allGroups) : known(undefined);
      return toClusterFacts(cluster, group);
    }),
  );
