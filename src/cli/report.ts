import { type Summary, summarize } from '../core/summary.ts';
import type { ClusterEvaluation } from '../core/types.ts';

/** The JSON report (docs/report.md). */
export interface ScanReport {
  readonly region: string;
  readonly evaluations: readonly ClusterEvaluation[];
  readonly summary: Summary;
}

export const toScanReport = (region: string, evaluations: readonly ClusterEvaluation[]): ScanReport => ({
  region,
  evaluations,
  summary: summarize(evaluations),
});
