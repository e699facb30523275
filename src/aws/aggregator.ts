/**
 * AWS Config aggregator reads for `redshift-evr report`: which aggregators exist, which rules (per account and
 * Region) the aggregator holds, and each resource's stored result. Every read is paginated; the SDK's retries
 * absorb throttling; failures become AwsCallError naming the IAM action.
 */
import {
  type AggregateEvaluationResult,
  type ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorsCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { callAws } from './awsCallError.ts';

/** One rule the aggregator holds results of, in one account and Region. */
export interface AggregatedRule {
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
}

/** One resource's stored result, as the aggregator returns it. */
export interface AggregatedResult {
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly complianceType: string;
  readonly annotation: string;
  /** ISO 8601: when the rule evaluated (ConfigRuleInvokedTime), else when the result was recorded. */
  readonly evaluatedAt: string | null;
}

/** The names of every configuration aggregator in the client's account and Region. */
export const listAggregators = async (config: ConfigServiceClient): Promise<string[]> => {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await callAws('config:DescribeConfigurationAggregators', () =>
      config.send(new DescribeConfigurationAggregatorsCommand({ NextToken: token })),
    );
    for (const a of page.ConfigurationAggregators ?? []) {
      if (a.ConfigurationAggregatorName) names.push(a.ConfigurationAggregatorName);
    }
    token = page.NextToken;
  } while (token);
  return names;
};

/** Every (rule, account, Region) the aggregator holds a result for (DescribeAggregateComplianceByConfigRules). */
export const listAggregatedRules = async (
  config: ConfigServiceClient,
  aggregator: string,
): Promise<AggregatedRule[]> => {
  const rules: AggregatedRule[] = [];
  let token: string | undefined;
  do {
    const page = await callAws('config:DescribeAggregateComplianceByConfigRules', () =>
      config.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: aggregator,
          NextToken: token,
          Limit: 1000,
        }),
      ),
    );
    for (const r of page.AggregateComplianceByConfigRules ?? []) {
      if (r.ConfigRuleName && r.AccountId && r.AwsRegion) {
        rules.push({ ruleName: r.ConfigRuleName, accountId: r.AccountId, region: r.AwsRegion });
      }
    }
    token = page.NextToken;
  } while (token);
  return rules;
};

const isoOrNull = (date: Date | undefined): string | null =>
  date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;

const toResult = (rule: AggregatedRule, r: AggregateEvaluationResult): AggregatedResult | undefined => {
  const qualifier = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
  if (!qualifier?.ResourceId || !qualifier.ResourceType || !r.ComplianceType) return undefined;
  return {
    ruleName: qualifier.ConfigRuleName ?? rule.ruleName,
    accountId: r.AccountId ?? rule.accountId,
    region: r.AwsRegion ?? rule.region,
    resourceType: qualifier.ResourceType,
    resourceId: qualifier.ResourceId,
    complianceType: r.ComplianceType,
    annotation: r.Annotation ?? '',
    evaluatedAt: isoOrNull(r.ConfigRuleInvokedTime) ?? isoOrNull(r.ResultRecordedTime),
  };
};

/**
 * Every stored result of one rule in one account and Region (GetAggregateComplianceDetailsByConfigRule, 100 a
 * page); `nonCompliantOnly` asks AWS Config for NON_COMPLIANT results only.
 */
export const readAggregatedResults = async (
  config: ConfigServiceClient,
  aggregator: string,
  rule: AggregatedRule,
  nonCompliantOnly: boolean,
): Promise<AggregatedResult[]> => {
  const results: AggregatedResult[] = [];
  let token: string | undefined;
  do {
    const page = await callAws('config:GetAggregateComplianceDetailsByConfigRule', () =>
      config.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: aggregator,
          ConfigRuleName: rule.ruleName,
          AccountId: rule.accountId,
          AwsRegion: rule.region,
          ...(nonCompliantOnly ? { ComplianceType: 'NON_COMPLIANT' as const } : {}),
          Limit: 100,
          NextToken: token,
        }),
      ),
    );
    for (const r of page.AggregateEvaluationResults ?? []) {
      const result = toResult(rule, r);
      if (result !== undefined) results.push(result);
    }
    token = page.NextToken;
  } while (token);
  return results;
};
