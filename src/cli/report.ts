import type { HubFinding } from '../core/findingSync.ts';
import {
  disagreementsOf,
  type HubDisagreement,
  type ReportedHubFinding,
  reportedHubFinding,
} from '../core/hubComparison.ts';
import { type ControlId, KINDS } from '../core/resourceKinds.ts';
import { type Summary, summarize } from '../core/summary.ts';
import { type ClusterEvaluation, RESOURCE_KINDS, type ResourceKind } from '../core/types.ts';
import { type Severity, severityOf } from './findings.ts';
import { clusterArnOf } from './formats/common.ts';

/** One Region's scan. */
export interface RegionScan {
  readonly region: string;
  /** The account scanned through a role (`scan --accounts/--organization`); absent: the credentials' own. */
  readonly accountId?: string;
  readonly evaluations: readonly ClusterEvaluation[];
  /** ISO 8601: a snapshot's capture time, or when the scan read the account. */
  readonly observedAt: string;
}

/**
 * A cluster or workgroup in the JSON report: the evaluation (with its `kind`), where it is, the control it
 * answers, and when it was observed.
 */
export type ReportedCluster = ClusterEvaluation & {
  readonly region: string;
  readonly controlId: ControlId;
  readonly severity: Severity;
  readonly observedAt: string;
  /** `scan --security-hub` only: the resource's active Security Hub finding, or null when it has none. */
  readonly securityHub?: ReportedHubFinding | null;
};

/** The JSON report (docs/report.md). */
export interface ScanReport {
  /** The first (or only) Region scanned, as in single-Region reports. */
  readonly region: string;
  readonly regions: readonly string[];
  /** The accounts scanned, only when more than one was (`scan --accounts/--organization`). */
  readonly accounts?: readonly string[];
  /**
   * The one control the report covers (`Redshift.7` with `--kind cluster`), or null when it covers both kinds;
   * kept for readers of reports from before workgroups. `controlIds` says it in every case.
   */
  readonly controlId: ControlId | null;
  /** The controls of the kinds that were scanned, clusters' first, whether or not any resource was found. */
  readonly controlIds: readonly ControlId[];
  readonly generatedAt: string;
  readonly evaluations: readonly ReportedCluster[];
  readonly summary: Summary;
  /** `scan --security-hub` only: where Security Hub's findings disagree with the verdicts. */
  readonly securityHubDisagreements?: readonly HubDisagreement[];
}

/** The kinds a report covers, from its `controlIds`, in the order of RESOURCE_KINDS. */
export const kindsOf = (report: Pick<ScanReport, 'controlIds'>): ResourceKind[] =>
  RESOURCE_KINDS.filter((kind) => report.controlIds.includes(KINDS[kind].control.id));

/** The report of these scans, which read the given kinds (both unless told). */
export const toScanReport = (
  scans: readonly RegionScan[],
  generatedAt: string,
  kinds: readonly ResourceKind[] = RESOURCE_KINDS,
): ScanReport => {
  const evaluations = scans.flatMap((scan) =>
    scan.evaluations.map(
      (e): ReportedCluster => ({
        ...e,
        // An evaluation without an ARN still says which account it came from when that is known.
        accountId: e.accountId ?? scan.accountId ?? null,
        region: scan.region,
        controlId: KINDS[e.kind].control.id,
        severity: severityOf(e.complianceType, e.kind),
        observedAt: scan.observedAt,
      }),
    ),
  );
  const controlIds = RESOURCE_KINDS.filter((kind) => kinds.includes(kind)).map((kind) => KINDS[kind].control.id);
  const accounts = [...new Set(scans.flatMap((s) => (s.accountId === undefined ? [] : [s.accountId])))];
  return {
    region: scans[0]?.region ?? '',
    // Each Region once, though several accounts were scanned in it.
    regions: [...new Set(scans.map((s) => s.region))],
    ...(accounts.length > 1 ? { accounts } : {}),
    controlId: controlIds.length === 1 ? (controlIds[0] ?? null) : null,
    controlIds,
    generatedAt,
    evaluations,
    summary: summarize(evaluations),
  };
};

/** The resource's finding, by its ARN (a cluster's built from its account when the answer had none). */
const hubFindingOf = (
  e: ReportedCluster,
  findings: ReadonlyMap<string, readonly HubFinding[]>,
): ReportedHubFinding | null => {
  const arn = clusterArnOf(e);
  return arn === null ? null : reportedHubFinding(findings.get(arn));
};

/**
 * The report with each evaluation's Security Hub finding (`securityHub`, null without one) and the disagreements
 * (`scan --security-hub`). `findings`: the active findings by resource ARN, as read.
 */
export const withSecurityHub = (
  report: ScanReport,
  findings: ReadonlyMap<string, readonly HubFinding[]>,
): ScanReport => {
  const evaluations = report.evaluations.map(
    (e): ReportedCluster => ({
      ...e,
      securityHub: hubFindingOf(e, findings),
    }),
  );
  return {
    ...report,
    evaluations,
    securityHubDisagreements: evaluations.flatMap((e) =>
      disagreementsOf({ ...e, clusterArn: clusterArnOf(e), securityHub: e.securityHub ?? null }),
    ),
  };
};
