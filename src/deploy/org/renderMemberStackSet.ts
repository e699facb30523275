import { DEFAULT_READ_ROLE_NAME, MEMBER_AUTOMATION_ROLE_NAME } from '../names.ts';
import {
  BUCKET_REGION_ACTIONS,
  HUB_READ_ACTIONS,
  PREFIX_LIST_READ_ACTIONS,
  SECURITY_HUB_SYNC_ACTIONS,
  UNSCOPED_READ_ACTIONS,
  WATCH_RESOURCE_ACTIONS,
  WATCH_STATEMENT_ACTIONS,
  WORKGROUP_READ_ACTIONS,
} from '../permissions.ts';
import { RULE_SPECS } from '../ruleSpec.ts';
import { orgArns } from './orgArns.ts';
import type { OrgRenderOptions } from './orgOptions.ts';

const only = (actions: readonly string[], prefix: string) => actions.filter((a) => a.startsWith(`${prefix}:`));
const except = (actions: readonly string[], prefix: string) => actions.filter((a) => !a.startsWith(`${prefix}:`));

/** A runbook as an SSM document, its content the runbook file itself. */
const document = (name: string, runbook: object) => ({
  Type: 'AWS::SSM::Document',
  Properties: {
    Name: name,
    DocumentType: 'Automation',
    DocumentFormat: 'JSON',
    UpdateMethod: 'NewVersion',
    Content: runbook,
  },
});

/**
 * The scan's reads (permissions.ts's NETWORK_READ_ACTIONS) as policy statements, the workgroup reads on
 * `workgroups`: what the execution role and the read role both grant.
 */
const scanReadStatements = (workgroups: unknown) => [
  // These describe and list actions support no resource-level permissions.
  { Sid: 'DescribeNetwork', Effect: 'Allow', Action: only(UNSCOPED_READ_ACTIONS, 'ec2'), Resource: '*' },
  // Each Region's AWS-managed S3 prefix list: owned by AWS, not by the member (see permissions.ts). Any Region:
  // one ARN per Region would cost the template about 2 KB at 25 Regions, for a list of AWS's public S3 ranges.
  {
    Sid: 'ReadS3PrefixList',
    Effect: 'Allow',
    Action: [...PREFIX_LIST_READ_ACTIONS],
    Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:*:prefix-list/*' },
  },
  { Sid: 'DescribeRedshift', Effect: 'Allow', Action: except(UNSCOPED_READ_ACTIONS, 'ec2'), Resource: '*' },
  { Sid: 'ReadWorkgroups', Effect: 'Allow', Action: [...WORKGROUP_READ_ACTIONS], Resource: workgroups },
];

/**
 * The member-account template of the first service-managed StackSet: the execution role the central functions
 * assume (for both rules) and the runbooks' automation role, once per account, in the first Region (IAM is
 * global). Roles only: their policies name every Region rolled out to, so this template grows with the Regions,
 * and each runbook has a StackSet of its own (memberClusterStackSetTemplate, memberServerlessStackSetTemplate)
 * to stay within CloudFormation's 51,200-byte inline TemplateBody limit as the runbooks grow.
 */
export const memberStackSetTemplate = (o: OrgRenderOptions) => {
  const arns = orgArns(o);
  const inRegions = (arn: (region: string) => string) => o.regions.map((r) => ({ 'Fn::Sub': arn(r) }));
  const workgroups = inRegions((r) => `arn:\${AWS::Partition}:redshift-serverless:${r}:\${AWS::AccountId}:workgroup/*`);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      "redshift-evr member account: execution role for the central Config rules and preflight, and the runbooks' role.",
    Conditions: { IsRoleRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, o.regions[0]] } },
    Resources: {
      ExecutionRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'IsRoleRegion',
        Properties: {
          RoleName: o.executionRoleName,
          Description: `redshift-evr: assumed by the central rule and preflight functions of account ${o.centralAccountId}`,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: arns.centralAccountRoot },
                Action: 'sts:AssumeRole',
                // Only the two function roles, in the Regions rolled out to; never the whole central account.
                Condition: { ArnEquals: { 'aws:PrincipalArn': arns.centralFunctionRoles } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'evaluate',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  ...scanReadStatements(workgroups),
                  { Sid: 'PutEvaluations', Effect: 'Allow', Action: ['config:PutEvaluations'], Resource: '*' },
                  // --security-hub-sync only: the rules' SecurityHubSync marks findings through this role.
                  ...(o.securityHubSync
                    ? [
                        {
                          Sid: 'SyncSecurityHubFindings',
                          Effect: 'Allow',
                          Action: [...SECURITY_HUB_SYNC_ACTIONS].sort(),
                          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default' },
                        },
                      ]
                    : []),
                  // --watch-minutes or --discover-usage only: the runbooks' watch after the change and usage
                  // discovery read through the Data API as this role (the preflight function assumes it).
                  ...(o.watchMinutes > 0 || o.discoverUsage
                    ? [
                        {
                          Sid: 'WatchPipelinesRun',
                          Effect: 'Allow',
                          Action: [...WATCH_RESOURCE_ACTIONS].sort(),
                          Resource: [
                            { 'Fn::Sub': 'arn:${AWS::Partition}:redshift:*:${AWS::AccountId}:cluster:*' },
                            { 'Fn::Sub': 'arn:${AWS::Partition}:redshift:*:${AWS::AccountId}:dbname:*/*' },
                            { 'Fn::Sub': 'arn:${AWS::Partition}:redshift:*:${AWS::AccountId}:dbuser:*/*' },
                            { 'Fn::Sub': 'arn:${AWS::Partition}:redshift-serverless:*:${AWS::AccountId}:workgroup/*' },
                          ],
                        },
                        {
                          Sid: 'WatchPipelinesRead',
                          Effect: 'Allow',
                          Action: [...WATCH_STATEMENT_ACTIONS].sort(),
                          Resource: '*',
                        },
                      ]
                    : []),
                  // --discover-usage only: the Region of each bucket in use, whoever owns it.
                  ...(o.discoverUsage
                    ? [
                        {
                          Sid: 'BucketRegions',
                          Effect: 'Allow',
                          Action: [...BUCKET_REGION_ACTIONS].sort(),
                          Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' },
                        },
                      ]
                    : []),
                  {
                    Sid: 'ListEarlierResults',
                    Effect: 'Allow',
                    Action: ['config:GetComplianceDetailsByConfigRule'],
                    Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:config:*:${AWS::AccountId}:config-rule/*' },
                  },
                ],
              },
            },
          ],
        },
      },
      AutomationRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'IsRoleRegion',
        Properties: {
          RoleName: MEMBER_AUTOMATION_ROLE_NAME,
          Description: 'redshift-evr remediation runbooks (SSM Automation)',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'ssm.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: {
                  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                  ArnLike: {
                    'aws:SourceArn': {
                      'Fn::Sub': 'arn:${AWS::Partition}:ssm:*:${AWS::AccountId}:automation-execution/*',
                    },
                  },
                },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'remediate',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Sid: 'DescribeClusters', Effect: 'Allow', Action: ['redshift:DescribeClusters'], Resource: '*' },
                  {
                    Sid: 'ModifyClustersOfThisAccount',
                    Effect: 'Allow',
                    Action: ['redshift:ModifyCluster'],
                    Resource: inRegions((r) => `arn:\${AWS::Partition}:redshift:${r}:\${AWS::AccountId}:cluster:*`),
                  },
                  {
                    Sid: 'UpdateWorkgroupsOfThisAccount',
                    Effect: 'Allow',
                    Action: ['redshift-serverless:GetWorkgroup', 'redshift-serverless:UpdateWorkgroup'],
                    Resource: workgroups,
                  },
                  {
                    Sid: 'NotifyApprovers',
                    Effect: 'Allow',
                    Action: ['sns:Publish'],
                    // Any of the account's Regions: SSM takes only topics named Automation*.
                    Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:sns:*:${AWS::AccountId}:Automation*' },
                  },
                  {
                    Sid: 'InvokeCentralPreflight',
                    Effect: 'Allow',
                    Action: ['lambda:InvokeFunction'],
                    Resource: o.regions.map(arns.preflightFunction),
                  },
                ],
              },
            },
          ],
        },
      },
    },
    Outputs: {
      ExecutionRoleArn: { Condition: 'IsRoleRegion', Value: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } },
      AutomationRoleArn: { Condition: 'IsRoleRegion', Value: { 'Fn::GetAtt': ['AutomationRole', 'Arn'] } },
    },
  };
};

/**
 * The member-account template of the second service-managed StackSet: the cluster runbook in every Region (the
 * pack's remediation names a document of the member account). It names no Region.
 */
export const memberClusterStackSetTemplate = (runbook: object) => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'redshift-evr member account: the Redshift cluster remediation runbook.',
  Resources: { RemediationDocument: document(RULE_SPECS.cluster.documentName, runbook) },
  Outputs: { RemediationDocumentName: { Value: { Ref: 'RemediationDocument' } } },
});

/**
 * The member-account template of the third service-managed StackSet: the workgroup runbook in every Region,
 * and the read role `redshift-evr scan --accounts/--organization` assumes (once per account, in the first
 * Region; the role's policy names no Region, so adding one needs no update here).
 */
export const memberServerlessStackSetTemplate = (o: OrgRenderOptions, runbook: object) => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Description:
    'redshift-evr member account: the Redshift Serverless workgroup remediation runbook, and the read role for scans from the central account.',
  Conditions: { IsRoleRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, o.regions[0]] } },
  Resources: {
    ReadRole: {
      Type: 'AWS::IAM::Role',
      Condition: 'IsRoleRegion',
      Properties: {
        RoleName: DEFAULT_READ_ROLE_NAME,
        Description: `redshift-evr: read-only, for redshift-evr scan --organization from account ${o.centralAccountId}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              // The central account's own policies say who there may assume it (the operator policy does);
              // the role can only read, like the scan's policy in docs/permissions.md.
              Principal: { AWS: orgArns(o).centralAccountRoot },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'scan',
            PolicyDocument: {
              Version: '2012-10-17',
              // Any Region: a scan may name Regions the rollout does not reach (--region, --all-regions).
              Statement: [
                ...scanReadStatements({
                  'Fn::Sub': 'arn:${AWS::Partition}:redshift-serverless:*:${AWS::AccountId}:workgroup/*',
                }),
                // scan --security-hub: the findings it compares with (the hub is the action's only resource type).
                {
                  Sid: 'ReadSecurityHubFindings',
                  Effect: 'Allow',
                  Action: [...HUB_READ_ACTIONS],
                  Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default' },
                },
              ],
            },
          },
        ],
      },
    },
    WorkgroupRemediationDocument: document(RULE_SPECS.workgroup.documentName, runbook),
  },
  Outputs: {
    ReadRoleArn: { Condition: 'IsRoleRegion', Value: { 'Fn::GetAtt': ['ReadRole', 'Arn'] } },
    WorkgroupRemediationDocumentName: { Value: { Ref: 'WorkgroupRemediationDocument' } },
  },
});
