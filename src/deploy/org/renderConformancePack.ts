import { RESOURCE_KINDS, type ResourceKind } from '../../core/types.ts';
import { REMEDIATION_DEFAULTS, RULE_SPECS } from '../ruleSpec.ts';
import { orgArns } from './orgArns.ts';
import type { OrgRenderOptions } from './orgOptions.ts';

/** The pack's logical ids of each rule and its remediation (kept stable: a new id would replace the rule). */
const PACK_RESOURCE_IDS: Readonly<Record<ResourceKind, { rule: string; remediation: string }>> = {
  cluster: { rule: 'RedshiftEvrRule', remediation: 'RedshiftEvrRemediation' },
  workgroup: { rule: 'RedshiftEvrServerlessRule', remediation: 'RedshiftEvrServerlessRemediation' },
};

/**
 * The organization conformance pack for one Region: both rules (clusters, and workgroups periodically),
 * pointing at the central function, and their remediations (for pack-deployed rules they can only be
 * declared inside the pack; a rule has at most one).
 * Values are literal strings: AWS Config takes no intrinsic function for the automation role or the rule
 * name, and a literal can't be resolved differently in a member account than rendered here.
 */
export const conformancePackTemplate = (o: OrgRenderOptions, region: string) => {
  const arns = orgArns(o);
  const requireInternetPath = String(o.requireInternetPath);
  const s3Buckets = o.s3Buckets?.join(',') ?? '';
  const resources: Record<string, object> = {};
  for (const kind of RESOURCE_KINDS) {
    const spec = RULE_SPECS[kind];
    const ids = PACK_RESOURCE_IDS[kind];
    resources[ids.rule] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: spec.configRuleName,
        Description: spec.description,
        ...(spec.scopeResourceTypes !== undefined
          ? { Scope: { ComplianceResourceTypes: [...spec.scopeResourceTypes] } }
          : {}),
        InputParameters: {
          PrerequisiteMode: o.prerequisiteMode,
          RequireInternetPath: requireInternetPath,
          ExemptionTagKey: o.exemptionTagKey ?? '',
          ExecutionRoleName: o.executionRoleName,
          ResourceType: spec.resourceType,
          S3Buckets: s3Buckets,
          SecurityHubSync: String(o.securityHubSync),
        },
        Source: {
          Owner: 'CUSTOM_LAMBDA',
          SourceIdentifier: arns.ruleFunction(region),
          SourceDetails: spec.sourceDetails(o.evaluationFrequency),
        },
      },
    };
    resources[ids.remediation] = {
      Type: 'AWS::Config::RemediationConfiguration',
      DependsOn: ids.rule,
      Properties: {
        ConfigRuleName: spec.configRuleName,
        // No ResourceType: it is optional, and AWS Config may refuse one it does not record (workgroups).
        TargetType: 'SSM_DOCUMENT',
        TargetId: spec.documentName,
        Parameters: {
          [spec.resourceIdParameter]: { ResourceValue: { Value: 'RESOURCE_ID' } },
          AutomationAssumeRole: { StaticValue: { Values: [arns.packAutomationRole] } },
          PreflightFunction: { StaticValue: { Values: [arns.preflightFunction(region)] } },
          ExecutionRoleName: { StaticValue: { Values: [o.executionRoleName] } },
          RequireInternetPath: { StaticValue: { Values: [requireInternetPath] } },
          ChangeWindow: { StaticValue: { Values: [o.changeWindows[kind]] } },
          // The runbook marks and notes the finding as the rule's SecurityHubSync does, through the same role.
          UpdateSecurityHubFinding: { StaticValue: { Values: [String(o.securityHubSync)] } },
          // Usage discovery in the preflight, the watch after the change, and what it may do.
          DiscoverUsage: { StaticValue: { Values: [String(o.discoverUsage)] } },
          WatchMinutes: { StaticValue: { Values: [String(o.watchMinutes)] } },
          RollbackOnFailure: { StaticValue: { Values: [String(o.rollbackOnFailure)] } },
          // The runbook leaves exempt resources alone too (passed only when set: it defaults to none).
          ...(o.exemptionTagKey !== undefined
            ? { ExemptionTagKey: { StaticValue: { Values: [o.exemptionTagKey] } } }
            : {}),
          // The preflight checks the same buckets as the rule (only when set: a static value may not be empty).
          ...(s3Buckets !== '' ? { S3Buckets: { StaticValue: { Values: [s3Buckets] } } } : {}),
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
    };
  }
  return { Resources: resources };
};
