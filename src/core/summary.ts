import { isReadyToRemediate } from './evaluateCluster.ts';
import type { ClusterEvaluation, ComplianceType } from './types.ts';

export type Summary = Record<ComplianceType, number> & { readonly readyToRemediate: number };

/** Count evaluations per compliance type, plus those ready to remediate. */
export const summarize = (evaluations: readonly ClusterEvaluation[]): Summary => {
  const summary = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, readyToRemediate: 0 };
  for (const e of evaluations) {
    summary[e.complianceType] += 1;
    if (isReadyToRemediate(e)) summary.readyToRemediate += 1;
  }
  return summary;
};
