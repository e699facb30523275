import { MESSAGES, reasonFix, reasonText } from './messages.ts';
import type { PrerequisiteReport, SubnetAnalysis } from './prerequisites.ts';
import type { Problem, UnverifiedReason } from './types.ts';

const byTable = (subnets: readonly SubnetAnalysis[]): Map<string, SubnetAnalysis[]> => {
  const groups = new Map<string, SubnetAnalysis[]>();
  for (const s of subnets) {
    if (s.routeTableId === null) continue;
    groups.set(s.routeTableId, [...(groups.get(s.routeTableId) ?? []), s]);
  }
  return groups;
};

/** The resource an unverified fact is about, when it is one. */
const resourceOfReason = (reason: UnverifiedReason): string[] | undefined => {
  switch (reason.kind) {
    case 'security-group-not-found':
      return [reason.groupId];
    case 'egress-prefix-list':
      return [reason.prefixListId];
    case 'acl-narrow-ephemeral':
      return [reason.networkAclId];
    case 'endpoint-policy-restricts':
    case 'endpoint-policy-unreadable':
    case 'endpoint-policy-depends-on':
      return [reason.vpcEndpointId];
    case 'block-public-access-nat':
      return [reason.natGatewayId];
    case 'no-route-table':
    case 'no-network-acl':
      return [reason.subnetId];
    default:
      return undefined;
  }
};

/** Problems of the VPC's filters: security groups, network ACLs, endpoint policies, Block Public Access. */
const filterProblems = (report: PrerequisiteReport): Problem[] => {
  const vpcId = report.vpcId;
  const problems: Problem[] = [];
  if (report.missing.includes('SECURITY_GROUP_EGRESS_BLOCKED')) {
    problems.push({
      code: 'SECURITY_GROUP_EGRESS_BLOCKED',
      vpcId,
      subnetIds: [],
      routeTableId: null,
      resourceIds: report.securityGroupIds,
      detail: MESSAGES.problem.egressBlocked(report.securityGroupIds),
      fix: MESSAGES.problem.egressFix(report.securityGroupIds[0] ?? '<group>', report.s3PrefixListId),
    });
  }
  for (const block of report.aclBlocks) {
    problems.push({
      code: 'NETWORK_ACL_BLOCKS_S3',
      vpcId,
      subnetIds: block.subnetIds,
      routeTableId: null,
      resourceIds: [block.networkAclId],
      detail: MESSAGES.problem.aclBlocked(block.networkAclId, block.subnetIds, block.direction, block.ruleNumber),
      fix: MESSAGES.problem.aclFix(block.networkAclId, block.direction),
    });
  }
  for (const block of report.endpointPolicyBlocks) {
    problems.push({
      code: 'S3_ENDPOINT_POLICY_BLOCKS',
      vpcId,
      subnetIds: block.subnetIds,
      routeTableId: null,
      resourceIds: [block.vpcEndpointId],
      detail: MESSAGES.problem.endpointPolicyBlocked(block.vpcEndpointId, block.subnetIds, block.denied),
      fix: MESSAGES.problem.endpointPolicyFix(block.vpcEndpointId),
    });
  }
  for (const block of report.blockPublicAccessBlocks) {
    problems.push({
      code: 'BLOCK_PUBLIC_ACCESS_BLOCKS',
      vpcId,
      subnetIds: block.subnetIds,
      routeTableId: null,
      resourceIds: [vpcId, ...block.subnetIds],
      detail: MESSAGES.problem.blockPublicAccessBlocked(block.subnetIds, block.mode),
      fix: MESSAGES.problem.blockPublicAccessFix(vpcId),
    });
  }
  return problems;
};

/** The distinct route tables of these subnets, in the report's order. */
const tablesOf = (report: PrerequisiteReport, subnetIds: readonly string[]): string[] => [
  ...new Set(
    report.subnets.flatMap((s) => (subnetIds.includes(s.subnetId) && s.routeTableId !== null ? [s.routeTableId] : [])),
  ),
];

/** Problems of the usage discovery found (`scan --discover-usage`). */
const usageProblems = (report: PrerequisiteReport, publiclyAccessible: boolean, serviceOf: (s: string) => string) => {
  const vpcId = report.vpcId;
  return report.usageBlocks.map((block): Problem => {
    const base = { code: block.code, vpcId, routeTableId: null };
    switch (block.code) {
      case 'OTHER_REGION_PATH_MISSING':
      case 'GLUE_PATH_MISSING':
      case 'DYNAMODB_PATH_MISSING': {
        const tables = tablesOf(report, block.subnetIds);
        const [detail, fix] =
          block.code === 'OTHER_REGION_PATH_MISSING'
            ? [
                MESSAGES.problem.otherRegionBuckets(block.buckets, block.subnetIds),
                MESSAGES.problem.internetPathFix(tables.join(', '), publiclyAccessible),
              ]
            : block.code === 'GLUE_PATH_MISSING'
              ? [
                  MESSAGES.problem.glueMissing(block.schemas, block.subnetIds),
                  MESSAGES.problem.glueFix(vpcId, serviceOf('glue'), tables, publiclyAccessible),
                ]
              : [
                  MESSAGES.problem.dynamodbMissing(block.tables, block.subnetIds),
                  MESSAGES.problem.dynamodbFix(vpcId, serviceOf('dynamodb'), tables),
                ];
        // The route tables to change; a Glue endpoint is the VPC's.
        const resourceIds = block.code === 'GLUE_PATH_MISSING' ? [vpcId] : tables;
        return { ...base, subnetIds: block.subnetIds, resourceIds, detail, fix };
      }
      case 'USAGE_PATH_UNVERIFIED':
        return {
          ...base,
          subnetIds: block.subnetIds,
          resourceIds: block.names,
          detail: MESSAGES.problem.usagePathUnverified(block.why, block.names, block.subnetIds),
          fix: MESSAGES.problem.usagePathUnverifiedFix(block.why),
        };
      case 'USAGE_UNVERIFIED':
        return {
          ...base,
          subnetIds: [],
          resourceIds: [],
          detail: MESSAGES.problem.usageUnverified(block.reason),
          fix: reasonFix(block.reason, report.kind),
        };
      default: {
        const never: never = block;
        throw new TypeError(`unhandled usage block ${JSON.stringify(never)}`);
      }
    }
  });
};

/**
 * Every problem of a cluster's prerequisites, in full (no list is shortened): where it is and the fix.
 * The CLI and the reports show these; AWS Config gets the 256-character annotation instead.
 */
export const problemsOf = (
  report: PrerequisiteReport,
  publiclyAccessible: boolean,
  /** Where the cluster is, when known: the fix then names the Region's S3 service exactly. */
  where?: { readonly region: string; readonly partition: string },
): Problem[] => {
  // A service name of the Region; the China partition prefixes it with "cn.".
  const serviceOf = (service: string) =>
    where
      ? `${where.partition === 'aws-cn' ? 'cn.' : ''}com.amazonaws.${where.region}.${service}`
      : `com.amazonaws.<region>.${service}`;
  const s3Service = serviceOf('s3');
  const vpcId = report.vpcId;
  const problems: Problem[] = [];
  const endpoint = report.s3GatewayEndpointIds[0];
  for (const [routeTableId, subnets] of byTable(report.subnets.filter((s) => s.s3Path === 'NONE'))) {
    const ids = subnets.map((s) => s.subnetId);
    const igw = publiclyAccessible
      ? undefined
      : subnets.find((s) => s.unusableInternetGatewayId)?.unusableInternetGatewayId;
    problems.push({
      code: 'S3_ROUTE_MISSING',
      vpcId,
      subnetIds: ids,
      routeTableId,
      resourceIds: [routeTableId],
      detail: MESSAGES.problem.noS3Route(ids, routeTableId, igw, report.kind),
      fix: MESSAGES.problem.s3RouteFix(vpcId, routeTableId, endpoint, s3Service),
    });
  }
  const dns: [Problem['code'], 'enableDnsSupport' | 'enableDnsHostnames'][] = [
    ['DNS_SUPPORT_DISABLED', 'enableDnsSupport'],
    ['DNS_HOSTNAMES_DISABLED', 'enableDnsHostnames'],
  ];
  for (const [code, attribute] of dns) {
    if (!report.missing.includes(code)) continue;
    problems.push({
      code,
      vpcId,
      subnetIds: [],
      routeTableId: null,
      resourceIds: [vpcId],
      detail: MESSAGES.problem.dnsOff(vpcId, attribute),
      fix: MESSAGES.problem.dnsFix(vpcId, attribute),
    });
  }
  if (report.missing.includes('INTERNET_PATH_MISSING')) {
    for (const [routeTableId, subnets] of byTable(report.subnets.filter((s) => s.internetPath === 'NONE'))) {
      const ids = subnets.map((s) => s.subnetId);
      problems.push({
        code: 'INTERNET_PATH_MISSING',
        vpcId,
        subnetIds: ids,
        routeTableId,
        resourceIds: [routeTableId],
        detail: MESSAGES.problem.noInternetPath(ids, routeTableId),
        fix: MESSAGES.problem.internetPathFix(routeTableId, publiclyAccessible),
      });
    }
  }
  for (const [routeTableId, subnets] of byTable(report.subnets.filter((s) => s.s3Path === 'OTHER'))) {
    const ids = subnets.map((s) => s.subnetId);
    const via = [...new Set(subnets.flatMap((s) => (s.unverifiedTargetId ? [s.unverifiedTargetId] : [])))];
    problems.push({
      code: 'NETWORK_UNVERIFIED',
      vpcId,
      subnetIds: ids,
      routeTableId,
      resourceIds: via.length > 0 ? via : [routeTableId],
      detail: MESSAGES.problem.unverifiedPath(ids, routeTableId, via),
      fix: MESSAGES.problem.unverifiedPathFix(routeTableId),
    });
  }
  problems.push(...filterProblems(report));
  problems.push(...usageProblems(report, publiclyAccessible, serviceOf));
  for (const reason of report.unverifiedReasons) {
    problems.push({
      code: 'NETWORK_UNVERIFIED',
      vpcId,
      subnetIds: reason.kind === 'no-route-table' || reason.kind === 'no-network-acl' ? [reason.subnetId] : [],
      routeTableId: null,
      resourceIds: resourceOfReason(reason) ?? [vpcId],
      detail: reasonText(reason),
      fix: reasonFix(reason, report.kind),
    });
  }
  return problems;
};
