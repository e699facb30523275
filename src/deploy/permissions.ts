/**
 * The IAM actions each deployed role grants, in one place. `serverless.yml` and the member StackSet
 * template grant exactly these; test/deploy/ derives the same sets from the code (the SDK commands each
 * Lambda handler can reach) and from the runbook's steps, and compares.
 */

/** Read-only facts the engine gathers: clusters, subnet groups, route tables, S3 endpoints, DNS attributes. */
export const NETWORK_READ_ACTIONS = [
  'ec2:DescribePrefixLists',
  'ec2:DescribeRouteTables',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeVpcEndpoints',
  'redshift:DescribeClusterSubnetGroups',
  'redshift:DescribeClusters',
] as const;

/** What the Config rule writes and lists: its evaluations and, for the periodic clean-up, earlier results. */
export const CONFIG_RULE_ACTIONS = ['config:GetComplianceDetailsByConfigRule', 'config:PutEvaluations'] as const;

/** Organization mode: the functions only assume the execution role in the evaluated account. */
export const ASSUME_EXECUTION_ROLE_ACTIONS = ['sts:AssumeRole'] as const;

/** The rule's function in a single account. */
export const RULE_FUNCTION_ACTIONS = [...NETWORK_READ_ACTIONS, ...CONFIG_RULE_ACTIONS] as const;

/** The preflight function in a single account: the rule's reads, nothing written. */
export const PREFLIGHT_FUNCTION_ACTIONS = [...NETWORK_READ_ACTIONS] as const;

/** The member accounts' execution role: whatever the rule and the preflight do there. */
export const EXECUTION_ROLE_ACTIONS = [...RULE_FUNCTION_ACTIONS] as const;

/** The runbook's role: describe, modify, and invoke the preflight. */
export const AUTOMATION_ROLE_ACTIONS = [
  'lambda:InvokeFunction',
  'redshift:DescribeClusters',
  'redshift:ModifyCluster',
] as const;

/** Every Lambda function writes its own logs. */
export const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
