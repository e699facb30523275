/**
 * `scan --security-hub`: what Security Hub's own finding of each evaluated resource says, and where it disagrees
 * with this project's verdict. Security Hub evaluates Redshift.7 and RedshiftServerless.1 itself, without the
 * exemption tag or the prerequisites; the disagreements are what a person triaging the findings should know.
 * Pure: the finding read (src/aws/securityHubFindings.ts) in, fields and lines out.
 */
import type { HubComplianceStatus, HubFinding, WorkflowStatus } from './findingSync.ts';
import type { ComplianceType, Exemption } from './types.ts';

/** The report's `securityHub` field of one evaluation; null: no active finding (or none could be read). */
export interface ReportedHubFinding {
  readonly findingId: string;
  readonly complianceStatus: HubComplianceStatus | null;
  readonly workflowStatus: WorkflowStatus;
}

export const DISAGREEMENT_KINDS = [
  'exempt-not-suppressed',
  'suppressed-not-exempt',
  'passed-but-noncompliant',
  'failed-but-compliant',
] as const;
export type DisagreementKind = (typeof DISAGREEMENT_KINDS)[number];

/** What each disagreement means, in one place (the JSON report's `what`, the table's lines). */
export const DISAGREEMENT_WHAT: Record<DisagreementKind, string> = {
  'exempt-not-suppressed':
    'exempt here (by tag), but its Security Hub finding is not SUPPRESSED: run redshift-evr exempt again, or turn on the rules\u2019 SecurityHubSync',
  'suppressed-not-exempt':
    'its Security Hub finding is SUPPRESSED, but it is not exempt here: tag it as exempt, or set the finding back to NEW',
  'passed-but-noncompliant':
    'PASSED in Security Hub, but NON_COMPLIANT here (a prerequisite is missing, or Security Hub has not checked it again yet)',
  'failed-but-compliant': 'FAILED in Security Hub, but COMPLIANT here (Security Hub has not checked it again yet)',
};

export interface HubDisagreement {
  /** The resource's ARN (its name when the ARN is unknown). */
  readonly resource: string;
  readonly kind: DisagreementKind;
  readonly what: string;
}

/** The finding to report of a resource's active findings: a consolidated one (or the first) wins. */
export const reportedHubFinding = (findings: readonly HubFinding[] | undefined): ReportedHubFinding | null => {
  const [first] = findings ?? [];
  if (first === undefined) return null;
  return { findingId: first.id, complianceStatus: first.complianceStatus, workflowStatus: first.workflowStatus };
};

/** What of an evaluation the comparison reads. */
export interface ComparedEvaluation {
  readonly clusterArn: string | null;
  readonly clusterIdentifier: string;
  readonly complianceType: ComplianceType;
  readonly exemption: Exemption | null;
  readonly securityHub: ReportedHubFinding | null;
}

/** Every disagreement between a verdict and its Security Hub finding; none without a finding. */
export const disagreementsOf = (e: ComparedEvaluation): HubDisagreement[] => {
  const hub = e.securityHub;
  if (hub === null) return [];
  const kinds: DisagreementKind[] = [];
  if (e.exemption !== null && hub.workflowStatus !== 'SUPPRESSED') kinds.push('exempt-not-suppressed');
  if (e.exemption === null && hub.workflowStatus === 'SUPPRESSED') kinds.push('suppressed-not-exempt');
  if (hub.complianceStatus === 'PASSED' && e.complianceType === 'NON_COMPLIANT') kinds.push('passed-but-noncompliant');
  if (hub.complianceStatus === 'FAILED' && e.complianceType === 'COMPLIANT') kinds.push('failed-but-compliant');
  const resource = e.clusterArn ?? e.clusterIdentifier;
  return kinds.map((kind) => ({ resource, kind, what: DISAGREEMENT_WHAT[kind] }));
};

/** The table's HUB cell: `FAILED/NEW`, or `-` without a finding. */
export const hubCell = (hub: ReportedHubFinding | null | undefined): string =>
  hub ? `${hub.complianceStatus ?? '?'}/${hub.workflowStatus}` : '-';
