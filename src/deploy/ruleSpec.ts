/**
 * How the two Config rules and their remediations are declared, shared by `serverless.yml` (compared by a
 * test) and the organization conformance pack (rendered from it).
 */
import { KINDS } from '../core/resourceKinds.ts';
import type { ResourceKind } from '../core/types.ts';
import {
  CONFIG_RULE_NAME,
  REMEDIATION_DOCUMENT_NAME,
  RUNBOOK_PATH,
  WORKGROUP_CONFIG_RULE_NAME,
  WORKGROUP_REMEDIATION_DOCUMENT_NAME,
  WORKGROUP_RUNBOOK_PATH,
} from './names.ts';

/** `MaximumExecutionFrequency` values AWS Config accepts for a periodic trigger. */
export const EVALUATION_FREQUENCIES = [
  'One_Hour',
  'Three_Hours',
  'Six_Hours',
  'Twelve_Hours',
  'TwentyFour_Hours',
] as const;
export type EvaluationFrequency = (typeof EVALUATION_FREQUENCIES)[number];
export const DEFAULT_EVALUATION_FREQUENCY: EvaluationFrequency = 'TwentyFour_Hours';

/** A Config rule trigger (`Source.SourceDetails[]`). */
export interface SourceDetail {
  readonly EventSource: 'aws.config';
  readonly MessageType: string;
  readonly MaximumExecutionFrequency?: EvaluationFrequency;
}

/** One rule of the pair: its names, its triggers and the runbook its remediation starts. */
export interface RuleSpec {
  readonly configRuleName: string;
  readonly description: string;
  /** The rule's `ResourceType` parameter and its evaluations' ComplianceResourceType. */
  readonly resourceType: string;
  /** `Scope.ComplianceResourceTypes`, only for a type AWS Config records. */
  readonly scopeResourceTypes: readonly string[] | undefined;
  readonly sourceDetails: (frequency: EvaluationFrequency) => SourceDetail[];
  readonly documentName: string;
  readonly runbookPath: string;
  /** The runbook parameter that receives the rule's resource id (`RESOURCE_ID`). */
  readonly resourceIdParameter: string;
}

const periodic = (frequency: EvaluationFrequency): SourceDetail => ({
  EventSource: 'aws.config',
  MessageType: 'ScheduledNotification',
  MaximumExecutionFrequency: frequency,
});

/**
 * A kind's rule: every configuration change (oversized ones too) and periodically for network changes where AWS
 * Config records the type; periodic only where it does not (no configuration item ever arrives, and a Scope would
 * match nothing: https://docs.aws.amazon.com/config/latest/developerguide/redshift-serverless-workgroup-routes-within-vpc.html).
 */
const ruleSpecOf = (
  kind: ResourceKind,
  names: Pick<RuleSpec, 'configRuleName' | 'description' | 'documentName' | 'runbookPath'>,
): RuleSpec => {
  const spec = KINDS[kind];
  return {
    ...names,
    resourceType: spec.configResourceType,
    scopeResourceTypes: spec.recordedByConfig ? [spec.configResourceType] : undefined,
    sourceDetails: (frequency) => [
      ...(spec.recordedByConfig
        ? [
            { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' } as const,
            { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' } as const,
          ]
        : []),
      periodic(frequency),
    ],
    resourceIdParameter: spec.name.parameter,
  };
};

export const RULE_SPECS: Readonly<Record<ResourceKind, RuleSpec>> = {
  cluster: ruleSpecOf('cluster', {
    configRuleName: CONFIG_RULE_NAME,
    description:
      "Security Hub control Redshift.7 - Redshift clusters should use enhanced VPC routing. The annotation says whether the cluster's network is ready (a path to S3 from every subnet, VPC DNS) or what to fix first.",
    documentName: REMEDIATION_DOCUMENT_NAME,
    runbookPath: RUNBOOK_PATH,
  }),
  workgroup: ruleSpecOf('workgroup', {
    configRuleName: WORKGROUP_CONFIG_RULE_NAME,
    description:
      "Security Hub control RedshiftServerless.1 - Redshift Serverless workgroups should use enhanced VPC routing. Periodic: AWS Config does not record workgroups. The annotation says whether the workgroup's network is ready or what to fix first.",
    documentName: WORKGROUP_REMEDIATION_DOCUMENT_NAME,
    runbookPath: WORKGROUP_RUNBOOK_PATH,
  }),
};

/** Remediation settings: manual by default; when automatic, few retries and never the whole fleet at once. */
export const REMEDIATION_DEFAULTS = {
  automatic: false,
  maximumAutomaticAttempts: 3,
  retryAttemptSeconds: 3600,
  concurrentExecutionRatePercentage: 10,
  errorPercentage: 10,
} as const;
