import { clusterStateOf, isModifiableStatus } from '../core/clusterStates.ts';
import { isReadyToRemediate } from '../core/evaluateCluster.ts';
import type { ClusterEvaluation } from '../core/types.ts';
import type { ScanReport } from './report.ts';

const detail = (e: ClusterEvaluation): string => {
  if (e.exemption !== null) return `exempt (${e.exemption.tagKey}): ${e.exemption.reason || 'no reason given'}`;
  if (e.complianceType === 'NOT_APPLICABLE') return 'not in a VPC';
  if (isReadyToRemediate(e)) return 'ready to remediate';
  if (!e.enhancedVpcRouting && !isModifiableStatus(e.clusterStatus)) {
    return `${e.clusterStatus}: ${clusterStateOf(e.clusterStatus).advice}`;
  }
  if (e.missing.length > 0) return e.missing.join(', ');
  if (e.prerequisitesMet === null && e.subnets.length > 0) return 'S3 path unverified';
  if (e.prerequisitesMet === null) return 'prerequisites not checked';
  return 'prerequisites met';
};

const renderRows = (rows: readonly (readonly string[])[]): string[] => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
};

/** A readable table (status, cluster, VPC, EVR, what is missing) with a summary line and the explanations. */
export const formatTable = (report: ScanReport): string => {
  const { evaluations, summary } = report;
  if (evaluations.length === 0) return `No Redshift clusters in ${report.region}.\n`;
  const rows = [
    ['STATUS', 'CLUSTER', 'VPC', 'EVR', 'DETAIL'],
    ...evaluations.map((e) => [
      e.complianceType,
      e.clusterIdentifier,
      e.vpcId ?? '-',
      e.enhancedVpcRouting ? 'on' : 'off',
      detail(e),
    ]),
  ];
  const explained = evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT' || e.missing.length > 0);
  const lines = [
    ...renderRows(rows),
    '',
    `${evaluations.length} cluster(s) in ${report.region}: ${summary.COMPLIANT} COMPLIANT, ${summary.NON_COMPLIANT} NON_COMPLIANT (${summary.readyToRemediate} ready to remediate), ${summary.NOT_APPLICABLE} NOT_APPLICABLE`,
  ];
  if (explained.length > 0) lines.push('', ...explained.map((e) => `${e.clusterIdentifier}: ${e.annotation}`));
  return `${lines.join('\n')}\n`;
};
