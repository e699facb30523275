import { type ConfigServiceClient, paginateGetComplianceDetailsByConfigRule } from '@aws-sdk/client-config-service';
import { callAws } from '../aws/awsCallError.ts';
import { REDSHIFT_CLUSTER } from './configEvent.ts';

/**
 * Clusters this rule holds a COMPLIANT or NON_COMPLIANT result for (all pages), so that results of
 * clusters that no longer exist can be turned NOT_APPLICABLE.
 */
export const listEvaluatedClusters = (client: ConfigServiceClient, configRuleName: string): Promise<string[]> =>
  callAws('config:GetComplianceDetailsByConfigRule', async () => {
    const ids = new Set<string>();
    const pages = paginateGetComplianceDetailsByConfigRule(
      { client, pageSize: 100 },
      { ConfigRuleName: configRuleName, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] },
    );
    for await (const page of pages) {
      for (const result of page.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType === REDSHIFT_CLUSTER && qualifier.ResourceId) ids.add(qualifier.ResourceId);
      }
    }
    return [...ids];
  });
