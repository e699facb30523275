import {
  type ComplianceType,
  type ConfigServiceClient,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import { callAws } from '../aws/awsCallError.ts';

/** A result this rule holds for a cluster (or workgroup), and when Config recorded it. */
export interface EarlierResult {
  readonly complianceType: ComplianceType;
  /** Undefined when Config did not say; such a result counts as the oldest. */
  readonly recordedAt: Date | undefined;
}

/**
 * Every result this rule holds for its resource type (all pages), keyed by resource id: the cluster identifier
 * or workgroup name (a Map: the ids come from outside). Used to turn results of resources that no longer exist
 * NOT_APPLICABLE, and to evaluate first the resources whose results are oldest.
 */
export const listEarlierResults = (
  client: ConfigServiceClient,
  configRuleName: string,
  resourceType: string,
  abortSignal?: AbortSignal,
): Promise<Map<string, EarlierResult>> =>
  callAws('config:GetComplianceDetailsByConfigRule', async () => {
    const results = new Map<string, EarlierResult>();
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client, pageSize: 100 },
      { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
      ...(abortSignal ? [{ abortSignal }] : []),
    );
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType !== resourceType || !qualifier.ResourceId || !result.ComplianceType) continue;
        results.set(qualifier.ResourceId, {
          complianceType: result.ComplianceType,
          recordedAt: result.ResultRecordedTime,
        });
      }
    }
    return results;
  });
