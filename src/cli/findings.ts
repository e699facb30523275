/**
 * A scan's results as findings for the report formats auditors use (JSON, CSV, OCSF, ASFF): one per cluster,
 * with where it is, which control it answers, how severe it is, what is wrong and when it was observed.
 */
import type { ClusterEvaluation, ComplianceType, Problem } from '../core/types.ts';

/** The AWS Security Hub control this project answers. */
export const CONTROL_ID = 'Redshift.7';
export const CONTROL_TITLE = 'Amazon Redshift clusters should use enhanced VPC routing';
/** Security Hub rates Redshift.7 Medium; a passed or not-applicable check is informational. */
export type Severity = 'MEDIUM' | 'INFORMATIONAL';

export interface ClusterFinding {
  /** From the cluster's namespace ARN, or the caller's identity; null when neither is known (an old snapshot). */
  readonly accountId: string | null;
  readonly region: string;
  /** `arn:<partition>:redshift:<region>:<account>:cluster:<id>`; null when the account is unknown. */
  readonly clusterArn: string | null;
  readonly clusterIdentifier: string;
  readonly controlId: typeof CONTROL_ID;
  readonly complianceType: ComplianceType;
  readonly severity: Severity;
  readonly enhancedVpcRouting: boolean;
  readonly clusterStatus: string;
  readonly vpcId: string | null;
  readonly prerequisitesMet: boolean | null;
  /** The codes of `problems`, in the documented order. */
  readonly codes: readonly string[];
  /** Every problem in full (never Config's 256-character annotation). */
  readonly problems: readonly Problem[];
  /** One sentence for people: the verdict and, when something is wrong, the first fix. */
  readonly summary: string;
  /** Exempt clusters: the tag and its value. */
  readonly exemption: ClusterEvaluation['exemption'];
  /** ISO 8601 time the facts were read (a snapshot's capture time, or the scan's time). */
  readonly observedAt: string;
}

export const severityOf = (complianceType: ComplianceType): Severity =>
  complianceType === 'NON_COMPLIANT' ? 'MEDIUM' : 'INFORMATIONAL';

/** One sentence: the verdict and, when something is wrong, the first fix. */
const summaryOf = (e: ClusterEvaluation): string => {
  const first = e.problems[0];
  if (first === undefined) return e.annotation;
  const more = e.problems.length > 1 ? ` (+${e.problems.length - 1} more)` : '';
  return `${e.enhancedVpcRouting ? 'Enhanced VPC routing is on' : 'Enhanced VPC routing is off'}; ${first.detail} Fix: ${first.fix}${more}.`;
};

/** The findings of a report's clusters (each knows its Region and when it was observed). */
export const toFindings = (
  evaluations: readonly (ClusterEvaluation & { readonly region: string; readonly observedAt: string })[],
): ClusterFinding[] =>
  evaluations.map((e) => ({
    accountId: e.accountId,
    region: e.region,
    clusterArn: e.clusterArn,
    clusterIdentifier: e.clusterIdentifier,
    controlId: CONTROL_ID,
    complianceType: e.complianceType,
    severity: severityOf(e.complianceType),
    enhancedVpcRouting: e.enhancedVpcRouting,
    clusterStatus: e.clusterStatus,
    vpcId: e.vpcId,
    prerequisitesMet: e.prerequisitesMet,
    codes: [...e.missing],
    problems: e.problems,
    summary: summaryOf(e),
    exemption: e.exemption,
    observedAt: e.observedAt,
  }));
