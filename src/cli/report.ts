import { type Summary, summarize } from '../core/summary.ts';
import type { ClusterEvaluation } from '../core/types.ts';
import { CONTROL_ID, type Severity, severityOf } from './findings.ts';

/** One Region's scan. */
export interface RegionScan {
  readonly region: string;
  readonly evaluations: readonly ClusterEvaluation[];
  /** ISO 8601: a snapshot's capture time, or when the scan read the account. */
  readonly observedAt: string;
}

/** A cluster in the JSON report: the evaluation, where it is, the control, and when it was observed. */
export type ReportedCluster = ClusterEvaluation & {
  readonly region: string;
  readonly controlId: typeof CONTROL_ID;
  readonly severity: Severity;
  readonly observedAt: string;
};

/** The JSON report (docs/report.md). */
export interface ScanReport {
  /** The first (or only) Region scanned, as in single-Region reports. */
  readonly region: string;
  readonly regions: readonly string[];
  readonly controlId: typeof CONTROL_ID;
  readonly generatedAt: string;
  readonly evaluations: readonly ReportedCluster[];
  readonly summary: Summary;
}

export const toScanReport = (scans: readonly RegionScan[], generatedAt: string): ScanReport => {
  const evaluations = scans.flatMap((scan) =>
    scan.evaluations.map(
      (e): ReportedCluster => ({
        ...e,
        region: scan.region,
        controlId: CONTROL_ID,
        severity: severityOf(e.complianceType),
        observedAt: scan.observedAt,
      }),
    ),
  );
  return {
    region: scans[0]?.region ?? '',
    regions: scans.map((s) => s.region),
    controlId: CONTROL_ID,
    generatedAt,
    evaluations,
    summary: summarize(evaluations),
  };
};
