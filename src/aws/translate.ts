import type {
  PrefixList,
  NetworkAcl as SdkNetworkAcl,
  Route as SdkRoute,
  RouteTable as SdkRouteTable,
  SecurityGroup as SdkSecurityGroup,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';
import {
  type BlockPublicAccess,
  type Fact,
  known,
  type NetworkAcl,
  type ProvisionedClusterFacts,
  type Route,
  type RouteTable,
  type S3Endpoint,
  type SecurityGroup,
  type ServiceEndpoint,
  type UnverifiedReason,
  unknown,
  type WorkgroupFacts,
} from '../core/types.ts';
import type { WorkgroupTag } from './factSource.ts';

/**
 * Tag keys come from outside: "__proto__", "constructor" or "prototype" are legal AWS tag keys, so the
 * object has no prototype and every key is an own, ordinary property.
 */
const tagMap = (tags: readonly { key: string | undefined; value: string | undefined }[]): Record<string, string> => {
  const map: Record<string, string> = Object.create(null);
  for (const tag of tags) if (tag.key !== undefined) map[tag.key] = tag.value ?? '';
  return map;
};

/** Redshift cluster + its subnet group (when read) -> the core's ClusterFacts. */
export const toClusterFacts = (
  cluster: Cluster,
  subnetGroup: Fact<ClusterSubnetGroup | undefined>,
): ProvisionedClusterFacts => {
  const groupName = cluster.ClusterSubnetGroupName || undefined;
  let subnetIds: Fact<readonly string[]>;
  if (!subnetGroup.known) subnetIds = subnetGroup;
  else if (subnetGroup.value === undefined) {
    subnetIds =
      groupName === undefined ? known([]) : unknown({ kind: 'subnet-group-not-found', subnetGroup: groupName });
  } else {
    subnetIds = known(
      (subnetGroup.value.Subnets ?? []).flatMap((s) => (s.SubnetIdentifier ? [s.SubnetIdentifier] : [])),
    );
  }
  const tags = tagMap((cluster.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })));
  return {
    kind: 'cluster',
    clusterIdentifier: cluster.ClusterIdentifier ?? '',
    clusterStatus: cluster.ClusterStatus ?? 'unknown',
    enhancedVpcRouting: cluster.EnhancedVpcRouting === true,
    publiclyAccessible: cluster.PubliclyAccessible === true,
    tags,
    subnetGroupName: groupName,
    // The subnet group's VPC is authoritative: the cluster's nodes live in its subnets.
    vpcId: (subnetGroup.known ? subnetGroup.value?.VpcId : undefined) ?? (cluster.VpcId || undefined),
    subnetIds,
    // Groups being added or removed may or may not carry traffic yet: only active ones count.
    securityGroupIds: (cluster.VpcSecurityGroups ?? []).flatMap((g) =>
      g.VpcSecurityGroupId && (g.Status === undefined || g.Status === 'active') ? [g.VpcSecurityGroupId] : [],
    ),
    ...(cluster.ClusterNamespaceArn ? { namespaceArn: cluster.ClusterNamespaceArn } : {}),
  };
};

/**
 * Redshift Serverless workgroup -> the core's ClusterFacts: its own subnets (no subnet group), the VPC those
 * subnets are in (or why that is unknown), and its tags (ListWorkgroups does not return them).
 */
export const toWorkgroupFacts = (
  workgroup: Workgroup,
  /** Undefined when not looked up (no network check). */
  vpc: { readonly vpcId: string } | { readonly reason: UnverifiedReason } | undefined,
  tags: readonly WorkgroupTag[],
): WorkgroupFacts => ({
  kind: 'workgroup',
  clusterIdentifier: workgroup.workgroupName ?? '',
  clusterStatus: workgroup.status ?? 'unknown',
  enhancedVpcRouting: workgroup.enhancedVpcRouting === true,
  publiclyAccessible: workgroup.publiclyAccessible === true,
  tags: tagMap(tags),
  vpcId: vpc !== undefined && 'vpcId' in vpc ? vpc.vpcId : undefined,
  subnetIds: known(workgroup.subnetIds ?? []),
  securityGroupIds: workgroup.securityGroupIds ?? [],
  ...(workgroup.workgroupArn ? { workgroupArn: workgroup.workgroupArn } : {}),
  ...(vpc !== undefined && 'reason' in vpc ? { vpcUnknownReason: vpc.reason } : {}),
});

const toTarget = (r: SdkRoute): Route['target'] => {
  if (r.NatGatewayId) return { kind: 'nat-gateway', id: r.NatGatewayId };
  if (r.TransitGatewayId) return { kind: 'transit-gateway', id: r.TransitGatewayId };
  // A NAT instance route carries both InstanceId and NetworkInterfaceId.
  if (r.InstanceId) return { kind: 'instance', id: r.InstanceId };
  if (r.NetworkInterfaceId) return { kind: 'network-interface', id: r.NetworkInterfaceId };
  if (r.VpcPeeringConnectionId) return { kind: 'peering', id: r.VpcPeeringConnectionId };
  if (r.EgressOnlyInternetGatewayId) return { kind: 'egress-only-internet-gateway', id: r.EgressOnlyInternetGatewayId };
  const gateway = r.GatewayId;
  if (gateway === 'local') return { kind: 'local', id: 'local' };
  if (gateway?.startsWith('igw-')) return { kind: 'internet-gateway', id: gateway };
  if (gateway?.startsWith('vpce-')) return { kind: 'vpc-endpoint', id: gateway };
  if (gateway?.startsWith('vgw-')) return { kind: 'virtual-private-gateway', id: gateway };
  const other = gateway ?? r.LocalGatewayId ?? r.CarrierGatewayId ?? r.CoreNetworkArn ?? 'unknown';
  return { kind: 'other', id: other };
};

/** EC2 RouteTable -> the core's RouteTable (explicit subnet associations, main flag, routes). */
export const toRouteTable = (t: SdkRouteTable): RouteTable => {
  const associations = (t.Associations ?? []).filter(
    (a) => a.AssociationState?.State === undefined || a.AssociationState.State === 'associated',
  );
  return {
    routeTableId: t.RouteTableId ?? '',
    vpcId: t.VpcId ?? '',
    isMain: associations.some((a) => a.Main === true),
    subnetIds: associations.flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
    routes: (t.Routes ?? []).map((r) => ({
      destination: r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '',
      target: toTarget(r),
      active: r.State !== 'blackhole',
    })),
  };
};

/** Matches `com.amazonaws.<region>.s3` and the China partition's `cn.com.amazonaws.<region>.s3`. */
const s3ServiceName = (region: string): RegExp =>
  new RegExp(`^(cn\\.)?com\\.amazonaws\\.${region.replace(/[.-]/g, '\\$&')}\\.s3$`);

/** Available same-Region S3 endpoints (gateway or interface) among a VPC's endpoints. */
export const toS3Endpoints = (endpoints: readonly VpcEndpoint[], region: string): S3Endpoint[] => {
  const pattern = s3ServiceName(region);
  return endpoints.flatMap((e): S3Endpoint[] => {
    const type = e.VpcEndpointType?.toLowerCase();
    if (!pattern.test(e.ServiceName ?? '') || e.State?.toLowerCase() !== 'available') return [];
    if (type !== 'gateway' && type !== 'interface') return [];
    return [
      {
        vpcEndpointId: e.VpcEndpointId ?? '',
        vpcId: e.VpcId ?? '',
        type: type === 'gateway' ? 'Gateway' : 'Interface',
        routeTableIds: e.RouteTableIds ?? [],
      },
    ];
  });
};

/** Available Glue and DynamoDB endpoints of the Region among a VPC's endpoints. */
export const toServiceEndpoints = (endpoints: readonly VpcEndpoint[], region: string): ServiceEndpoint[] => {
  const pattern = new RegExp(`^(cn\\.)?com\\.amazonaws\\.${region.replace(/[.-]/g, '\\$&')}\\.(glue|dynamodb)$`);
  return endpoints.flatMap((e): ServiceEndpoint[] => {
    const service = pattern.exec(e.ServiceName ?? '')?.[2];
    const type = e.VpcEndpointType?.toLowerCase();
    if (service === undefined || e.State?.toLowerCase() !== 'available') return [];
    if (type !== 'gateway' && type !== 'interface') return [];
    return [
      {
        vpcEndpointId: e.VpcEndpointId ?? '',
        vpcId: e.VpcId ?? '',
        service: service as ServiceEndpoint['service'],
        type: type === 'gateway' ? 'Gateway' : 'Interface',
        routeTableIds: e.RouteTableIds ?? [],
        privateDnsEnabled: e.PrivateDnsEnabled === true,
      },
    ];
  });
};

/** The id of the region's S3 prefix list, used as the destination of gateway endpoint routes. */
export const findS3PrefixListId = (prefixLists: readonly PrefixList[], region: string): string | undefined => {
  const pattern = s3ServiceName(region);
  return prefixLists.find((p) => pattern.test(p.PrefixListName ?? ''))?.PrefixListId;
};

/** EC2 SecurityGroup -> its egress rules, as far as they can reach S3 (IPv4 CIDRs, prefix lists, groups). */
export const toSecurityGroup = (g: SdkSecurityGroup): SecurityGroup => ({
  groupId: g.GroupId ?? '',
  vpcId: g.VpcId ?? '',
  egress: (g.IpPermissionsEgress ?? []).map((p) => ({
    protocol: String(p.IpProtocol ?? '-1').toLowerCase(),
    ...(p.FromPort === undefined ? {} : { fromPort: p.FromPort }),
    ...(p.ToPort === undefined ? {} : { toPort: p.ToPort }),
    cidrs: (p.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    prefixListIds: (p.PrefixListIds ?? []).flatMap((r) => (r.PrefixListId ? [r.PrefixListId] : [])),
    groupIds: (p.UserIdGroupPairs ?? []).flatMap((r) => (r.GroupId ? [r.GroupId] : [])),
  })),
});

/** EC2 NetworkAcl -> its associations and IPv4 entries (IPv6 entries never match S3's IPv4 CIDRs). */
export const toNetworkAcl = (a: SdkNetworkAcl): NetworkAcl => ({
  networkAclId: a.NetworkAclId ?? '',
  vpcId: a.VpcId ?? '',
  isDefault: a.IsDefault === true,
  subnetIds: (a.Associations ?? []).flatMap((x) => (x.SubnetId ? [x.SubnetId] : [])),
  entries: (a.Entries ?? []).flatMap((e) =>
    e.CidrBlock === undefined || e.RuleNumber === undefined
      ? []
      : [
          {
            ruleNumber: e.RuleNumber,
            egress: e.Egress === true,
            protocol: String(e.Protocol ?? '-1'),
            allow: e.RuleAction === 'allow',
            cidr: e.CidrBlock,
            ...(e.PortRange?.From === undefined || e.PortRange.To === undefined
              ? {}
              : { ports: { from: e.PortRange.From, to: e.PortRange.To } }),
          },
        ],
  ),
});

/** Exclusions in these states are in force. */
const ACTIVE_EXCLUSION_STATES: ReadonlySet<string> = new Set(['create-complete', 'update-complete']);

/** The resource id at the end of an exclusion's ARN (`…:vpc/vpc-…` or `…:subnet/subnet-…`). */
const resourceIdOf = (arn: string | undefined): string => arn?.split('/').pop() ?? '';

/** Block Public Access options and exclusions -> the mode in force and the exclusions that count. */
export const toBlockPublicAccess = (
  options: VpcBlockPublicAccessOptions,
  exclusions: readonly VpcBlockPublicAccessExclusion[],
): BlockPublicAccess => {
  const mode = options.InternetGatewayBlockMode;
  // Turned on for the organization with exclusions not allowed: no exclusion can be counted on.
  const allowed = options.ExclusionsAllowed !== 'not-allowed';
  return {
    mode: mode === 'block-bidirectional' || mode === 'block-ingress' ? mode : 'off',
    exclusions: (allowed ? exclusions : []).flatMap((e) =>
      ACTIVE_EXCLUSION_STATES.has(e.State ?? '') &&
      (e.InternetGatewayExclusionMode === 'allow-bidirectional' || e.InternetGatewayExclusionMode === 'allow-egress')
        ? [{ resourceId: resourceIdOf(e.ResourceArn), mode: e.InternetGatewayExclusionMode }]
        : [],
    ),
  };
};
