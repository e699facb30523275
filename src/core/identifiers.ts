/** Shapes of AWS identifiers and JSON values, checked wherever input arrives (events, files, flags, payloads). */

/**
 * Redshift: 1-63 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen.
 * The pattern and the length apart, as the cluster runbook's allowedPattern and maxChars take them.
 */
export const CLUSTER_IDENTIFIER_PATTERN = '^[a-z]([a-z0-9]|-[a-z0-9])*$';
export const CLUSTER_IDENTIFIER_MAX_CHARS = 63;
const CLUSTER_IDENTIFIER = new RegExp(CLUSTER_IDENTIFIER_PATTERN);
const ACCOUNT_ID = /^\d{12}$/;
/** An IAM role ARN in any partition (path allowed); unanchored, so that templates can embed it. */
export const ROLE_ARN_PATTERN = 'arn:aws[a-z0-9-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}';
const ROLE_ARN = new RegExp(`^${ROLE_ARN_PATTERN}$`);
/**
 * An Amazon SNS topic for SSM Automation approvals (aws:approve's NotificationArn), in any partition; unanchored.
 * SSM requires the topic's name to start with "Automation".
 */
export const APPROVAL_TOPIC_ARN_PATTERN = 'arn:aws[a-z0-9-]*:sns:[a-z0-9-]+:\\d{12}:Automation[A-Za-z0-9_-]{0,246}';
const APPROVAL_TOPIC_ARN = new RegExp(`^${APPROVAL_TOPIC_ARN_PATTERN}$`);
export const APPROVAL_TOPIC_RULE =
  'the ARN of an SNS topic whose name starts with "Automation" (SSM notifies approvers only through such topics), e.g. arn:aws:sns:eu-west-1:111122223333:AutomationEvrApprovals';

export const isApprovalTopicArn = (value: unknown): value is string =>
  typeof value === 'string' && APPROVAL_TOPIC_ARN.test(value);

export const isClusterIdentifier = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= CLUSTER_IDENTIFIER_MAX_CHARS && CLUSTER_IDENTIFIER.test(value);

/**
 * Redshift Serverless: 3-64 lowercase letters, digits and hyphens (the API's `workgroupName` pattern, which the
 * workgroup runbook's allowedPattern is).
 */
export const WORKGROUP_NAME_PATTERN = '^[a-z0-9-]{3,64}$';
export const WORKGROUP_NAME_MAX_CHARS = 64;
const WORKGROUP_NAME = new RegExp(WORKGROUP_NAME_PATTERN);

export const isWorkgroupName = (value: unknown): value is string =>
  typeof value === 'string' && WORKGROUP_NAME.test(value);

/**
 * A tag key one may set: 1-128 characters on one line, not in the reserved `aws:` namespace (any case). The one
 * rule for `ExemptionTagKey` (the rule, the preflight, the CLI, the runbooks' allowedPattern, the stack parameter,
 * `org:render`); unanchored, like ROLE_NAME_PATTERN.
 */
export const TAG_KEY_PATTERN = '(?![aA][wW][sS]:).{1,128}';
const TAG_KEY = new RegExp(`^${TAG_KEY_PATTERN}$`);
export const isTagKey = (value: unknown): value is string => typeof value === 'string' && TAG_KEY.test(value);

/**
 * An S3 general purpose bucket name, as S3's naming rules shape it: 3-63 lowercase letters, digits, dots and
 * hyphens, beginning and ending with a letter or digit, no two adjacent dots, not an IP address
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). The reserved prefixes and
 * suffixes (xn--, -s3alias …) are not checked: they only keep new buckets from being created.
 */
export const BUCKET_NAME_RULE =
  '3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit';
const BUCKET_NAME_PATTERN = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';
const BUCKET_NAME = new RegExp(`^${BUCKET_NAME_PATTERN}$`);
/**
 * A comma-separated list of bucket names, as the `S3Buckets` parameter of the stack and of the runbooks checks
 * it (`^$|^…$`: optional). Looser than `bucketNameProblem` only where a pattern cannot say it (adjacent dots,
 * IP addresses): the rule and the preflight name those. Unanchored, like ROLE_NAME_PATTERN.
 */
export const BUCKET_LIST_PATTERN = `${BUCKET_NAME_PATTERN}(,${BUCKET_NAME_PATTERN})*`;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;

/** What keeps `value` from being an S3 bucket name, in a few words ("has an uppercase letter"); undefined when it is one. */
export const bucketNameProblem = (value: string): string | undefined => {
  if (/^(s3|https?):\/\//i.test(value) || value.startsWith('arn:')) {
    return 'is a URL or ARN: give the bucket name alone';
  }
  if (value.length < 3 || value.length > 63) return `has ${value.length} characters`;
  if (/[A-Z]/.test(value)) return 'has an uppercase letter';
  if (/[^a-z0-9.-]/.test(value)) return `has "${/[^a-z0-9.-]/.exec(value)?.[0]}"`;
  if (!BUCKET_NAME.test(value)) return 'does not begin and end with a letter or digit';
  if (value.includes('..')) return 'has two adjacent dots';
  if (IP_ADDRESS.test(value)) return 'is an IP address';
  return undefined;
};

export const isAccountId = (value: unknown): value is string => typeof value === 'string' && ACCOUNT_ID.test(value);

export const isRoleArn = (value: unknown): value is string => typeof value === 'string' && ROLE_ARN.test(value);

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Region name such as `eu-west-1`, `us-gov-west-1` or `cn-north-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const isRegionName = (value: unknown): value is string => typeof value === 'string' && REGION.test(value);

/** An AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
export const isOrganizationId = (value: unknown): value is string =>
  typeof value === 'string' && ORGANIZATION_ID.test(value);

/**
 * An IAM role name without a path: 1-64 of letters, digits and +=,.@_-. The one rule for `ExecutionRoleName`
 * everywhere (the rule, the preflight, the runbooks' allowedPattern, the stack parameter, `org:render`, the CLI):
 * the code builds `arn:…:role/<name>`, and a path would have to be part of the name in every one of them.
 * Unanchored, so that templates can embed it (`^$|^…$` for an optional parameter).
 */
export const ROLE_NAME_PATTERN = '[\\w+=,.@-]{1,64}';
/** What `isRoleName` accepts, in an error message's words. */
export const ROLE_NAME_RULE = 'an IAM role name without a path (letters, digits and +=,.@_-, at most 64 characters)';
const ROLE_NAME = new RegExp(`^${ROLE_NAME_PATTERN}$`);
export const isRoleName = (value: unknown): value is string => typeof value === 'string' && ROLE_NAME.test(value);

/** The partition a Region belongs to: `aws-cn` for China, `aws-us-gov` for GovCloud, `aws` elsewhere. */
export const partitionOfRegion = (region: string): string => {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
};

/**
 * An EC2 resource id: a lowercase prefix (`vpc`, `subnet`, `rtb`, `vpce`, `sg`, `acl`, `pl`, `igw`, `nat`, `tgw`
 * …), a hyphen, then what AWS issues: 8 or 17 lowercase hex digits (`vpc-0ef9de29795b18aee`). Lowercase
 * letters and digits, in hyphen-separated parts, are taken too: ids made up by emulators and test accounts
 * (`acl-default-vpc-0ef9…`, `rtb-0m`) look like that. Upper case, spaces, punctuation and other prefixes are not.
 */
const RESOURCE_ID_REST = '-[0-9a-z]+(?:-[0-9a-z]+)*$';
const ANY_RESOURCE_ID = new RegExp(`^[a-z]+${RESOURCE_ID_REST}`);
const resourceIds = new Map<string, RegExp>();
export const isResourceId = (value: unknown, prefix?: string): value is string => {
  if (typeof value !== 'string' || value.length > 128) return false;
  if (prefix === undefined) return ANY_RESOURCE_ID.test(value);
  let pattern = resourceIds.get(prefix);
  if (pattern === undefined) {
    pattern = new RegExp(`^${prefix.replace(/[^a-z]/g, '')}${RESOURCE_ID_REST}`);
    resourceIds.set(prefix, pattern);
  }
  return pattern.test(value);
};

/** A Redshift cluster subnet group name: 1-255 letters, digits and hyphens. */
const SUBNET_GROUP_NAME = /^[A-Za-z0-9-]{1,255}$/;
export const isClusterSubnetGroupName = (value: unknown): value is string =>
  typeof value === 'string' && SUBNET_GROUP_NAME.test(value);

/**
 * An ARN in any partition: `arn:partition:service:region:account:resource` (region and account may be empty; the
 * resource is printable ASCII without spaces).
 */
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[!-~]{1,1024}$/;
export const isArn = (value: unknown): value is string => typeof value === 'string' && ARN.test(value);

/** A Redshift database name: a letter or underscore, then letters, digits, underscores or dollar signs. */
export const DATABASE_NAME_PATTERN = '[A-Za-z_][A-Za-z0-9_$]{0,126}';
/** A Redshift user name as GetClusterCredentials takes it (DbUser). */
export const DB_USER_PATTERN = '[A-Za-z0-9_+.@$-]{1,128}';
