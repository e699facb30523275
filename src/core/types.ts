/** The vocabulary of the evaluation core, in AWS's own words. No SDK shapes here. */
import type { UsageReport } from './usage.ts';

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** How a subnet reaches same-Region Amazon S3 (docs/checks.md). */
export type S3Path = 'GATEWAY_ENDPOINT' | 'NAT_GATEWAY' | 'INTERNET_GATEWAY' | 'OTHER' | 'NONE';

/** How a subnet reaches the internet (other-Region S3, DynamoDB, EMR, hosts). */
export type InternetPath = 'NAT_GATEWAY' | 'INTERNET_GATEWAY' | 'OTHER' | 'NONE';

/** Stable codes, used in JSON, annotations and tests. */
export const PREREQUISITE_CODES = [
  'S3_ROUTE_MISSING',
  'DNS_SUPPORT_DISABLED',
  'DNS_HOSTNAMES_DISABLED',
  'INTERNET_PATH_MISSING',
  'SECURITY_GROUP_EGRESS_BLOCKED',
  'NETWORK_ACL_BLOCKS_S3',
  'S3_ENDPOINT_POLICY_BLOCKS',
  'BLOCK_PUBLIC_ACCESS_BLOCKS',
  'OTHER_REGION_PATH_MISSING',
  'GLUE_PATH_MISSING',
  'DYNAMODB_PATH_MISSING',
  'USAGE_PATH_UNVERIFIED',
  'USAGE_UNVERIFIED',
  'NETWORK_UNVERIFIED',
] as const;
export type PrerequisiteCode = (typeof PREREQUISITE_CODES)[number];

/** Codes that say something could not be verified (never met), rather than that something is missing. */
export const UNVERIFIED_CODES: ReadonlySet<PrerequisiteCode> = new Set([
  'USAGE_PATH_UNVERIFIED',
  'USAGE_UNVERIFIED',
  'NETWORK_UNVERIFIED',
]);

export const PREREQUISITE_MODES = ['report', 'enforce', 'off'] as const;
export type PrerequisiteMode = (typeof PREREQUISITE_MODES)[number];

/** The rule's behaviour, parsed from Config `InputParameters` or CLI flags. */
export interface RuleOptions {
  readonly prerequisiteMode: PrerequisiteMode;
  readonly requireInternetPath: boolean;
  /** Unset: no exemptions. */
  readonly exemptionTagKey?: string;
  /** Organization mode: the role to assume in the event's account. */
  readonly executionRoleName?: string;
  /** The Config rule's resource type (`ResourceType`): clusters unless set to workgroups. */
  readonly resourceKind?: ResourceKind;
  /** `S3Buckets`: the buckets COPY/UNLOAD use, checked against restrictive S3 endpoint policies. */
  readonly s3Buckets?: readonly string[];
  /**
   * `SecurityHubSync`: after its evaluations, the rule marks the Security Hub findings of exempt (SUPPRESSED) and
   * blocked (NOTIFIED) resources (src/core/findingSync.ts). Unset: off.
   */
  readonly securityHubSync?: boolean;
}

/** How an AWS call failed, for the fix to suggest: grant it, refresh credentials, or retry. */
export type CallFailure = 'denied' | 'credentials' | 'throttled' | 'failed';

/**
 * Why a fact could not be established, as data: only messages.ts turns it into words (and a fix).
 * `call`: a describe call failed; `setup`: the answers were inconsistent or incomplete.
 */
export type UnverifiedReason =
  | {
      readonly kind: 'call';
      readonly failure: CallFailure;
      /** `service:Operation`, e.g. `ec2:DescribeRouteTables`. */
      readonly operation: string;
      /** The AWS error code (e.g. `UnauthorizedOperation`) or what was wrong with the answer. */
      readonly error: string;
    }
  | { readonly kind: 'subnet-group-not-found'; readonly subnetGroup: string }
  | { readonly kind: 'subnet-group-empty'; readonly subnetGroup: string }
  | { readonly kind: 'workgroup-no-subnets'; readonly workgroup: string }
  | { readonly kind: 'no-route-table'; readonly subnetId: string; readonly vpcId: string }
  | { readonly kind: 'no-s3-prefix-list'; readonly region: string }
  | { readonly kind: 'vpc-unknown' }
  /** A snapshot recorded before this fact was (its format version predates the check). */
  | { readonly kind: 'not-recorded'; readonly fact: RecordedFact }
  | { readonly kind: 'no-security-groups' }
  | { readonly kind: 'security-group-not-found'; readonly groupId: string }
  /** Egress to a prefix list other than S3's (its entries are not read): it may or may not cover S3. */
  | { readonly kind: 'egress-prefix-list'; readonly prefixListId: string }
  | { readonly kind: 'no-network-acl'; readonly subnetId: string; readonly vpcId: string }
  /** Inbound return traffic from S3 is allowed on part of the ephemeral ports only. */
  | { readonly kind: 'acl-narrow-ephemeral'; readonly networkAclId: string }
  /** A restrictive S3 endpoint policy and no `S3Buckets` to check it against. */
  | { readonly kind: 'endpoint-policy-restricts'; readonly vpcEndpointId: string }
  | { readonly kind: 'endpoint-policy-unreadable'; readonly vpcEndpointId: string; readonly error: string }
  | { readonly kind: 'endpoint-policy-depends-on'; readonly vpcEndpointId: string; readonly keys: readonly string[] }
  /**
   * A usage-discovery statement (Data API) that did not finish: it failed, was aborted, or timed out (and was
   * cancelled); or was not started, the scan's --timeout having passed.
   */
  | {
      readonly kind: 'usage-statement';
      readonly outcome: 'FAILED' | 'ABORTED' | 'timeout' | 'not-started';
      readonly detail: string;
    }
  /** Block Public Access in bidirectional mode, subnet exclusions only: whether the NAT gateway's subnet is excluded is not read. */
  | { readonly kind: 'block-public-access-nat'; readonly natGatewayId: string };

/** Facts a version 2 snapshot did not record. */
export type RecordedFact = 'security groups' | 'network ACLs' | 'S3 prefix list entries' | 'VPC Block Public Access';

/** A fact that a describe call either established or could not (denied, failed). */
export type Fact<T> =
  | { readonly known: true; readonly value: T }
  | { readonly known: false; readonly reason: UnverifiedReason };

export const known = <T>(value: T): Fact<T> => ({ known: true, value });
export const unknown = <T = never>(reason: UnverifiedReason): Fact<T> => ({ known: false, reason });

/**
 * What is evaluated: a provisioned cluster (Security Hub Redshift.7) or a Redshift Serverless workgroup
 * (RedshiftServerless.1). Both go through the same checks; only where their subnets come from differs.
 */
export const RESOURCE_KINDS = ['cluster', 'workgroup'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What clusters and workgroups share, as far as enhanced VPC routing is concerned. */
interface CommonFacts {
  /** The cluster identifier, or the workgroup name. */
  readonly clusterIdentifier: string;
  /** `Cluster.ClusterStatus`, or `Workgroup.status`. */
  readonly clusterStatus: string;
  /** `EnhancedVpcRouting`; absent counts as false. */
  readonly enhancedVpcRouting: boolean;
  readonly publiclyAccessible: boolean;
  readonly tags: Readonly<Record<string, string>>;
  /** The VPC of the resource's subnets; undefined when unknown (or, for a cluster, outside a VPC). */
  readonly vpcId: string | undefined;
  /**
   * Every subnet of the cluster subnet group (Redshift may place or relocate nodes in any of them), or the
   * workgroup's `subnetIds`.
   */
  readonly subnetIds: Fact<readonly string[]>;
  /** The active VPC security groups of the cluster (`VpcSecurityGroups`), or the workgroup's `securityGroupIds`. */
  readonly securityGroupIds: readonly string[];
}

/** A provisioned cluster (Security Hub Redshift.7). */
export interface ProvisionedClusterFacts extends CommonFacts {
  readonly kind: 'cluster';
  /** Cluster subnet group name; undefined for a cluster outside a VPC. */
  readonly subnetGroupName: string | undefined;
  /** `Cluster.ClusterNamespaceArn`: where the cluster's partition, Region and account come from. */
  readonly namespaceArn?: string;
}

/** A Redshift Serverless workgroup (RedshiftServerless.1): always in a VPC, with its own subnets. */
export interface WorkgroupFacts extends CommonFacts {
  readonly kind: 'workgroup';
  /** `Workgroup.workgroupArn`. */
  readonly workgroupArn?: string;
  /** Why `vpcId` is unknown although the subnets are known (they could not be described). */
  readonly vpcUnknownReason?: UnverifiedReason;
}

/** A cluster or a workgroup: the same checks, told apart by `kind`. */
export type ClusterFacts = ProvisionedClusterFacts | WorkgroupFacts;

export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'transit-gateway'
  | 'instance'
  | 'network-interface'
  | 'virtual-private-gateway'
  | 'peering'
  | 'egress-only-internet-gateway'
  | 'other';

export interface Route {
  /** An IPv4/IPv6 CIDR or a prefix list id (`pl-…`). */
  readonly destination: string;
  readonly target: { readonly kind: RouteTargetKind; readonly id: string };
  /** False for blackhole routes (target deleted): they carry no traffic. */
  readonly active: boolean;
}

export interface RouteTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly isMain: boolean;
  /** Subnets explicitly associated with this table. */
  readonly subnetIds: readonly string[];
  readonly routes: readonly Route[];
}

/** A VPC endpoint for same-Region Amazon S3. */
export interface S3Endpoint {
  readonly vpcEndpointId: string;
  readonly vpcId: string;
  readonly type: 'Gateway' | 'Interface';
  readonly routeTableIds: readonly string[];
  /** Gateway endpoints: what the endpoint policy lets COPY/UNLOAD do (interface endpoints: not assessed). */
  readonly policy?: EndpointPolicyAssessment;
}

/**
 * A VPC endpoint for AWS Glue (Spectrum's Data Catalog) or DynamoDB (COPY from DynamoDB), judged only with usage
 * discovery.
 */
export interface ServiceEndpoint {
  readonly vpcEndpointId: string;
  readonly vpcId: string;
  readonly service: 'glue' | 'dynamodb';
  readonly type: 'Gateway' | 'Interface';
  readonly routeTableIds: readonly string[];
  /** Interface endpoints: whether the service's own DNS name resolves to the endpoint in the VPC. */
  readonly privateDnsEnabled: boolean;
}

/** The S3 actions COPY and UNLOAD need, and on what: the bucket itself or its objects. */
export const S3_ACTIONS_NEEDED = [
  { action: 's3:GetObject', on: 'object' },
  { action: 's3:ListBucket', on: 'bucket' },
  { action: 's3:GetBucketLocation', on: 'bucket' },
  { action: 's3:PutObject', on: 'object' },
] as const;
export type S3ActionNeeded = (typeof S3_ACTIONS_NEEDED)[number]['action'];

/**
 * An S3 gateway endpoint policy, as evaluated by an IAM policy evaluator (src/policy/): the default full access,
 * a restriction checked against `S3Buckets` (what it refuses, if anything), a restriction that could not be
 * checked (no buckets named), or a policy that could not be evaluated.
 */
export type EndpointPolicyAssessment =
  | { readonly kind: 'full-access' }
  | {
      readonly kind: 'checked';
      readonly denied: readonly { readonly bucket: string; readonly action: S3ActionNeeded }[];
    }
  | { readonly kind: 'buckets-not-given' }
  /** It refuses something, but tests what is not known here (condition keys of the caller, named principals). */
  | { readonly kind: 'depends-on'; readonly keys: readonly string[] }
  | { readonly kind: 'unreadable'; readonly error: string };

/** One egress rule of a security group, as far as it can reach S3 (IPv4 CIDRs and prefix lists). */
export interface EgressRule {
  /** `-1` (all traffic), `tcp`/`6`, `udp`, … */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: readonly string[];
  readonly prefixListIds: readonly string[];
  /** Referenced security groups: they never reach S3. */
  readonly groupIds: readonly string[];
}

export interface SecurityGroup {
  readonly groupId: string;
  readonly vpcId: string;
  readonly egress: readonly EgressRule[];
}

/** One IPv4 entry of a network ACL (IPv6 entries do not concern S3's IPv4 ranges). */
export interface NetworkAclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly protocol: string;
  readonly allow: boolean;
  readonly cidr: string;
  /** Absent for all traffic / all ports. */
  readonly ports?: { readonly from: number; readonly to: number };
}

export interface NetworkAcl {
  readonly networkAclId: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  /** Subnets associated with this ACL. */
  readonly subnetIds: readonly string[];
  readonly entries: readonly NetworkAclEntry[];
}

/** VPC Block Public Access of the account and Region, with its active exclusions (VPC or subnet ids). */
export interface BlockPublicAccess {
  readonly mode: 'off' | 'block-bidirectional' | 'block-ingress';
  readonly exclusions: readonly {
    readonly resourceId: string;
    readonly mode: 'allow-bidirectional' | 'allow-egress';
  }[];
}

/** What the core needs to know about one VPC; each part may be unverified on its own. */
export interface VpcNetworkFacts {
  readonly vpcId: string;
  readonly routeTables: Fact<readonly RouteTable[]>;
  readonly s3Endpoints: Fact<readonly S3Endpoint[]>;
  readonly enableDnsSupport: Fact<boolean>;
  readonly enableDnsHostnames: Fact<boolean>;
  /** Region-wide: the id of the `com.amazonaws.<region>.s3` prefix list. */
  readonly s3PrefixListId: Fact<string>;
  /** Region-wide: the CIDRs of that prefix list (what security groups and network ACLs must let through). */
  readonly s3PrefixListCidrs: Fact<readonly string[]>;
  /** The security groups of the VPC's clusters and workgroups (those asked for). */
  readonly securityGroups: Fact<readonly SecurityGroup[]>;
  readonly networkAcls: Fact<readonly NetworkAcl[]>;
  /** Region-wide. */
  readonly blockPublicAccess: Fact<BlockPublicAccess>;
  /** The VPC's Glue and DynamoDB endpoints (read with the S3 endpoints); absent where they were not read. */
  readonly serviceEndpoints?: Fact<readonly ServiceEndpoint[]>;
}

export interface SubnetReport {
  readonly subnetId: string;
  readonly routeTableId: string | null;
  readonly s3Path: S3Path;
  /** The subnet's network ACL (explicit association, else the VPC's default); null when unknown. */
  readonly networkAclId: string | null;
}

/** One thing that stands between a cluster and safe enhanced VPC routing, with where it is and the fix. */
export interface Problem {
  readonly code: PrerequisiteCode;
  readonly vpcId: string | null;
  /** The subnets concerned (all of them, never shortened). */
  readonly subnetIds: readonly string[];
  /** The route table concerned, when there is one. */
  readonly routeTableId: string | null;
  /** The resources at fault: route tables, the VPC, security groups, a network ACL, an endpoint. */
  readonly resourceIds: readonly string[];
  /** What is wrong, in full. */
  readonly detail: string;
  /** What to do about it. */
  readonly fix: string;
}

export interface Exemption {
  readonly tagKey: string;
  /** The tag's value. */
  readonly reason: string;
  /** Only when the value ends with `until YYYY-MM-DD`: the last day (UTC) the exemption holds. */
  readonly until?: string;
}

/**
 * An exemption tag that does not apply (docs/rule.md, "Exemptions"): it `expired` (`until` is its last day), or
 * its end date is invalid (`until` is what follows "until"). The resource is judged as if it were not tagged.
 */
export interface IgnoredExemption {
  readonly tagKey: string;
  readonly reason: string;
  readonly until: string;
  readonly why: 'expired' | 'invalid-date';
}

/**
 * One cluster's or workgroup's result; the JSON report's `evaluations[]` entry (docs/report.md, "JSON report").
 * For a workgroup, `clusterIdentifier` is the workgroup name and `clusterArn` the workgroup ARN.
 */
export interface ClusterEvaluation {
  readonly kind: ResourceKind;
  readonly clusterIdentifier: string;
  /** `arn:<partition>:redshift:<region>:<account>:cluster:<id>`, or the workgroup ARN; null when unknown. */
  readonly clusterArn: string | null;
  readonly accountId: string | null;
  readonly complianceType: ComplianceType;
  readonly annotation: string;
  readonly enhancedVpcRouting: boolean;
  readonly publiclyAccessible: boolean;
  readonly clusterStatus: string;
  readonly vpcId: string | null;
  /** null when unverified (a describe failed, or a path could not be classified) or not checked. */
  readonly prerequisitesMet: boolean | null;
  readonly missing: readonly PrerequisiteCode[];
  readonly subnets: readonly SubnetReport[];
  /** Every problem in full, with where it is and the fix (empty when nothing is missing or checked). */
  readonly problems: readonly Problem[];
  readonly exemption: Exemption | null;
  /** The exemption tag that was found but does not apply (expired, or an invalid date); null otherwise. */
  readonly ignoredExemption: IgnoredExemption | null;
  /** Only with usage discovery (`scan --discover-usage`): the buckets and features in use. */
  readonly usage?: UsageReport;
}
