/** `redshift-evr report`'s output: the aggregate report as a table (its own: per account and Region) or a scan format. */

import { annotationAfterEvr } from '../core/annotationFacts.ts';
import { KINDS } from '../core/resourceKinds.ts';
import type { ComplianceType } from '../core/types.ts';
import { type AggregatedEntry, type AggregateReport, isReadyEntry, summarizeEntries } from './aggregateReport.ts';
import { toFindings } from './findings.ts';
import { renderAsff } from './formats/asff.ts';
import { renderCsv } from './formats/csv.ts';
import { renderOcsf } from './formats/ocsf.ts';
import { printable, renderRows, type TableStyle } from './formatTable.ts';
import type { Format } from './output.ts';
import { VERSION } from './version.ts';

const evr = (e: AggregatedEntry): string => (e.enhancedVpcRouting === null ? '?' : e.enhancedVpcRouting ? 'on' : 'off');

/**
 * "ready to remediate" for those the rule found ready (their annotation says why), else the annotation past
 * what the EVR column shows.
 */
const detail = (e: AggregatedEntry): string =>
  isReadyEntry(e) ? 'ready to remediate' : annotationAfterEvr(e.annotation) || '-';

const counts = (entries: readonly AggregatedEntry[]): string => {
  const s = summarizeEntries(entries);
  const types: ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];
  return types
    .map((t) => `${s[t]} ${t}${t === 'NON_COMPLIANT' ? ` (${s.readyToRemediate} ready to remediate)` : ''}`)
    .join(', ');
};

/** One line per value of `key` (an account, a Region), with its counts. */
const perGroup = (
  title: string,
  entries: readonly AggregatedEntry[],
  key: (e: AggregatedEntry) => string,
): string[] => {
  const groups = new Map<string, AggregatedEntry[]>();
  for (const e of entries) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  const width = Math.max(...[...groups.keys()].map((k) => k.length));
  return [
    `${title}:`,
    ...[...groups.keys()].sort().map((k) => `  ${printable(k).padEnd(width)}  ${counts(groups.get(k) ?? [])}`),
  ];
};

/**
 * AWS Config aggregators keep COMPLIANT and NON_COMPLIANT results only (AggregateEvaluationResult in the AWS
 * Config API Reference): say so where the counts are read, so that no one takes the absence for none.
 */
const NOT_KEPT =
  'Not listed: resources the rules found NOT_APPLICABLE (exempt, not in a VPC), which aggregators do not keep; redshift-evr scan lists them.';

/**
 * The table: one row per resource (ready to remediate first) with its account and Region, the EVR flag as
 * the annotation says it (`?` when it does not), then counts over all, per account and per Region.
 */
export const formatAggregateTable = (report: AggregateReport, style: TableStyle = { color: false }): string => {
  const { evaluations } = report;
  const where = `${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'}, ${report.regions.length} Region${report.regions.length === 1 ? '' : 's'}`;
  if (evaluations.length === 0) {
    return `No results of the redshift-evr rules in aggregator ${printable(report.aggregator)} (${where}).\n`;
  }
  const rows = [
    ['STATUS', 'KIND', 'NAME', 'ACCOUNT', 'REGION', 'EVR', 'DETAIL'],
    ...evaluations.map((e) =>
      [e.complianceType, e.kind, e.clusterIdentifier, e.accountId ?? '-', e.region, evr(e), detail(e)].map(printable),
    ),
  ];
  const kinds = report.controlIds.flatMap((id) => Object.values(KINDS).filter((k) => k.control.id === id));
  const kindCounts = kinds
    .map((k) => {
      const n = evaluations.filter((e) => e.kind === k.kind).length;
      return `${n} ${n === 1 ? k.noun : k.plural} (${k.control.id})`;
    })
    .join(', ');
  const lines = renderRows(rows, style).concat(
    '',
    `${kindCounts} in ${where} (aggregator ${printable(report.aggregator)}): ${counts(evaluations)}`,
    NOT_KEPT,
    '',
    perGroup('per account', evaluations, (e) => e.accountId ?? '-'),
    '',
    perGroup('per Region', evaluations, (e) => e.region),
  );
  return `${lines.join('\n')}\n`;
};

/** Render the aggregate report in the chosen format (CSV, OCSF and ASFF as for a scan, from the same findings). */
export const renderAggregateReport = (format: Format, report: AggregateReport, style: TableStyle): string => {
  switch (format) {
    case 'table':
      return formatAggregateTable(report, style);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(toFindings(report.evaluations));
    case 'ocsf':
      return renderOcsf(toFindings(report.evaluations), { productVersion: VERSION });
    case 'asff':
      return renderAsff(toFindings(report.evaluations), {});
    default: {
      const never: never = format;
      throw new TypeError(`unhandled format ${String(never)}`);
    }
  }
};
