/**
 * The IAM actions each deployed role grants, in one place. `serverless.yml` and the member StackSet
 * template grant exactly these; test/deploy/ derives the same sets from the code (the SDK commands each
 * Lambda handler can reach) and from the runbooks' steps, and compares. docs/permissions.md lists the same
 * sets (test/deploy/docsPermissions.test.ts).
 *
 * Resource scoping follows the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html and
 * list_amazonredshiftserverless.html): the EC2 and Redshift describe actions and
 * `redshift-serverless:ListWorkgroups` support no resource-level permissions (Resource "*"); the workgroup
 * reads and `UpdateWorkgroup` take a workgroup ARN; `ec2:GetManagedPrefixListEntries` requires a prefix-list
 * ARN (`arn:<partition>:ec2:<region>:<account>:prefix-list/<id>`). `ec2:DescribeVpcAttribute` accepts a VPC
 * ARN but stays on "*": a cluster may sit in a VPC shared by another account (its ARN names the owner).
 */

import { readActions } from '../aws/reads/reads.ts';
import { runbookActions } from '../core/resourceKinds.ts';

/** Describe and list actions without resource-level permissions: granted on "*" (the engine's reads, READS). */
export const UNSCOPED_READ_ACTIONS: readonly string[] = readActions('any');

/** Workgroup reads: granted on `arn:<partition>:redshift-serverless:<region>:<account>:workgroup/*`. */
export const WORKGROUP_READ_ACTIONS: readonly string[] = readActions('workgroup');

/**
 * Prefix-list reads: granted on `arn:<partition>:ec2:<region>:*:prefix-list/*`. The engine reads only the
 * entries of the Region's AWS-managed S3 prefix list (`com.amazonaws.<region>.s3`). That list belongs to AWS,
 * not to the account (its ARN reads `arn:aws:ec2:<region>:aws:prefix-list/pl-…`), so the account field is a
 * wildcard: this account's id would deny the one list the engine needs.
 */
export const PREFIX_LIST_READ_ACTIONS: readonly string[] = readActions('prefix-list');

/**
 * Read-only facts the engine gathers: clusters and workgroups, their subnets, route tables, security groups,
 * network ACLs, S3 endpoints and the S3 prefix list's entries, DNS attributes, VPC Block Public Access,
 * workgroup tags.
 */
export const NETWORK_READ_ACTIONS = [
  ...UNSCOPED_READ_ACTIONS,
  ...WORKGROUP_READ_ACTIONS,
  ...PREFIX_LIST_READ_ACTIONS,
] as const;

/** What the Config rule writes and lists: its evaluations and, for the periodic clean-up, earlier results. */
export const CONFIG_RULE_ACTIONS = ['config:GetComplianceDetailsByConfigRule', 'config:PutEvaluations'] as const;

/** Organization mode: the functions only assume the execution role in the evaluated account. */
export const ASSUME_EXECUTION_ROLE_ACTIONS = ['sts:AssumeRole'] as const;

/** The rule's function in a single account (both rules: clusters and workgroups). */
export const RULE_FUNCTION_ACTIONS = [...NETWORK_READ_ACTIONS, ...CONFIG_RULE_ACTIONS] as const;

/**
 * `SecurityHubSync` only (the stack grants them to the rule function's role when the parameter is true): read the
 * evaluated resources' findings and set their workflow status and note. Both take only the hub as a resource
 * (`arn:<partition>:securityhub:<region>:<account>:hub/default`, an optional resource type:
 * list_awssecurityhub.html). In organization mode the member execution role gets them when `org:render` is given
 * `--security-hub-sync`.
 */
export { SECURITY_HUB_SYNC_ACTIONS } from '../aws/securityHubActions.ts';

import { SECURITY_HUB_SYNC_ACTIONS } from '../aws/securityHubActions.ts';

/** The rule's function in a single account with `SecurityHubSync` on. */
export const RULE_FUNCTION_SYNC_ACTIONS = [...RULE_FUNCTION_ACTIONS, ...SECURITY_HUB_SYNC_ACTIONS] as const;

/** The preflight function in a single account: the rule's reads, nothing written. */
export const PREFLIGHT_FUNCTION_ACTIONS = [...NETWORK_READ_ACTIONS] as const;

/**
 * The preflight function with `SecurityHubSync` on: the runbooks' UpdateSecurityHubFinding marks the finding it
 * decided on and notes it after a verified change, on the same hub as the rule's sync.
 */
export const PREFLIGHT_FUNCTION_SYNC_ACTIONS = [...PREFLIGHT_FUNCTION_ACTIONS, ...SECURITY_HUB_SYNC_ACTIONS] as const;

/**
 * The runbooks' watch after the change (WatchMinutes), as the preflight function (or, in organization mode, the
 * member execution role): the Data API's ExecuteStatement, which takes the cluster or workgroup as its resource,
 * and the temporary database credentials it uses (the caller's IAM identity, or a database user for DbUser) …
 */
export const WATCH_RESOURCE_ACTIONS = [
  'redshift-data:ExecuteStatement',
  'redshift-serverless:GetCredentials',
  'redshift:GetClusterCredentials',
  'redshift:GetClusterCredentialsWithIAM',
] as const;
/** … and the statement calls, which take no resource (granted on "*"). */
export const WATCH_STATEMENT_ACTIONS = [
  'redshift-data:CancelStatement',
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
] as const;
export const WATCH_ACTIONS = [...WATCH_RESOURCE_ACTIONS, ...WATCH_STATEMENT_ACTIONS] as const;

/** A bucket's Region (usage discovery): S3 HeadBucket, which IAM authorizes as s3:ListBucket, else GetBucketLocation. */
export const BUCKET_REGION_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket'] as const;

/**
 * The runbooks' DiscoverUsage, as the preflight function (or the member execution role): the Data API's actions
 * and credentials, as the watch's, and each bucket's Region.
 */
export const DISCOVERY_ACTIONS = [...WATCH_ACTIONS, ...BUCKET_REGION_ACTIONS] as const;

/** The preflight function in a single account with every option on (SecurityHubSync, DiscoverUsage, WatchMinutes). */
export const PREFLIGHT_FUNCTION_ALL_ACTIONS = [...PREFLIGHT_FUNCTION_SYNC_ACTIONS, ...DISCOVERY_ACTIONS] as const;

/** The member accounts' execution role: whatever the rule and the preflight do there. */
export const EXECUTION_ROLE_ACTIONS = [...RULE_FUNCTION_ACTIONS] as const;

/** `redshift-evr scan --security-hub`: each resource's finding, read on the account's hub. */
export const HUB_READ_ACTIONS = ['securityhub:GetFindings'] as const;

/**
 * `redshift-evr scan --discover-usage` only, the caller's own (no deployed role grants them): the Data API's
 * statement actions; the credentials it asks for on the caller's behalf (a cluster's database user:
 * `redshift:GetClusterCredentials`; the caller's IAM identity: `redshift:GetClusterCredentialsWithIAM`; a workgroup:
 * `redshift-serverless:GetCredentials`; `--secret-arn`: `secretsmanager:GetSecretValue`), per the Amazon Redshift
 * Management Guide, "Authorizing access to the Amazon Redshift Data API"; and each bucket's Region: S3 HeadBucket,
 * which IAM authorizes as `s3:ListBucket`, else `s3:GetBucketLocation`.
 */
export const USAGE_DISCOVERY_ACTIONS = [
  ...WATCH_ACTIONS,
  ...BUCKET_REGION_ACTIONS,
  'secretsmanager:GetSecretValue',
] as const;

/**
 * The member accounts' read role (`redshift-evr scan --accounts/--organization`): the scan's reads, and the
 * findings `--security-hub` compares with; nothing that writes.
 */
export const READ_ROLE_ACTIONS = [...NETWORK_READ_ACTIONS, ...HUB_READ_ACTIONS] as const;

/** The cluster runbook's steps: describe, modify, and invoke the preflight. */
export const CLUSTER_RUNBOOK_ACTIONS = runbookActions('cluster');

/** The workgroup runbook's steps: read and update the workgroup, and invoke the preflight. */
export const WORKGROUP_RUNBOOK_ACTIONS = runbookActions('workgroup');

/**
 * The runbooks' role: what either runbook's steps call. One role for both, because a remediation run (and
 * `redshift-evr remediate --role`) names one role for clusters and workgroups alike.
 */
export const AUTOMATION_ROLE_ACTIONS: readonly string[] = [
  ...new Set([...CLUSTER_RUNBOOK_ACTIONS, ...WORKGROUP_RUNBOOK_ACTIONS]),
].sort();

/**
 * The operator policy (`serverless.yml`'s OperatorPolicy, stack output OperatorPolicyArn): what a person or
 * role needs to run the two runbooks by hand as the automation role and follow them, per the Service
 * Authorization Reference (list_awssystemsmanager.html): `ssm:StartAutomationExecution` on the two documents
 * (and the new `automation-execution`, a resource type it also requires), `ssm:DescribeDocument` on them
 * (`redshift-evr remediate --dry-run`), `ssm:GetAutomationExecution` and `ssm:DescribeAutomationStepExecutions`
 * on executions, `ssm:DescribeAutomationExecutions` (no resource-level permissions), and `iam:PassRole` on the
 * automation role only, to SSM only (`iam:PassedToService`). `config:DescribeConfigRules` (no resource-level
 * permissions, list_awsconfig.html): `redshift-evr remediate` reads the deployed rules' ExemptionTagKey,
 * S3Buckets and RequireInternetPath, so that a run by hand leaves exempt resources alone as the rule does.
 * `redshift-evr scan --accounts/--organization`: `sts:AssumeRole` on the read role (DEFAULT_READ_ROLE_NAME) in
 * any account, and `organizations:ListAccounts` (no resource-level permissions, list_awsorganizations.html).
 * `redshift-evr report --aggregator` reads an AWS Config aggregator: `config:DescribeAggregateComplianceByConfigRules`
 * and `config:GetAggregateComplianceDetailsByConfigRule` are authorized on the aggregator
 * (`arn:<partition>:config:<region>:<account>:config-aggregator/<aggregator id>`, granted as `config-aggregator/*`
 * of the account and Region: the id is not its name), `config:DescribeConfigurationAggregators` (which aggregators
 * exist, when none is named) on "*".
 */
export const OPERATOR_ACTIONS = [
  'config:DescribeAggregateComplianceByConfigRules',
  'config:DescribeConfigRules',
  'config:DescribeConfigurationAggregators',
  'config:GetAggregateComplianceDetailsByConfigRule',
  'iam:PassRole',
  'organizations:ListAccounts',
  'ssm:DescribeAutomationExecutions',
  'ssm:DescribeAutomationStepExecutions',
  'ssm:DescribeDocument',
  'ssm:GetAutomationExecution',
  'ssm:StartAutomationExecution',
  'sts:AssumeRole',
] as const;

/**
 * Organization mode's reader policy (`serverless.yml`'s OrganizationReaderPolicy, output
 * OrganizationReaderPolicyArn): the operator policy's statements for `redshift-evr report --aggregator` and
 * `redshift-evr scan --accounts/--organization`, for the central account, where the runbooks do not live.
 */
export const ORGANIZATION_READER_ACTIONS = [
  'config:DescribeAggregateComplianceByConfigRules',
  'config:DescribeConfigurationAggregators',
  'config:GetAggregateComplianceDetailsByConfigRule',
  'organizations:ListAccounts',
  'sts:AssumeRole',
] as const;
