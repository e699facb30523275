/** Every sentence a user reads about a cluster or workgroup lives here, so tests can assert on it. */
import { cutAtWord, idList } from './annotation.ts';
import { needsPersonAdvice } from './clusterStates.ts';
import type { PrerequisiteReport, SubnetAnalysis } from './prerequisites.ts';
import { KINDS } from './resourceKinds.ts';
import type {
  IgnoredExemption,
  PrerequisiteMode,
  Problem,
  ResourceKind,
  S3Path,
  SubnetReport,
  UnverifiedReason,
} from './types.ts';
import type { UsageBlock, UsagePathUnverified } from './usageReadiness.ts';

const PATH_NAMES: Record<S3Path, string> = {
  GATEWAY_ENDPOINT: 'S3 gateway endpoint',
  NAT_GATEWAY: 'NAT gateway',
  INTERNET_GATEWAY: 'internet gateway',
  OTHER: 'unverified path',
  NONE: 'no path',
};

/** Group subnets by route table: "subnet-a, subnet-b (rtb-1), subnet-c (rtb-2)". */
const subnetsByTable = (subnets: readonly SubnetAnalysis[], maxIds: number): string => {
  const groups = new Map<string, string[]>();
  for (const s of subnets) {
    const key = s.routeTableId ?? 'no route table';
    groups.set(key, [...(groups.get(key) ?? []), s.subnetId]);
  }
  const parts = [...groups].map(([table, ids]) => `${idList(ids, maxIds)} (${table})`);
  return idList(parts, maxIds);
};

const distinctTables = (subnets: readonly SubnetAnalysis[]): string[] => [
  ...new Set(subnets.flatMap((s) => (s.routeTableId === null ? [] : [s.routeTableId]))),
];

const s3RouteSentence = (report: PrerequisiteReport, publiclyAccessible: boolean, maxIds: number): string[] => {
  const without = report.subnets.filter((s) => s.s3Path === 'NONE' && s.routeTableId !== null);
  if (without.length === 0) return [];
  const tables = idList(distinctTables(without), maxIds);
  const igws = [...new Set(without.flatMap((s) => (s.unusableInternetGatewayId ? [s.unusableInternetGatewayId] : [])))];
  const igwNote =
    !publiclyAccessible && igws.length > 0 ? `; ${idList(igws, maxIds)} does not serve a private ${report.kind}` : '';
  const endpoint = report.s3GatewayEndpointIds[0];
  const fix =
    endpoint !== undefined
      ? `associate S3 gateway endpoint ${endpoint} with ${tables}`
      : `add an S3 gateway endpoint to ${tables}`;
  return [`No S3 route from ${subnetsByTable(without, maxIds)}${igwNote}; ${fix}.`];
};

const dnsSentence = (report: PrerequisiteReport): string[] => {
  const support = report.missing.includes('DNS_SUPPORT_DISABLED');
  const hostnames = report.missing.includes('DNS_HOSTNAMES_DISABLED');
  if (support && hostnames) {
    return [
      `VPC ${report.vpcId} has DNS resolution and DNS hostnames off; enable enableDnsSupport and enableDnsHostnames.`,
    ];
  }
  if (support) return [`VPC ${report.vpcId} has DNS resolution off; enable enableDnsSupport.`];
  if (hostnames) return [`VPC ${report.vpcId} has DNS hostnames off; enable enableDnsHostnames.`];
  return [];
};

const internetSentence = (report: PrerequisiteReport, publiclyAccessible: boolean, maxIds: number): string[] => {
  if (!report.missing.includes('INTERNET_PATH_MISSING')) return [];
  const without = report.subnets.filter((s) => s.internetPath === 'NONE' && s.routeTableId !== null);
  const gateway = publiclyAccessible ? 'an internet gateway' : 'a NAT gateway';
  return [
    `No internet path (other-Region S3, other services) from ${subnetsByTable(without, maxIds)}; add a default route to ${gateway}.`,
  ];
};

const unverifiedPathSentence = (report: PrerequisiteReport, maxIds: number): string[] => {
  const other = report.subnets.filter((s) => s.s3Path === 'OTHER');
  if (other.length === 0) return [];
  const via = idList([...new Set(other.flatMap((s) => (s.unverifiedTargetId ? [s.unverifiedTargetId] : [])))], maxIds);
  return [
    `S3 path from ${subnetsByTable(other, maxIds)} via ${via} is unverified; confirm it reaches S3 or add an S3 gateway endpoint.`,
  ];
};

/** An unverified fact, in words. */
export const reasonText = (reason: UnverifiedReason): string => {
  switch (reason.kind) {
    case 'call':
      switch (reason.failure) {
        case 'denied':
          return `${reason.operation} was denied (${reason.error})`;
        case 'credentials':
          return `${reason.operation} was refused: the credentials are invalid or expired (${reason.error})`;
        case 'throttled':
          return `${reason.operation} was throttled after retries (${reason.error})`;
        case 'failed':
          return `${reason.operation} failed (${reason.error})`;
        default: {
          const never: never = reason.failure;
          throw new TypeError(`unhandled call failure ${String(never)}`);
        }
      }
    case 'subnet-group-not-found':
      return `subnet group ${reason.subnetGroup} was not found`;
    case 'subnet-group-empty':
      return `subnet group ${reason.subnetGroup} lists no subnets`;
    case 'workgroup-no-subnets':
      return `workgroup ${reason.workgroup} lists no subnets`;
    case 'no-route-table':
      return `no route table found for ${reason.subnetId} in ${reason.vpcId}`;
    case 'no-s3-prefix-list':
      return `no S3 prefix list in ${reason.region}`;
    case 'vpc-unknown':
      return 'the VPC is unknown';
    case 'not-recorded':
      return `the snapshot predates the ${reason.fact} check (not recorded)`;
    case 'no-security-groups':
      return 'no VPC security group is active';
    case 'security-group-not-found':
      return `security group ${reason.groupId} was not found`;
    case 'egress-prefix-list':
      return `security-group egress to ${reason.prefixListId} may or may not cover S3 (its entries are not read)`;
    case 'no-network-acl':
      return `no network ACL found for ${reason.subnetId} in ${reason.vpcId}`;
    case 'acl-narrow-ephemeral':
      return `network ACL ${reason.networkAclId} lets S3's return traffic in on part of ports 1024-65535 only`;
    case 'endpoint-policy-restricts':
      return `the endpoint policy of ${reason.vpcEndpointId} restricts S3: list the buckets COPY/UNLOAD use in S3Buckets, or confirm`;
    case 'endpoint-policy-unreadable':
      return `the endpoint policy of ${reason.vpcEndpointId} could not be evaluated (${reason.error})`;
    case 'endpoint-policy-depends-on':
      return `the endpoint policy of ${reason.vpcEndpointId} refuses COPY/UNLOAD actions unless ${reason.keys.join(', ')} match, which is not known here`;
    case 'block-public-access-nat':
      return `VPC Block Public Access is bidirectional: whether ${reason.natGatewayId}'s subnet is excluded is not checked`;
    case 'usage-statement':
      switch (reason.outcome) {
        case 'timeout':
          return `the usage discovery statement did not finish within ${reason.detail} (cancelled)`;
        case 'not-started':
          return `the usage discovery statement was not started: ${reason.detail}`;
        default:
          return `the usage discovery statement ${reason.outcome === 'FAILED' ? 'failed' : 'was aborted'} (${reason.detail || 'no error given'})`;
      }
    default: {
      const never: never = reason;
      throw new TypeError(`unhandled reason ${JSON.stringify(never)}`);
    }
  }
};

/** Fixes of unverified facts that are not a permission, a retry or the subnets' setup. */
const OWN_FIXES = (reason: UnverifiedReason): string | undefined => {
  switch (reason.kind) {
    case 'not-recorded':
      return 'record the snapshot again with this version (redshift-evr snapshot)';
    case 'egress-prefix-list':
      return `confirm ${reason.prefixListId} holds every CIDR of the Region's S3 prefix list, or add an egress rule to S3's prefix list`;
    case 'acl-narrow-ephemeral':
      return `allow inbound TCP 1024-65535 from S3's CIDRs in ${reason.networkAclId} (AWS's recommended ephemeral range), or confirm the range you allow is enough`;
    case 'endpoint-policy-restricts':
      return 'name them with S3Buckets (--s3-bucket)';
    case 'endpoint-policy-depends-on':
      return `confirm the cluster's IAM role meets the policy's ${reason.keys.join(', ')} conditions`;
    case 'endpoint-policy-unreadable':
      return `check the policy of ${reason.vpcEndpointId} (aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${reason.vpcEndpointId})`;
    case 'block-public-access-nat':
      return `exclude the subnet of ${reason.natGatewayId} (allow-egress) or the VPC from Block Public Access, or confirm it is excluded`;
    case 'usage-statement':
      return 'check that the database user may read the system tables (SYSLOG ACCESS UNRESTRICTED), or name the buckets with --s3-bucket and leave out --discover-usage';
    default:
      return undefined;
  }
};

/** The fix for one unverified fact. */
export const reasonFix = (reason: UnverifiedReason, kind: ResourceKind): string => {
  const own = OWN_FIXES(reason);
  if (own !== undefined) return `${own}, then re-evaluate`;
  if (reason.kind !== 'call') return `${KINDS[kind].setupToCheck}, then re-evaluate`;
  switch (reason.failure) {
    case 'denied':
      return `grant ${reason.operation} to the identity that evaluates, then re-evaluate`;
    case 'credentials':
      return 'refresh the credentials (aws sso login, a new session), then re-evaluate';
    case 'throttled':
    case 'failed':
      return 'retry later';
    default: {
      const never: never = reason.failure;
      throw new TypeError(`unhandled call failure ${String(never)}`);
    }
  }
};

/** The fix for each kind of unverified fact: a permission, fresh credentials, a retry, or the subnet group's setup. */
const unverifiedFixes = (reasons: readonly UnverifiedReason[], maxIds: number, kind: ResourceKind): string => {
  const calls = reasons.flatMap((r) => (r.kind === 'call' ? [r] : []));
  const denied = [...new Set(calls.filter((r) => r.failure === 'denied').map((r) => r.operation))];
  const fixes = [
    ...(denied.length > 0 ? [`grant ${idList(denied, maxIds)}`] : []),
    ...(calls.some((r) => r.failure === 'credentials') ? ['refresh the credentials'] : []),
    ...(calls.some((r) => r.failure === 'throttled' || r.failure === 'failed') ? ['retry later'] : []),
    ...(reasons.some((r) => r.kind !== 'call' && OWN_FIXES(r) === undefined) ? [KINDS[kind].setupToCheck] : []),
    ...[...new Set(reasons.flatMap((r) => OWN_FIXES(r) ?? []))],
  ];
  return `${fixes.join(', ')}, then re-evaluate`;
};

const unverifiedNetworkSentence = (report: PrerequisiteReport, maxIds: number): string[] =>
  report.unverifiedReasons.length === 0
    ? []
    : [
        `Network not verified: ${idList(report.unverifiedReasons.map(reasonText), maxIds)}; ${unverifiedFixes(report.unverifiedReasons, maxIds, report.kind)}.`,
      ];

/** "Security group sg-1 allows" / "Security groups sg-1, sg-2 allow". */
const groupsAllow = (groupIds: readonly string[], named: string): string =>
  groupIds.length === 1 ? `Security group ${named} allows` : `Security groups ${named} allow`;

const egressSentence = (report: PrerequisiteReport, maxIds: number): string[] =>
  report.missing.includes('SECURITY_GROUP_EGRESS_BLOCKED')
    ? [
        `${groupsAllow(report.securityGroupIds, idList(report.securityGroupIds, maxIds))} no TCP 443 egress to S3; add an egress rule to ${report.s3PrefixListId ?? "S3's prefix list"}.`,
      ]
    : [];

const aclSentence = (report: PrerequisiteReport, maxIds: number): string[] =>
  report.aclBlocks.length === 0
    ? []
    : [
        `Network ACL ${idList(
          report.aclBlocks.map((b) => `${b.networkAclId} (${b.direction} rule ${b.ruleNumber ?? '*'})`),
          maxIds,
        )} blocks S3; allow outbound TCP 443 and inbound 1024-65535 for S3.`,
      ];

const endpointPolicySentence = (report: PrerequisiteReport, maxIds: number): string[] =>
  report.endpointPolicyBlocks.length === 0
    ? []
    : [
        `Endpoint policy of ${idList(
          report.endpointPolicyBlocks.map((b) => b.vpcEndpointId),
          maxIds,
        )} refuses ${idList(
          [...new Set(report.endpointPolicyBlocks.flatMap((b) => b.denied.map((d) => `${d.action} on ${d.bucket}`)))],
          maxIds,
        )}; allow them.`,
      ];

const blockPublicAccessSentence = (report: PrerequisiteReport, maxIds: number): string[] =>
  report.blockPublicAccessBlocks.length === 0
    ? []
    : [
        `VPC Block Public Access closes the gateway path from ${idList(
          report.blockPublicAccessBlocks.flatMap((b) => b.subnetIds),
          maxIds,
        )}; add an S3 gateway endpoint or exclude the VPC.`,
      ];

const SOURCE_NAMES: Record<Extract<UsagePathUnverified, { kind: 'source' }>['source'], string> = {
  emr: 'COPY from EMR',
  ssh: 'COPY over SSH (manifest',
  'hive-metastore': 'Hive metastore schema',
  federated: 'federated schema',
  streaming: 'streaming ingestion schema',
};

/** One usage block in a few words, for the annotation. */
const usageClause = (block: UsageBlock, maxIds: number): string => {
  switch (block.code) {
    case 'OTHER_REGION_PATH_MISSING':
      return `other-Region bucket ${idList(
        block.buckets.map((b) => `${b.bucket} (${b.region})`),
        maxIds,
      )} needs a NAT/internet path from ${idList(block.subnetIds, maxIds)}`;
    case 'GLUE_PATH_MISSING':
      return `Spectrum schema ${idList(block.schemas, maxIds)} needs a Glue endpoint or NAT path from ${idList(block.subnetIds, maxIds)}`;
    case 'DYNAMODB_PATH_MISSING':
      return `COPY from DynamoDB ${idList(block.tables, maxIds)} needs a DynamoDB gateway endpoint or NAT path from ${idList(block.subnetIds, maxIds)}`;
    case 'USAGE_PATH_UNVERIFIED':
      return block.why.kind === 'source'
        ? `${SOURCE_NAMES[block.why.source]} ${idList(block.names, maxIds)}${block.why.source === 'ssh' ? ')' : ''} needs a path not checked here`
        : `path for ${idList(block.names, maxIds)} unverified`;
    case 'USAGE_UNVERIFIED':
      return `usage not discovered (${reasonText(block.reason)})`;
    default: {
      const never: never = block;
      throw new TypeError(`unhandled usage block ${JSON.stringify(never)}`);
    }
  }
};

const usageSentence = (report: PrerequisiteReport, maxIds: number): string[] =>
  report.usageBlocks.length === 0
    ? []
    : [
        `Usage: ${idList(
          report.usageBlocks.map((b) => usageClause(b, maxIds)),
          maxIds,
        )}.`,
      ];

/** What is wrong with the prerequisites and how to fix it, most important first. */
export const problemSentences = (report: PrerequisiteReport, publiclyAccessible: boolean, maxIds: number): string[] => [
  ...s3RouteSentence(report, publiclyAccessible, maxIds),
  ...dnsSentence(report),
  ...internetSentence(report, publiclyAccessible, maxIds),
  ...egressSentence(report, maxIds),
  ...aclSentence(report, maxIds),
  ...endpointPolicySentence(report, maxIds),
  ...blockPublicAccessSentence(report, maxIds),
  ...usageSentence(report, maxIds),
  ...unverifiedPathSentence(report, maxIds),
  ...unverifiedNetworkSentence(report, maxIds),
];

/** "S3 via S3 gateway endpoint from all 3 subnets and VPC DNS on". */
const readySummary = (report: { readonly subnets: readonly SubnetReport[] }): string => {
  const paths = [...new Set(report.subnets.map((s) => PATH_NAMES[s.s3Path]))].join(' / ');
  const count = report.subnets.length;
  const subnets = count === 1 ? 'its subnet' : count === 2 ? 'both subnets' : `all ${count} subnets`;
  return `S3 reachable via ${paths} from ${subnets}, security groups and network ACLs open to it, VPC DNS on`;
};

/** How a ready resource's annotation goes on after the EVR state; reports read from AWS Config look for it. */
export const READY_LEAD = 'Ready to remediate:';

/** How the sentence about an exemption that does not apply begins (MESSAGES.ignoredExemption). */
export const EXEMPTION_NOTE_LEAD = 'Exemption ';

/** How to write an exemption's end date (docs/rule.md, "Exemptions"). */
const EXEMPTION_DATE_FORMAT = 'end the tag value with until YYYY-MM-DD, such as until 2027-03-31 (UTC)';

export const MESSAGES = {
  notInVpc: 'Cluster is not in a VPC; enhanced VPC routing does not apply.',
  exempt: (tagKey: string, reason: string) => `Exempt by tag ${tagKey}: ${reason || '(no reason given)'}`,
  exemptionDateFormat: EXEMPTION_DATE_FORMAT,
  /**
   * The opening sentence of a resource whose exemption tag does not apply; what follows is its usual annotation.
   * Reports built from AWS Config's results skip it (src/core/annotationFacts.ts), so it starts with
   * EXEMPTION_NOTE_LEAD.
   */
  ignoredExemption: (ignored: IgnoredExemption) =>
    ignored.why === 'expired'
      ? `${EXEMPTION_NOTE_LEAD}${ignored.tagKey} expired on ${ignored.until}.`
      : `${EXEMPTION_NOTE_LEAD}${ignored.tagKey} not applied: "until ${cutAtWord(ignored.until, 24)}" is not a date; ${EXEMPTION_DATE_FORMAT}.`,
  /** The table's short form of that sentence. */
  ignoredExemptionShort: (ignored: IgnoredExemption) =>
    ignored.why === 'expired'
      ? `exemption expired on ${ignored.until}`
      : `exemption not applied (invalid date after until)`,
  evrOn: 'Enhanced VPC routing is on.',
  evrOff: 'Enhanced VPC routing is off.',
  /** The EVR state as the start of a longer sentence (no full stop). */
  evrState: (on: boolean) => `Enhanced VPC routing is ${on ? 'on' : 'off'}`,
  /** One problem and its fix in a sentence (no full stop: lists join them their own way). */
  problemWithFix: (problem: Problem) => `${problem.detail} Fix: ${problem.fix}`,
  readyToRemediate: (report: PrerequisiteReport) => `${READY_LEAD} ${readySummary(report)}.`,
  /** What was found of a network that meets every prerequisite (the runbook's note after a change). */
  networkFound: (subnets: readonly SubnetReport[]) => `${readySummary({ subnets })}.`,
  fixFirst: 'Fix first:',
  notVerifiedReady: 'Not verified safe to remediate:',
  onButMissing: 'Enhanced VPC routing is on, but prerequisites are missing:',
  onButUnverified: 'Enhanced VPC routing is on, but prerequisites are unverified:',
  warnMissing: 'Warning, COPY/UNLOAD may fail:',
  warnUnverified: 'Unverified:',
  notModifiable: (status: string, kind: ResourceKind) =>
    `${KINDS[kind].label} is ${status}: ${needsPersonAdvice(status, kind) ?? 'Redshift is busy with it; the runbook waits until it is available'}.`,
  networkReady: 'Network prerequisites are met.',
  resourceDeleted: (kind: ResourceKind) => `The ${kind} was deleted; nothing to evaluate.`,
  resourceNotRecorded: (kind: ResourceKind) =>
    `AWS Config does not record this ${kind} (ResourceNotRecorded); nothing to evaluate.`,
  eventLeftScope: (kind: ResourceKind) => `The ${kind} left the rule's scope.`,
  resourceGone: (kind: ResourceKind) => `The ${KINDS[kind].noun} no longer exists in this account and Region.`,
  resourceNotFound: (kind: ResourceKind, name: string, where: string) =>
    `${KINDS[kind].label} ${name} was not found in ${where}. Check ${KINDS[kind].name.parameter}, and run the remediation in the ${KINDS[kind].noun}'s account and Region.`,
  prerequisitesNotChecked: (mode: PrerequisiteMode) =>
    `Prerequisites not checked (PrerequisiteMode=${mode}); the remediation's preflight checks them.`,
  /** Problems in full, for the CLI and the reports (src/core/problems.ts). */
  problem: {
    noS3Route: (
      subnetIds: readonly string[],
      routeTableId: string,
      unusableIgw: string | undefined,
      kind: ResourceKind,
    ) =>
      `No S3 route from ${subnetIds.join(', ')} (route table ${routeTableId})${unusableIgw ? `; its internet gateway ${unusableIgw} does not serve a private ${kind}` : ''}.`,
    s3RouteFix: (vpcId: string, routeTableId: string, endpoint: string | undefined, s3Service: string) =>
      endpoint !== undefined
        ? `associate S3 gateway endpoint ${endpoint} with ${routeTableId} (aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${endpoint} --add-route-table-ids ${routeTableId})`
        : `add an S3 gateway endpoint to ${routeTableId} (aws ec2 create-vpc-endpoint --vpc-id ${vpcId} --vpc-endpoint-type Gateway --service-name ${s3Service} --route-table-ids ${routeTableId})`,
    dnsOff: (vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames') =>
      `VPC ${vpcId} has ${attribute === 'enableDnsSupport' ? 'DNS resolution' : 'DNS hostnames'} off (${attribute}).`,
    dnsFix: (vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames') =>
      `enable it (aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --${attribute === 'enableDnsSupport' ? 'enable-dns-support' : 'enable-dns-hostnames'})`,
    noInternetPath: (subnetIds: readonly string[], routeTableId: string) =>
      `No internet path (other-Region S3, other services) from ${subnetIds.join(', ')} (route table ${routeTableId}).`,
    internetPathFix: (routeTableId: string, publiclyAccessible: boolean) =>
      `add a default route (0.0.0.0/0) to ${publiclyAccessible ? 'an internet gateway' : 'a NAT gateway'} in ${routeTableId}`,
    unverifiedPath: (subnetIds: readonly string[], routeTableId: string, via: readonly string[]) =>
      `S3 path from ${subnetIds.join(', ')} (route table ${routeTableId}) via ${via.join(', ') || 'an unclassified target'} is unverified.`,
    egressBlocked: (groupIds: readonly string[]) =>
      `${groupsAllow(groupIds, groupIds.join(', '))} no TCP 443 egress to every S3 address of the Region (a rule to S3's prefix list, or CIDRs covering all of it); once enhanced VPC routing is on, COPY/UNLOAD traffic obeys them.`,
    egressFix: (groupId: string, prefixListId: string | null) =>
      `add an egress rule (aws ec2 authorize-security-group-egress --group-id ${groupId} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=${prefixListId ?? '<S3 prefix list id: aws ec2 describe-prefix-lists>'}}]')`,
    aclBlocked: (aclId: string, subnetIds: readonly string[], direction: 'outbound' | 'inbound', rule: number | null) =>
      `Network ACL ${aclId} of ${subnetIds.join(', ')} blocks ${direction === 'outbound' ? 'outbound TCP 443 to' : 'inbound TCP 1024-65535 (return traffic) from'} S3 (${rule === null ? 'no rule allows it: the final * deny' : `rule ${rule} denies it`}).`,
    aclFix: (aclId: string, direction: 'outbound' | 'inbound') =>
      `add an allow entry numbered below the blocking rule (aws ec2 create-network-acl-entry --network-acl-id ${aclId} ${direction === 'outbound' ? '--egress --port-range From=443,To=443' : '--ingress --port-range From=1024,To=65535'} --protocol tcp --rule-action allow --rule-number <N> --cidr-block <each S3 CIDR>)`,
    endpointPolicyBlocked: (
      endpointId: string,
      subnetIds: readonly string[],
      denied: readonly { bucket: string; action: string }[],
    ) =>
      `The policy of S3 gateway endpoint ${endpointId} (used by ${subnetIds.join(', ')}) refuses ${denied.map((d) => `${d.action} on ${d.bucket}`).join(', ')}.`,
    endpointPolicyFix: (endpointId: string) =>
      `allow s3:GetObject, s3:PutObject, s3:ListBucket and s3:GetBucketLocation on those buckets in the policy (aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${endpointId} --policy-document file://policy.json)`,
    blockPublicAccessBlocked: (subnetIds: readonly string[], mode: string) =>
      `VPC Block Public Access (${mode}) closes the NAT/internet-gateway path to S3 from ${subnetIds.join(', ')}.`,
    blockPublicAccessFix: (vpcId: string) =>
      `add an S3 gateway endpoint to the subnets' route tables (it is not affected), or exclude the VPC (aws ec2 create-vpc-block-public-access-exclusion --vpc-id ${vpcId} --internet-gateway-exclusion-mode allow-egress)`,
    unverifiedPathFix: (routeTableId: string) =>
      `confirm that path reaches S3, or add an S3 gateway endpoint to ${routeTableId}`,
    otherRegionBuckets: (buckets: readonly { bucket: string; region: string }[], subnetIds: readonly string[]) =>
      `COPY/UNLOAD use bucket${buckets.length === 1 ? '' : 's'} in another Region (${buckets.map((b) => `${b.bucket} in ${b.region}`).join(', ')}); an S3 gateway endpoint serves its own Region only, and ${subnetIds.join(', ')} have no NAT or internet path.`,
    glueMissing: (schemas: readonly string[], subnetIds: readonly string[]) =>
      `External schema${schemas.length === 1 ? '' : 's'} ${schemas.join(', ')} use${schemas.length === 1 ? 's' : ''} the AWS Glue Data Catalog (Spectrum); the VPC has no Glue interface endpoint with private DNS, and ${subnetIds.join(', ')} have no NAT or internet path.`,
    glueFix: (vpcId: string, glueService: string, tables: readonly string[], publiclyAccessible: boolean) =>
      `add a Glue interface endpoint with private DNS (aws ec2 create-vpc-endpoint --vpc-id ${vpcId} --vpc-endpoint-type Interface --service-name ${glueService} --subnet-ids <the subnets> --security-group-ids <a group allowing TCP 443 from them> --private-dns-enabled), or a default route (0.0.0.0/0) to ${publiclyAccessible ? 'an internet gateway' : 'a NAT gateway'} in ${tables.join(', ')}`,
    dynamodbMissing: (tables: readonly string[], subnetIds: readonly string[]) =>
      `COPY reads DynamoDB table${tables.length === 1 ? '' : 's'} ${tables.join(', ')}; ${subnetIds.join(', ')} have neither a DynamoDB gateway endpoint route nor a NAT or internet path.`,
    dynamodbFix: (vpcId: string, dynamodbService: string, routeTables: readonly string[]) =>
      `add a DynamoDB gateway endpoint to ${routeTables.join(', ')} (aws ec2 create-vpc-endpoint --vpc-id ${vpcId} --vpc-endpoint-type Gateway --service-name ${dynamodbService} --route-table-ids ${routeTables.join(' ')})`,
    usagePathUnverified: (why: UsagePathUnverified, names: readonly string[], subnetIds: readonly string[]) => {
      const list = names.join(', ');
      switch (why.kind) {
        case 'bucket-region':
          return `The Region of bucket ${list} is unknown: ${reasonText(why.reason)}.`;
        case 'internet-path':
          return `${list} need${names.length === 1 ? 's' : ''} a NAT or internet path (${why.needs === 'other-region' ? 'a bucket in another Region' : why.needs === 'glue' ? 'the AWS Glue Data Catalog' : 'DynamoDB'}), and the default route of ${subnetIds.join(', ')} goes to a target that cannot be verified.`;
        case 'endpoints':
          return `${list} need${names.length === 1 ? 's' : ''} a path to ${why.service === 'glue' ? 'AWS Glue' : 'DynamoDB'}, and ${subnetIds.join(', ')} have no NAT or internet path; the VPC's ${why.service === 'glue' ? 'Glue' : 'DynamoDB'} endpoints ${why.reason === null ? 'were not read' : `could not be read (${reasonText(why.reason)})`}.`;
        case 'source':
          switch (why.source) {
            case 'emr':
              return `COPY reads from EMR cluster${names.length === 1 ? '' : 's'} ${list}: whether the subnets reach its nodes is not checked.`;
            case 'ssh':
              return `COPY runs over SSH (manifest ${list}): whether the subnets reach the hosts in the manifest is not checked.`;
            case 'hive-metastore':
              return `External schema${names.length === 1 ? '' : 's'} ${list} use${names.length === 1 ? 's' : ''} a Hive metastore: whether the subnets reach it is not checked.`;
            case 'federated':
              return `External schema${names.length === 1 ? '' : 's'} ${list} ${names.length === 1 ? 'is a' : 'are'} federated database${names.length === 1 ? '' : 's'}: whether the subnets reach ${names.length === 1 ? 'it' : 'them'} is not checked.`;
            case 'streaming':
              return `External schema${names.length === 1 ? '' : 's'} ${list} ingest${names.length === 1 ? 's' : ''} from Amazon Kinesis or Amazon MSK: whether the subnets reach the stream is not checked.`;
            default: {
              const never: never = why.source;
              throw new TypeError(`unhandled source ${String(never)}`);
            }
          }
        default: {
          const never: never = why;
          throw new TypeError(`unhandled reason ${JSON.stringify(never)}`);
        }
      }
    },
    usagePathUnverifiedFix: (why: UsagePathUnverified) => {
      switch (why.kind) {
        case 'bucket-region':
          return 'grant s3:ListBucket or s3:GetBucketLocation on it to the identity that scans, or check the bucket name, then scan again';
        case 'internet-path':
          return 'confirm that default route reaches the internet, or route 0.0.0.0/0 to a NAT gateway';
        case 'endpoints':
          return 'grant ec2:DescribeVpcEndpoints, then scan again';
        case 'source':
          return 'confirm the cluster reaches it once enhanced VPC routing is on (a route in the VPC, or a NAT or internet path): this tool cannot';
        default: {
          const never: never = why;
          throw new TypeError(`unhandled reason ${JSON.stringify(never)}`);
        }
      }
    },
    usageUnverified: (reason: UnverifiedReason) =>
      `The buckets and features in use could not be discovered: ${reasonText(reason)}; what they need is unverified.`,
  },
  /** The runbook's preflight, for the operator who reads the execution. */
  preflight: {
    exempt: (reason: string) => `exempt: ${reason}`,
    skipped:
      'Network prerequisites not checked: SkipPreflight=true. Nobody verified that every subnet reaches S3, that VPC DNS is on, or that security groups, network ACLs, the endpoint policy and Block Public Access let the traffic through.',
    ready: (annotation: string) => `Preflight passed. ${annotation}`,
    fixAndRetry: 'Fix this, then run the remediation again.',
    skipHatch:
      'If you have verified yourself that this path reaches S3 (and that VPC DNS resolution and hostnames are on, and the security groups and network ACLs let the traffic through), run the remediation with SkipPreflight=true.',
  },
} as const;
