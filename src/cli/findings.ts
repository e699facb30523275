/**
 * A scan's results as findings for the report formats auditors use (JSON, CSV, OCSF, ASFF): one per cluster or
 * workgroup, with where it is, which control it answers, how severe it is, what is wrong and when it was observed.
 */

import type { ReportedHubFinding } from '../core/hubComparison.ts';
import { MESSAGES } from '../core/messages.ts';
import { type ControlId, KINDS, type ResourceKindSpec } from '../core/resourceKinds.ts';
import type { ClusterEvaluation, ComplianceType, Problem, ResourceKind } from '../core/types.ts';

/** The control's own severity for a failed check; a passed or not-applicable check is informational. */
export type Severity = ResourceKindSpec['control']['severity'] | 'INFORMATIONAL';

export interface ClusterFinding {
  /** A provisioned cluster or a Redshift Serverless workgroup. */
  readonly kind: ResourceKind;
  /** From the cluster's namespace ARN or the workgroup's ARN; null when unknown (an old snapshot). */
  readonly accountId: string | null;
  readonly region: string;
  /**
   * `arn:<partition>:redshift:<region>:<account>:cluster:<id>`, or the workgroup's
   * `arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<uuid>`; null when unknown.
   */
  readonly clusterArn: string | null;
  /** The cluster identifier, or the workgroup name. */
  readonly clusterIdentifier: string;
  readonly controlId: ControlId;
  readonly complianceType: ComplianceType;
  readonly severity: Severity;
  /** null when unknown (a report from AWS Config's stored results whose annotation does not say). */
  readonly enhancedVpcRouting: boolean | null;
  /**
   * The cluster status (`available`, `paused` …) or the workgroup status (`AVAILABLE`, `MODIFYING` …); null when
   * unknown (a report from AWS Config's stored results).
   */
  readonly clusterStatus: string | null;
  readonly vpcId: string | null;
  readonly prerequisitesMet: boolean | null;
  /** The codes of `problems`, in the documented order. */
  readonly codes: readonly string[];
  /** Every problem in full (never Config's 256-character annotation). */
  readonly problems: readonly Problem[];
  /** One sentence for people: the verdict and, when something is wrong, the first fix. */
  readonly summary: string;
  /** Exempt clusters and workgroups: the tag and its value. */
  readonly exemption: ClusterEvaluation['exemption'];
  /** An exemption tag found but not applied (expired, or an invalid end date); null when there is none. */
  readonly ignoredExemption: ClusterEvaluation['ignoredExemption'];
  /** ISO 8601 time the facts were read (a snapshot's capture time, or the scan's time). */
  readonly observedAt: string;
  /** `scan --security-hub` only: the resource's active Security Hub finding, null when it has none. */
  readonly securityHub?: ReportedHubFinding | null;
}

/** The control's severity when the check fails (Security Hub's rating), else INFORMATIONAL. */
export const severityOf = (complianceType: ComplianceType, kind: ResourceKind): Severity =>
  complianceType === 'NON_COMPLIANT' ? KINDS[kind].control.severity : 'INFORMATIONAL';

/**
 * What a finding is made from: a scan's evaluation, or an entry read from AWS Config's stored results, which
 * cannot know the EVR flag (unless the annotation says) or the status.
 */
export type FindingSource = Omit<ClusterEvaluation, 'enhancedVpcRouting' | 'clusterStatus' | 'publiclyAccessible'> & {
  readonly enhancedVpcRouting: boolean | null;
  readonly clusterStatus: string | null;
  readonly region: string;
  readonly observedAt: string;
  readonly securityHub?: ReportedHubFinding | null;
};

/** One sentence: the verdict and, when something is wrong, the first fix. */
const summaryOf = (e: FindingSource): string => {
  const first = e.problems[0];
  if (first === undefined || e.enhancedVpcRouting === null) return e.annotation;
  const more = e.problems.length > 1 ? ` (+${e.problems.length - 1} more)` : '';
  return `${MESSAGES.evrState(e.enhancedVpcRouting)}; ${MESSAGES.problemWithFix(first)}${more}.`;
};

/** The findings of a report's clusters and workgroups (each knows its Region and when it was observed). */
export const toFindings = (evaluations: readonly FindingSource[]): ClusterFinding[] =>
  evaluations.map((e) => ({
    kind: e.kind,
    accountId: e.accountId,
    region: e.region,
    clusterArn: e.clusterArn,
    clusterIdentifier: e.clusterIdentifier,
    controlId: KINDS[e.kind].control.id,
    complianceType: e.complianceType,
    severity: severityOf(e.complianceType, e.kind),
    enhancedVpcRouting: e.enhancedVpcRouting,
    clusterStatus: e.clusterStatus,
    vpcId: e.vpcId,
    prerequisitesMet: e.prerequisitesMet,
    codes: [...e.missing],
    problems: e.problems,
    summary: summaryOf(e),
    exemption: e.exemption,
    ignoredExemption: e.ignoredExemption,
    observedAt: e.observedAt,
    ...(e.securityHub === undefined ? {} : { securityHub: e.securityHub }),
  }));
