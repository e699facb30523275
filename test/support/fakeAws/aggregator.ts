/**
 * A fake AWS Config aggregator on the HTTP stub, in AWS Config's JSON 1.1 wire format
 * (`X-Amz-Target: StarlingDoveService.<Operation>`): aggregators, aggregated rules per account and Region, and
 * each rule's stored results, in pages of `pageSize`. As AWS documents for AggregateEvaluationResult and the
 * request's ComplianceType, an aggregator holds COMPLIANT and NON_COMPLIANT results only: NOT_APPLICABLE ones
 * (exempt, not in a VPC) are never answered, and asking for them is refused.
 */
import type { StubHandler, StubRequest } from './httpStub.ts';
import { jsonError, jsonOk } from './wire.ts';

export interface FakeResult {
  readonly ruleName: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  readonly annotation?: string;
}

export interface FakeAggregator {
  /** What DescribeConfigurationAggregators lists (default: "org"). */
  readonly aggregators?: readonly string[];
  /** Results; the aggregated rules are the (rule, account, Region) they name, plus `emptyRules`. */
  readonly results: readonly FakeResult[];
  readonly emptyRules?: readonly { ruleName: string; accountId: string; region: string }[];
  /** Items per page (the client's Limit is honoured when smaller). */
  readonly pageSize?: number;
  /** Operations whose first call is throttled (ThrottlingException), then answered. */
  readonly throttleOnce?: readonly string[];
  /** Operations refused with AccessDeniedException. */
  readonly deny?: readonly string[];
}

/** When the fake rule evaluated: fixed, so reports can be compared. */
export const FAKE_INVOKED = Date.UTC(2026, 10, 28, 9, 0, 0) / 1000;

const page = <T>(items: readonly T[], body: { NextToken?: string; Limit?: number }, size: number) => {
  const start = Number(body.NextToken ?? 0);
  const limit = Math.min(size, body.Limit && body.Limit > 0 ? body.Limit : size);
  const end = start + limit;
  return { items: items.slice(start, end), NextToken: end < items.length ? String(end) : undefined };
};

/** The stub's handler for this aggregator. */
export const fakeAggregator = (fake: FakeAggregator): StubHandler => {
  const throttled = new Set<string>();
  const aggregators = fake.aggregators ?? ['org'];
  const size = fake.pageSize ?? 100;
  const key = (r: { ruleName: string; accountId: string; region: string }) =>
    `${r.ruleName}|${r.accountId}|${r.region}`;
  const rules = [...new Map([...fake.results, ...(fake.emptyRules ?? [])].map((r) => [key(r), r])).values()].map(
    (r) => ({ ConfigRuleName: r.ruleName, AccountId: r.accountId, AwsRegion: r.region, Compliance: {} }),
  );
  return (request: StubRequest) => {
    const operation = request.operation;
    if (fake.deny?.includes(operation)) {
      return jsonError('AccessDeniedException', `not authorized to perform config:${operation}`);
    }
    if (fake.throttleOnce?.includes(operation) && !throttled.has(operation)) {
      throttled.add(operation);
      return jsonError('ThrottlingException', 'Rate exceeded');
    }
    const body = JSON.parse(request.body || '{}');
    const aggregatorKnown = () => aggregators.includes(body.ConfigurationAggregatorName);
    switch (operation) {
      case 'DescribeConfigurationAggregators': {
        const { items, NextToken } = page(aggregators, body, size);
        return jsonOk({
          ConfigurationAggregators: items.map((name) => ({
            ConfigurationAggregatorName: name,
            ConfigurationAggregatorArn: `arn:aws:config:us-east-1:111122223333:config-aggregator/config-aggregator-${name}`,
          })),
          NextToken,
        });
      }
      case 'DescribeAggregateComplianceByConfigRules': {
        if (!aggregatorKnown()) return jsonError('NoSuchConfigurationAggregatorException', 'no such aggregator');
        const { items, NextToken } = page(rules, body, size);
        return jsonOk({ AggregateComplianceByConfigRules: items, NextToken });
      }
      case 'GetAggregateComplianceDetailsByConfigRule': {
        if (!aggregatorKnown()) return jsonError('NoSuchConfigurationAggregatorException', 'no such aggregator');
        if (body.ComplianceType !== undefined && !['COMPLIANT', 'NON_COMPLIANT'].includes(body.ComplianceType)) {
          return jsonError('InvalidParameterValueException', `ComplianceType ${body.ComplianceType} is not supported`);
        }
        const matching = fake.results.filter(
          (r) =>
            r.complianceType !== 'NOT_APPLICABLE' &&
            key(r) === key({ ruleName: body.ConfigRuleName, accountId: body.AccountId, region: body.AwsRegion }) &&
            (body.ComplianceType === undefined || r.complianceType === body.ComplianceType),
        );
        const { items, NextToken } = page(matching, body, size);
        return jsonOk({
          AggregateEvaluationResults: items.map((r) => ({
            EvaluationResultIdentifier: {
              EvaluationResultQualifier: {
                ConfigRuleName: r.ruleName,
                ResourceType: r.resourceType,
                ResourceId: r.resourceId,
              },
              OrderingTimestamp: FAKE_INVOKED,
            },
            ComplianceType: r.complianceType,
            ResultRecordedTime: FAKE_INVOKED + 5,
            ConfigRuleInvokedTime: FAKE_INVOKED,
            Annotation: r.annotation,
            AccountId: r.accountId,
            AwsRegion: r.region,
          })),
          NextToken,
        });
      }
      default:
        return jsonError('UnknownOperationException', `the fake aggregator does not answer ${operation}`);
    }
  };
};
