import { MEMBER_AUTOMATION_ROLE_NAME, REMEDIATION_DOCUMENT_NAME } from '../names.ts';
import { CONFIG_RULE_ACTIONS, NETWORK_READ_ACTIONS } from '../permissions.ts';
import { orgArns } from './orgArns.ts';
import type { OrgRenderOptions } from './orgOptions.ts';

const only = (actions: readonly string[], prefix: string) => actions.filter((a) => a.startsWith(`${prefix}:`));

/**
 * The member-account template for a service-managed StackSet: the execution role the central functions
 * assume, the runbook's automation role (both once per account, in the first Region, since IAM is global),
 * and the runbook itself in every Region (the pack's remediation names a document of the member account).
 */
export const memberStackSetTemplate = (o: OrgRenderOptions, runbook: object) => {
  const arns = orgArns(o);
  const home = o.regions[0] as string;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'redshift-evr member account: execution role for the central Config rule and preflight, the remediation runbook and its role.',
    Conditions: { IsRoleRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, home] } },
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
                  // These describe actions and PutEvaluations support no resource-level permissions.
                  { Sid: 'DescribeNetwork', Effect: 'Allow', Action: only(NETWORK_READ_ACTIONS, 'ec2'), Resource: '*' },
                  {
                    Sid: 'DescribeRedshift',
                    Effect: 'Allow',
                    Action: only(NETWORK_READ_ACTIONS, 'redshift'),
                    Resource: '*',
                  },
                  { Sid: 'PutEvaluations', Effect: 'Allow', Action: ['config:PutEvaluations'], Resource: '*' },
                  {
                    Sid: 'ListEarlierResults',
                    Effect: 'Allow',
                    Action: CONFIG_RULE_ACTIONS.filter((a) => a !== 'config:PutEvaluations'),
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
          Description: 'redshift-evr remediation runbook (SSM Automation)',
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
                    Resource: o.regions.map((r) => ({
                      'Fn::Sub': `arn:\${AWS::Partition}:redshift:${r}:\${AWS::AccountId}:cluster:*`,
                    })),
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
      RemediationDocument: {
        Type: 'AWS::SSM::Document',
        Properties: {
          Name: REMEDIATION_DOCUMENT_NAME,
          DocumentType: 'Automation',
          DocumentFormat: 'JSON',
          UpdateMethod: 'NewVersion',
          Content: runbook,
        },
      },
    },
    Outputs: {
      ExecutionRoleArn: { Condition: 'IsRoleRegion', Value: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] } },
      AutomationRoleArn: { Condition: 'IsRoleRegion', Value: { 'Fn::GetAtt': ['AutomationRole', 'Arn'] } },
      RemediationDocumentName: { Value: { Ref: 'RemediationDocument' } },
    },
  };
};
