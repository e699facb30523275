import { CONFIG_RULE_NAME, REMEDIATION_DOCUMENT_NAME } from '../names.ts';
import { REMEDIATION_DEFAULTS, RULE_DESCRIPTION, RULE_RESOURCE_TYPES, ruleSourceDetails } from '../ruleSpec.ts';
import { orgArns } from './orgArns.ts';
import type { OrgRenderOptions } from './orgOptions.ts';

/**
 * The organization conformance pack for one Region: the rule, pointing at the central function, and its
 * remediation (for pack-deployed rules it can only be declared inside the pack).
 * Values are literal strings: AWS Config takes no intrinsic function for the automation role or the rule
 * name, and a literal can't be resolved differently in a member account than rendered here.
 */
export const conformancePackTemplate = (o: OrgRenderOptions, region: string) => {
  const arns = orgArns(o);
  const requireInternetPath = String(o.requireInternetPath);
  return {
    Resources: {
      RedshiftEvrRule: {
        Type: 'AWS::Config::ConfigRule',
        Properties: {
          ConfigRuleName: CONFIG_RULE_NAME,
          Description: RULE_DESCRIPTION,
          Scope: { ComplianceResourceTypes: [...RULE_RESOURCE_TYPES] },
          InputParameters: {
            PrerequisiteMode: o.prerequisiteMode,
            RequireInternetPath: requireInternetPath,
            ExemptionTagKey: o.exemptionTagKey ?? '',
            ExecutionRoleName: o.executionRoleName,
          },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: arns.ruleFunction(region),
            SourceDetails: ruleSourceDetails(o.evaluationFrequency),
          },
        },
      },
      RedshiftEvrRemediation: {
        Type: 'AWS::Config::RemediationConfiguration',
        DependsOn: 'RedshiftEvrRule',
        Properties: {
          ConfigRuleName: CONFIG_RULE_NAME,
          TargetType: 'SSM_DOCUMENT',
          TargetId: REMEDIATION_DOCUMENT_NAME,
          Parameters: {
            ClusterIdentifier: { ResourceValue: { Value: 'RESOURCE_ID' } },
            AutomationAssumeRole: { StaticValue: { Values: [arns.packAutomationRole] } },
            PreflightFunction: { StaticValue: { Values: [arns.preflightFunction(region)] } },
            ExecutionRoleName: { StaticValue: { Values: [o.executionRoleName] } },
            RequireInternetPath: { StaticValue: { Values: [requireInternetPath] } },
            // The runbook leaves exempt clusters alone too (passed only when set: it defaults to none).
            ...(o.exemptionTagKey !== undefined
              ? { ExemptionTagKey: { StaticValue: { Values: [o.exemptionTagKey] } } }
              : {}),
          },
          Automatic: REMEDIATION_DEFAULTS.automatic,
          MaximumAutomaticAttempts: REMEDIATION_DEFAULTS.maximumAutomaticAttempts,
          RetryAttemptSeconds: REMEDIATION_DEFAULTS.retryAttemptSeconds,
          ExecutionControls: {
            SsmControls: {
              ConcurrentExecutionRatePercentage: REMEDIATION_DEFAULTS.concurrentExecutionRatePercentage,
              ErrorPercentage: REMEDIATION_DEFAULTS.errorPercentage,
            },
          },
        },
      },
    },
  };
};
