import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';
import { type ClusterFacts, type Fact, known, unknown, type VpcNetworkFacts } from '../core/types.ts';
import { AwsCallError, isAwsCallError } from '../errors.ts';
import { isNotFound, reasonOfCall } from './awsCallError.ts';
import { chunk, groupBy, mapWithConcurrency } from './collections.ts';
import type { FactSource, VpcDnsAttribute, WorkgroupTag } from './factSource.ts';
import { findS3PrefixListId, toClusterFacts, toRouteTable, toS3Endpoints, toWorkgroupFacts } from './translate.ts';

/** EC2 accepts many values per filter; 100 VPCs per call keeps requests small and calls few. */
export const VPC_BATCH_SIZE = 100;
/** DescribeVpcAttribute has no batch form: bound the calls in flight to stay clear of throttling. */
export const ATTRIBUTE_CONCURRENCY = 5;
/** Subnet ids per DescribeSubnets call (one filter's values). */
const SUBNET_BATCH_SIZE = 100;

/** Turn an AWS failure into an unknown fact; anything else is a bug and propagates. */
const factOf = async <T>(call: () => Promise<T>): Promise<Fact<T>> => {
  try {
    return known(await call());
  } catch (error) {
    if (isAwsCallError(error)) return unknown(reasonOfCall(error));
    throw error;
  }
};

const attributeFact = (facts: ReadonlyMap<string, Fact<boolean>>, vpcId: string, a: VpcDnsAttribute): Fact<boolean> => {
  const fact = facts.get(`${vpcId}/${a}`);
  if (fact === undefined) throw new Error(`${a} of ${vpcId} was not asked for`);
  return fact;
};

/** Caches describe results for one invocation, so no fact is fetched twice. */
export class FactCache {
  private prefixList?: Promise<Fact<string>>;
  private allSubnetGroups?: Promise<Fact<ReadonlyMap<string, ClusterSubnetGroup>>>;
  private readonly subnetGroups = new Map<string, Promise<Fact<ClusterSubnetGroup | undefined>>>();
  private readonly networks = new Map<string, VpcNetworkFacts>();

  constructor(readonly source: FactSource) {}

  s3PrefixListId(): Promise<Fact<string>> {
    this.prefixList ??= factOf(() => this.source.describePrefixLists()).then((lists) => {
      if (!lists.known) return lists;
      const id = findS3PrefixListId(lists.value, this.source.region);
      return id === undefined ? unknown({ kind: 'no-s3-prefix-list', region: this.source.region }) : known(id);
    });
    return this.prefixList;
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

  /** Network facts of these VPCs: route tables and endpoints per batch of VPCs, DNS attributes per VPC. */
  async networksOf(vpcIds: readonly string[]): Promise<Map<string, VpcNetworkFacts>> {
    const needed = [...new Set(vpcIds)].filter((id) => !this.networks.has(id));
    if (needed.length > 0) {
      const s3PrefixListId = await this.s3PrefixListId();
      for (const batch of chunk(needed, VPC_BATCH_SIZE)) await this.fetchBatch(batch, s3PrefixListId);
    }
    return new Map(
      vpcIds.flatMap((id) => (this.networks.has(id) ? [[id, this.networks.get(id) as VpcNetworkFacts]] : [])),
    );
  }

  private async fetchBatch(vpcIds: readonly string[], s3PrefixListId: Fact<string>): Promise<void> {
    const region = this.source.region;
    const [tables, endpoints, attributes] = await Promise.all([
      factOf(() => this.source.describeRouteTables(vpcIds)),
      factOf(() => this.source.describeVpcEndpoints(vpcIds)),
      mapWithConcurrency(
        vpcIds.flatMap((vpcId) => (['enableDnsSupport', 'enableDnsHostnames'] as const).map((a) => ({ vpcId, a }))),
        ATTRIBUTE_CONCURRENCY,
        async ({ vpcId, a }: { vpcId: string; a: VpcDnsAttribute }) => ({
          key: `${vpcId}/${a}`,
          fact: await factOf(() => this.source.describeVpcAttribute(vpcId, a)),
        }),
      ),
    ]);
    const tablesByVpc = tables.known ? groupBy(tables.value, (t) => t.VpcId ?? '') : undefined;
    const endpointsByVpc = endpoints.known ? groupBy(endpoints.value, (e) => e.VpcId ?? '') : undefined;
    const attribute = new Map(attributes.map(({ key, fact }) => [key, fact]));
    for (const vpcId of vpcIds) {
      this.networks.set(vpcId, {
        vpcId,
        routeTables: tables.known ? known((tablesByVpc?.get(vpcId) ?? []).map(toRouteTable)) : unknown(tables.reason),
        s3Endpoints: endpoints.known
          ? known(toS3Endpoints(endpointsByVpc?.get(vpcId) ?? [], region))
          : unknown(endpoints.reason),
        // Every attribute of every VPC of the batch was asked for: a missing answer is a bug, not a fact.
        enableDnsSupport: attributeFact(attribute, vpcId, 'enableDnsSupport'),
        enableDnsHostnames: attributeFact(attribute, vpcId, 'enableDnsHostnames'),
        s3PrefixListId,
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
