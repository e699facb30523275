/**
 * How the Config rule and its remediation are declared, shared by `serverless.yml` (compared by a test)
 * and the organization conformance pack (rendered from it).
 */

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

/** The resource type the rule evaluates. */
export const RULE_RESOURCE_TYPES = ['AWS::Redshift::Cluster'] as const;

/** The rule's triggers: every configuration change (oversized ones too), and periodically for network changes. */
export const ruleSourceDetails = (frequency: EvaluationFrequency) => [
  { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
  { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
  { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: frequency },
];

export const RULE_DESCRIPTION =
  "Security Hub control Redshift.7 - Redshift clusters should use enhanced VPC routing. The annotation says whether the cluster's network is ready (a path to S3 from every subnet, VPC DNS) or what to fix first.";

/** Remediation settings: manual by default; when automatic, few retries and never the whole fleet at once. */
export const REMEDIATION_DEFAULTS = {
  automatic: false,
  maximumAutomaticAttempts: 3,
  retryAttemptSeconds: 3600,
  concurrentExecutionRatePercentage: 10,
  errorPercentage: 10,
} as const;
