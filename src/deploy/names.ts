/**
 * Names shared by the code, `serverless.yml`, the runbook, the conformance pack and the member StackSet.
 * Templates that must repeat a name are compared with this module by tests (test/deploy/).
 */

/** The Config rule `serverless.yml` creates (a conformance pack names its own copy the same way). */
export const CONFIG_RULE_NAME = 'redshift-evr-enhanced-vpc-routing';

/** The Redshift Serverless rule (Security Hub RedshiftServerless.1): same function, `ResourceType` workgroups. */
export const WORKGROUP_CONFIG_RULE_NAME = 'redshift-evr-serverless-enhanced-vpc-routing';

/** The rule's Lambda function. */
export const RULE_FUNCTION_NAME = 'redshift-evr-config-rule';

/** The preflight Lambda function: the runbook's default `PreflightFunction`. */
export const PREFLIGHT_FUNCTION_NAME = 'redshift-evr-preflight';

/** The remediation runbook (SSM Automation document): `redshift-evr remediate --document`'s default. */
export const REMEDIATION_DOCUMENT_NAME = 'redshift-evr-EnableEnhancedVpcRouting';

/** The runbook file every deployment embeds (never a hand copy). */
export const RUNBOOK_PATH = 'automation-documents/EnableRedshiftEnhancedVpcRouting.yaml';

/** The workgroup runbook: `redshift-evr remediate`'s default for workgroups. */
export const WORKGROUP_REMEDIATION_DOCUMENT_NAME = 'redshift-evr-EnableServerlessEnhancedVpcRouting';
/** The workgroup runbook file every deployment embeds. */
export const WORKGROUP_RUNBOOK_PATH = 'automation-documents/EnableRedshiftServerlessEnhancedVpcRouting.yaml';

/**
 * The read role `redshift-evr scan --accounts/--organization` assumes in each account unless told otherwise
 * (docs/org-rollout.md shows it). Not the execution role: that one trusts only the central functions' roles.
 */
export const DEFAULT_READ_ROLE_NAME = 'redshift-evr-read';

/** The default organization-mode role that the rule and the preflight assume in each member account. */
export const DEFAULT_EXECUTION_ROLE_NAME = 'redshift-evr-execution';

/** IAM role names are global: the central roles carry their Region so that each Region has its own. */
export const ruleFunctionRoleName = (region: string): string => `${RULE_FUNCTION_NAME}-${region}`;
export const preflightFunctionRoleName = (region: string): string => `${PREFLIGHT_FUNCTION_NAME}-${region}`;
/** Both runbooks run as this role (`redshift-evr remediate --role` takes one role for clusters and workgroups). */
export const automationRoleName = (region: string): string => `redshift-evr-automation-${region}`;
/** The managed policy for those who may run the runbooks by hand (stack output OperatorPolicyArn). */
export const operatorPolicyName = (region: string): string => `redshift-evr-operator-${region}`;

/** Organization mode: the central account's managed policy for `report --aggregator` and `scan --organization`. */
export const organizationReaderPolicyName = (region: string): string => `redshift-evr-org-reader-${region}`;

/** Organization rollout: the member accounts' automation role, for both runbooks (created once per account). */
export const MEMBER_AUTOMATION_ROLE_NAME = 'redshift-evr-automation';

/**
 * Organization rollout: the StackSets of member roles and runbooks (clusters; workgroups: one runbook per
 * template keeps each within CloudFormation's inline TemplateBody limit), and the organization conformance pack.
 */
export const MEMBER_STACKSET_NAME = 'redshift-evr-member';
export const MEMBER_CLUSTER_STACKSET_NAME = 'redshift-evr-member-cluster';
export const MEMBER_SERVERLESS_STACKSET_NAME = 'redshift-evr-member-serverless';
export const ORGANIZATION_CONFORMANCE_PACK_NAME = 'redshift-evr';
