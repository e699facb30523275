import {
  type AclBlock,
  effectiveNetworkAcl,
  evaluateBlockPublicAccess,
  evaluateEgress,
  evaluateNetworkAcl,
} from './filters.ts';
import { noSubnetsReason } from './resourceKinds.ts';
import { classifyInternetPath, classifyS3Path, effectiveRouteTable } from './routing.ts';
import {
  type BlockPublicAccess,
  type ClusterFacts,
  type EndpointPolicyAssessment,
  type InternetPath,
  type NetworkAcl,
  PREREQUISITE_CODES,
  type PrerequisiteCode,
  type ResourceKind,
  type RuleOptions,
  type S3Endpoint,
  type SubnetReport,
  UNVERIFIED_CODES,
  type UnverifiedReason,
  type VpcNetworkFacts,
} from './types.ts';
import type { UsageFacts } from './usage.ts';
import { evaluateUsage, type UsageBlock } from './usageReadiness.ts';

/** One subnet of the cluster subnet group, with what its effective route table offers. */
export interface SubnetAnalysis extends SubnetReport {
  readonly internetPath: InternetPath;
  readonly unusableInternetGatewayId?: string;
  readonly unverifiedTargetId?: string;
  /** The gateway endpoint (GATEWAY_ENDPOINT) or NAT gateway (NAT_GATEWAY) the S3 path goes through. */
  readonly viaId?: string;
}

/** A network ACL that blocks S3 traffic of some subnets. */
export interface AclBlocking extends AclBlock {
  readonly networkAclId: string;
  readonly subnetIds: readonly string[];
}

/** An S3 gateway endpoint whose policy refuses what COPY/UNLOAD need. */
export interface EndpointPolicyBlocking {
  readonly vpcEndpointId: string;
  readonly subnetIds: readonly string[];
  readonly denied: Extract<EndpointPolicyAssessment, { kind: 'checked' }>['denied'];
}

/** Subnets whose NAT or internet-gateway path VPC Block Public Access closes. */
export interface BlockPublicAccessBlocking {
  readonly mode: Exclude<BlockPublicAccess['mode'], 'off'>;
  readonly subnetIds: readonly string[];
}

/** The prerequisites of enhanced VPC routing for one cluster, with enough detail to explain them. */
export interface PrerequisiteReport {
  /** What the report is about, so that its sentences name it ("a private cluster", "a private workgroup"). */
  readonly kind: ResourceKind;
  readonly vpcId: string;
  /** true: all met; false: something is missing; null: nothing missing is known, but something is unverified. */
  readonly met: boolean | null;
  readonly missing: readonly PrerequisiteCode[];
  readonly subnets: readonly SubnetAnalysis[];
  /** S3 gateway endpoints of the VPC (to suggest associating one rather than creating one). */
  readonly s3GatewayEndpointIds: readonly string[];
  /** Why facts are unverified (denied/failed describe calls, subnets without a route table). */
  readonly unverifiedReasons: readonly UnverifiedReason[];
  /** The security groups whose egress was checked (SECURITY_GROUP_EGRESS_BLOCKED names them). */
  readonly securityGroupIds: readonly string[];
  /** The S3 prefix list id, when known (the fix for blocked egress names it). */
  readonly s3PrefixListId: string | null;
  readonly aclBlocks: readonly AclBlocking[];
  readonly endpointPolicyBlocks: readonly EndpointPolicyBlocking[];
  readonly blockPublicAccessBlocks: readonly BlockPublicAccessBlocking[];
  /** With usage discovery: what the buckets, schemas and sources in use lack (src/core/usageReadiness.ts). */
  readonly usageBlocks: readonly UsageBlock[];
}

const analyseSubnets = (
  subnetIds: readonly string[],
  network: VpcNetworkFacts,
  publiclyAccessible: boolean,
  unverifiedReasons: UnverifiedReason[],
): SubnetAnalysis[] => {
  if (!network.routeTables.known) {
    unverifiedReasons.push(network.routeTables.reason);
    return subnetIds.map((subnetId) => ({
      subnetId,
      routeTableId: null,
      s3Path: 'NONE',
      internetPath: 'NONE',
      networkAclId: aclIdOf(subnetId, network),
    }));
  }
  const tables = network.routeTables.value;
  const ctx = {
    s3PrefixListId: network.s3PrefixListId.known ? network.s3PrefixListId.value : undefined,
    s3Endpoints: network.s3Endpoints.known ? network.s3Endpoints.value : undefined,
    s3Cidrs: network.s3PrefixListCidrs.known ? network.s3PrefixListCidrs.value : undefined,
  };
  // Gateway endpoint routes are still recognised from the other source, but a failed describe is never
  // "met": without the endpoint list an interface endpoint goes unseen, without the prefix list a route may.
  if (!network.s3PrefixListId.known) unverifiedReasons.push(network.s3PrefixListId.reason);
  if (!network.s3Endpoints.known) unverifiedReasons.push(network.s3Endpoints.reason);
  return subnetIds.map((subnetId): SubnetAnalysis => {
    const table = effectiveRouteTable(subnetId, tables);
    if (table === undefined) {
      unverifiedReasons.push({ kind: 'no-route-table', subnetId, vpcId: network.vpcId });
      return {
        subnetId,
        routeTableId: null,
        s3Path: 'NONE',
        internetPath: 'NONE',
        networkAclId: aclIdOf(subnetId, network),
      };
    }
    return {
      subnetId,
      routeTableId: table.routeTableId,
      networkAclId: aclIdOf(subnetId, network),
      internetPath: classifyInternetPath(table, publiclyAccessible),
      ...classifyS3Path(table, publiclyAccessible, ctx),
    };
  });
};

const aclIdOf = (subnetId: string, network: VpcNetworkFacts): string | null =>
  network.networkAcls.known ? (effectiveNetworkAcl(subnetId, network.networkAcls.value)?.networkAclId ?? null) : null;

/** Group subnets under a key (null keys are left out), keeping their order. */
const groupIds = <K>(subnets: readonly SubnetAnalysis[], key: (s: SubnetAnalysis) => K | null): Map<K, string[]> => {
  const out = new Map<K, string[]>();
  for (const s of subnets) {
    const k = key(s);
    if (k !== null) out.set(k, [...(out.get(k) ?? []), s.subnetId]);
  }
  return out;
};

/** What the VPC's filters (security groups, network ACLs, endpoint policies, Block Public Access) stop. */
const evaluateFilters = (
  cluster: ClusterFacts,
  network: VpcNetworkFacts,
  subnets: readonly SubnetAnalysis[],
  missing: Set<PrerequisiteCode>,
  unverifiedReasons: UnverifiedReason[],
): Pick<PrerequisiteReport, 'aclBlocks' | 'endpointPolicyBlocks' | 'blockPublicAccessBlocks'> => {
  const s3 = { prefixListId: network.s3PrefixListId, cidrs: network.s3PrefixListCidrs };
  const egress = evaluateEgress(cluster.securityGroupIds, network.securityGroups, s3);
  if (egress.open === false) missing.add('SECURITY_GROUP_EGRESS_BLOCKED');
  else if (egress.open === null) unverifiedReasons.push(egress.reason);

  const aclBlocks: AclBlocking[] = [];
  if (!network.networkAcls.known) unverifiedReasons.push(network.networkAcls.reason);
  else {
    const acls = network.networkAcls.value;
    for (const [aclId, subnetIds] of groupIds(subnets, (s) => s.networkAclId)) {
      const verdict = evaluateNetworkAcl(
        acls.find((a) => a.networkAclId === aclId) as NetworkAcl,
        network.s3PrefixListCidrs,
      );
      if (verdict.open === false) {
        missing.add('NETWORK_ACL_BLOCKS_S3');
        aclBlocks.push({
          networkAclId: aclId,
          subnetIds,
          direction: verdict.direction,
          ruleNumber: verdict.ruleNumber,
        });
      } else if (verdict.open === null) unverifiedReasons.push(verdict.reason);
    }
    for (const s of subnets) {
      if (s.networkAclId === null)
        unverifiedReasons.push({ kind: 'no-network-acl', subnetId: s.subnetId, vpcId: network.vpcId });
    }
  }

  const endpointPolicyBlocks: EndpointPolicyBlocking[] = [];
  const endpoints = network.s3Endpoints.known ? network.s3Endpoints.value : [];
  const viaEndpoint = groupIds(subnets, (s) => (s.s3Path === 'GATEWAY_ENDPOINT' ? (s.viaId ?? null) : null));
  for (const [vpcEndpointId, subnetIds] of viaEndpoint) {
    // Not in the endpoint list (which was not read, or the route was recognised by the prefix list alone):
    // the policy is unknown; a failed endpoint read is already unverified.
    const policy = endpoints.find((e) => e.vpcEndpointId === vpcEndpointId)?.policy;
    if (policy === undefined) {
      if (network.s3Endpoints.known)
        unverifiedReasons.push({ kind: 'endpoint-policy-unreadable', vpcEndpointId, error: 'not listed' });
      continue;
    }
    switch (policy.kind) {
      case 'full-access':
        break;
      case 'checked':
        if (policy.denied.length > 0) {
          missing.add('S3_ENDPOINT_POLICY_BLOCKS');
          endpointPolicyBlocks.push({ vpcEndpointId, subnetIds, denied: policy.denied });
        }
        break;
      case 'buckets-not-given':
        unverifiedReasons.push({ kind: 'endpoint-policy-restricts', vpcEndpointId });
        break;
      case 'unreadable':
        unverifiedReasons.push({ kind: 'endpoint-policy-unreadable', vpcEndpointId, error: policy.error });
        break;
      case 'depends-on':
        unverifiedReasons.push({ kind: 'endpoint-policy-depends-on', vpcEndpointId, keys: policy.keys });
        break;
      default: {
        const never: never = policy;
        throw new TypeError(`unhandled endpoint policy ${JSON.stringify(never)}`);
      }
    }
  }

  const blockPublicAccessBlocks: BlockPublicAccessBlocking[] = [];
  const throughGateways = subnets.filter((s) => s.s3Path === 'NAT_GATEWAY' || s.s3Path === 'INTERNET_GATEWAY');
  if (throughGateways.length > 0) {
    const bpa = network.blockPublicAccess;
    if (!bpa.known) unverifiedReasons.push(bpa.reason);
    else if (bpa.value.mode !== 'off') {
      const blocked: string[] = [];
      for (const s of throughGateways) {
        const where = { vpcId: network.vpcId, subnetId: s.subnetId, ...(s.viaId ? { natGatewayId: s.viaId } : {}) };
        const verdict = evaluateBlockPublicAccess(bpa.value, s.s3Path, where);
        if (verdict.open === false) blocked.push(s.subnetId);
        else if (verdict.open === null) unverifiedReasons.push(verdict.reason);
      }
      if (blocked.length > 0) {
        missing.add('BLOCK_PUBLIC_ACCESS_BLOCKS');
        blockPublicAccessBlocks.push({ mode: bpa.value.mode, subnetIds: blocked });
      }
    }
  }
  return { aclBlocks, endpointPolicyBlocks, blockPublicAccessBlocks };
};

const gatewayEndpointIds = (endpoints: VpcNetworkFacts['s3Endpoints']): string[] =>
  endpoints.known ? endpoints.value.filter((e: S3Endpoint) => e.type === 'Gateway').map((e) => e.vpcEndpointId) : [];

/**
 * Evaluate the network prerequisites of enhanced VPC routing for a VPC cluster.
 * https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-enabling-cluster.html
 */
export const evaluatePrerequisites = (
  cluster: ClusterFacts,
  network: VpcNetworkFacts,
  options: Pick<RuleOptions, 'requireInternetPath'>,
  /** What usage discovery found (`scan --discover-usage`); without it, usage is not judged. */
  usage?: UsageFacts,
): PrerequisiteReport => {
  const unverifiedReasons: UnverifiedReason[] = [];
  const missing = new Set<PrerequisiteCode>();

  let subnets: SubnetAnalysis[] = [];
  if (cluster.subnetIds.known && cluster.subnetIds.value.length === 0) {
    unverifiedReasons.push(noSubnetsReason(cluster));
  } else if (cluster.subnetIds.known) {
    subnets = analyseSubnets(cluster.subnetIds.value, network, cluster.publiclyAccessible, unverifiedReasons);
  } else {
    unverifiedReasons.push(cluster.subnetIds.reason);
  }
  const routesKnown = cluster.subnetIds.known && network.routeTables.known;
  const anyUnverifiedPath = subnets.some((s) => s.s3Path === 'OTHER');
  if (routesKnown && subnets.some((s) => s.s3Path === 'NONE' && s.routeTableId !== null))
    missing.add('S3_ROUTE_MISSING');

  if (!network.enableDnsSupport.known) unverifiedReasons.push(network.enableDnsSupport.reason);
  else if (!network.enableDnsSupport.value) missing.add('DNS_SUPPORT_DISABLED');
  if (!network.enableDnsHostnames.known) unverifiedReasons.push(network.enableDnsHostnames.reason);
  else if (!network.enableDnsHostnames.value) missing.add('DNS_HOSTNAMES_DISABLED');

  if (options.requireInternetPath && routesKnown) {
    if (subnets.some((s) => s.internetPath === 'NONE' && s.routeTableId !== null)) missing.add('INTERNET_PATH_MISSING');
  }
  const anyUnverifiedInternet = options.requireInternetPath && subnets.some((s) => s.internetPath === 'OTHER');
  const filters = evaluateFilters(cluster, network, subnets, missing, unverifiedReasons);
  const usageBlocks = usage === undefined ? [] : evaluateUsage(usage, cluster.kind, subnets, network);
  for (const block of usageBlocks) missing.add(block.code);

  if (unverifiedReasons.length > 0) missing.add('NETWORK_UNVERIFIED');
  const definitelyMissing = [...missing].some((c) => !UNVERIFIED_CODES.has(c));
  const unverified = [...missing].some((c) => UNVERIFIED_CODES.has(c)) || anyUnverifiedPath || anyUnverifiedInternet;
  return {
    kind: cluster.kind,
    vpcId: network.vpcId,
    met: definitelyMissing ? false : unverified ? null : true,
    // Keep the documented code order (docs/report.md) so reports and annotations are stable.
    missing: orderCodes(missing),
    subnets,
    s3GatewayEndpointIds: gatewayEndpointIds(network.s3Endpoints),
    // The same reason can come from several facts (one denied call behind the route tables of every subnet).
    unverifiedReasons: [...new Map(unverifiedReasons.map((r) => [JSON.stringify(r), r])).values()],
    securityGroupIds: cluster.securityGroupIds,
    s3PrefixListId: network.s3PrefixListId.known ? network.s3PrefixListId.value : null,
    ...filters,
    usageBlocks,
  };
};

const orderCodes = (codes: ReadonlySet<PrerequisiteCode>): PrerequisiteCode[] =>
  PREREQUISITE_CODES.filter((c) => codes.has(c));
