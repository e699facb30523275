/**
 * The CSV report: one row per cluster or workgroup, RFC 4180 (CRLF line ends; fields with a comma, a double quote, CR or LF are
 * quoted and their quotes doubled), guarded against CSV/formula injection because tag values, identifiers and
 * snapshot contents come from outside and the file is meant to be opened in a spreadsheet.
 */
import { MESSAGES } from '../../core/messages.ts';
import type { ClusterFinding } from '../findings.ts';

export const CSV_HEADER = [
  'account_id',
  'region',
  'kind',
  'cluster_arn',
  'cluster_identifier',
  'control_id',
  'compliance',
  'severity',
  'enhanced_vpc_routing',
  'cluster_status',
  'vpc_id',
  'prerequisites_met',
  'codes',
  'problems',
  'summary',
  'observed_at',
  'exemption_tag_key',
  'exemption_reason',
  'ignored_exemption',
] as const;

/** The columns `scan --security-hub` adds: the resource's Security Hub finding (empty without one). */
export const CSV_HUB_HEADER = [
  'security_hub_finding_id',
  'security_hub_compliance_status',
  'security_hub_workflow_status',
] as const;

/**
 * OWASP "CSV Injection": a cell starting with = + - @, tab or CR is taken for a formula by Excel, LibreOffice or
 * Google Sheets; ASVS 5.0 (V1.2.10) adds NUL. A leading apostrophe makes the spreadsheet show the cell as text.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** RFC 4180 section 2.6: these characters force the field into double quotes. */
const NEEDS_QUOTES = /[",\r\n]/;

const cell = (value: string): string => {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
};

const bool = (value: boolean | null): string => (value === null ? '' : String(value));

const row = (f: ClusterFinding): string[] => [
  f.accountId ?? '',
  f.region,
  f.kind,
  f.clusterArn ?? '',
  f.clusterIdentifier,
  f.controlId,
  f.complianceType,
  f.severity,
  bool(f.enhancedVpcRouting),
  f.clusterStatus ?? '',
  f.vpcId ?? '',
  bool(f.prerequisitesMet),
  f.codes.join(';'),
  f.problems.map(MESSAGES.problemWithFix).join(' | '),
  f.summary,
  f.observedAt,
  f.exemption?.tagKey ?? '',
  f.exemption?.reason ?? '',
  f.ignoredExemption === null ? '' : MESSAGES.ignoredExemption(f.ignoredExemption),
];

const hubRow = (f: ClusterFinding): string[] => [
  f.securityHub?.findingId ?? '',
  f.securityHub?.complianceStatus ?? '',
  f.securityHub?.workflowStatus ?? '',
];

/**
 * Renders the findings as RFC 4180 CSV with a header row, every line (the last too) ending in CRLF; with
 * `securityHub` (`scan --security-hub`), the finding's three columns at the end.
 */
export const renderCsv = (
  findings: readonly ClusterFinding[],
  options: { readonly securityHub?: boolean } = {},
): string =>
  [
    options.securityHub ? [...CSV_HEADER, ...CSV_HUB_HEADER] : CSV_HEADER,
    ...findings.map((f) => (options.securityHub ? [...row(f), ...hubRow(f)] : row(f))),
  ]
    .map((fields) => `${fields.map(cell).join(',')}\r\n`)
    .join('');
