import { isModifiableStatus, needsPersonAdvice } from '../core/clusterStates.ts';
import { isReadyToRemediate } from '../core/evaluateCluster.ts';
import { hubCell } from '../core/hubComparison.ts';
import { MESSAGES } from '../core/messages.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { type Summary, summarize } from '../core/summary.ts';
import { type ClusterEvaluation, type ComplianceType, RESOURCE_KINDS, type ResourceKind } from '../core/types.ts';
import type { CopySource, UsageReport } from '../core/usage.ts';
import { kindsOf, type ReportedCluster, type ScanReport } from './report.ts';

export interface TableStyle {
  /** ANSI colours (a terminal without NO_COLOR). */
  readonly color: boolean;
  /** The terminal's width: the DETAIL column is cut to fit; undefined (a pipe, a file) cuts nothing. */
  readonly columns?: number | undefined;
}

const detail = (e: ClusterEvaluation): string => {
  const verdict = verdictDetail(e);
  return e.ignoredExemption === null ? verdict : `${MESSAGES.ignoredExemptionShort(e.ignoredExemption)}; ${verdict}`;
};

const verdictDetail = (e: ClusterEvaluation): string => {
  if (e.exemption !== null) return `exempt (${e.exemption.tagKey}): ${e.exemption.reason || 'no reason given'}`;
  if (e.complianceType === 'NOT_APPLICABLE') return 'not in a VPC';
  if (isReadyToRemediate(e)) return 'ready to remediate';
  if (!e.enhancedVpcRouting && !isModifiableStatus(e.clusterStatus, e.kind)) {
    return `${e.clusterStatus}: ${needsPersonAdvice(e.clusterStatus, e.kind)}`;
  }
  if (e.missing.length > 0) return e.missing.join(', ');
  if (e.prerequisitesMet === null && e.subnets.length > 0) return 'S3 path unverified';
  if (e.prerequisitesMet === null) return 'prerequisites not checked';
  return 'prerequisites met';
};

const COLOURS: Record<ComplianceType, string> = { NON_COMPLIANT: '31', COMPLIANT: '32', NOT_APPLICABLE: '2' };
const paint = (style: TableStyle, code: string, text: string) =>
  style.color ? `\u001b[${code}m${text}\u001b[0m` : text;

/**
 * Text from outside (identifiers, tag values, snapshot contents) with its control characters made visible:
 * a carriage return or an ANSI escape in a cluster id must never rewrite what the terminal shows.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
export const printable = (text: string): string =>
  text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const cut = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;

/** Rows as aligned columns (the first one a header), the status column coloured, the last one cut to the terminal. */
export const renderRows = (rows: readonly (readonly string[])[], style: TableStyle): string[] => {
  // A loop, not Math.max(...): a spread of a column of 100,000+ rows overflows the call stack.
  const widths = (rows[0] ?? []).map((_, i) => rows.reduce((max, r) => Math.max(max, (r[i] ?? '').length), 0));
  const fixed = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const lastWidth = style.columns === undefined ? Number.POSITIVE_INFINITY : Math.max(12, style.columns - fixed);
  return rows.map((r, row) =>
    r
      .map((cell, i) => {
        if (i === r.length - 1) return cut(cell, lastWidth);
        const padded = cell.padEnd(widths[i] ?? 0);
        return i === 0 && row > 0 ? paint(style, COLOURS[cell as ComplianceType] ?? '0', padded) : padded;
      })
      .join('  ')
      .trimEnd(),
  );
};

/** Which columns a report needs: a REGION and an ACCOUNT column only when it has several. */
interface Spread {
  readonly multiRegion: boolean;
  readonly multiAccount: boolean;
}

/** How the explanations name a resource: a workgroup says so, since a cluster may bear the same name. */
const nameOf = (e: ReportedCluster, spread: Spread): string => {
  const qualifiers = [
    ...KINDS[e.kind].qualifiers,
    ...(spread.multiAccount ? [`account ${e.accountId ?? '?'}`] : []),
    ...(spread.multiRegion ? [e.region] : []),
  ];
  return qualifiers.length === 0 ? e.clusterIdentifier : `${e.clusterIdentifier} (${qualifiers.join(', ')})`;
};

const SOURCE_LABELS: Record<CopySource['kind'], string> = { dynamodb: 'DynamoDB', emr: 'EMR', ssh: 'SSH manifest' };

/** `--discover-usage`: what the resource was found to use, under its explanation. */
const usageLines = (usage: UsageReport | undefined): string[] => {
  if (usage === undefined) return [];
  if (usage.unverified !== null) return [`  usage: not discovered (${usage.unverified})`];
  const buckets = usage.buckets.map((b) => `${b.bucket} (${b.region ?? 'Region unknown'}: ${b.uses.join(', ')})`);
  const schemas = usage.externalSchemas.map((s) => `${s.schema} (${s.catalog})`);
  const sources = usage.copySources.map((s) => `${SOURCE_LABELS[s.kind]} ${s.name}`);
  return [
    `  usage over the last ${usage.lookBackDays} days${usage.truncated ? ' (more rows than read: incomplete)' : ''}:`,
    `    buckets: ${buckets.join(', ') || 'none found'}`,
    `    Spectrum: ${usage.spectrum ? 'yes' : 'no'}${schemas.length > 0 ? `; external schemas ${schemas.join(', ')}` : ''}`,
    `    COPY sources other than S3: ${sources.join(', ') || 'none'}`,
  ];
};

/** The full explanation of one cluster or workgroup: every problem, its subnets and route table, and the fix. */
const explain = (e: ReportedCluster, spread: Spread): string[] => {
  const name = nameOf(e, spread);
  if (e.problems.length === 0) return [`${name}: ${e.annotation}`, ...usageLines(e.usage)];
  const head = MESSAGES.evrState(e.enhancedVpcRouting);
  const state =
    !e.enhancedVpcRouting && !isModifiableStatus(e.clusterStatus, e.kind)
      ? ` ${MESSAGES.notModifiable(e.clusterStatus, e.kind)}`
      : '';
  const note = e.ignoredExemption === null ? '' : `${MESSAGES.ignoredExemption(e.ignoredExemption)} `;
  return [
    `${name}: ${note}${head}; ${e.problems.length === 1 ? '1 problem' : `${e.problems.length} problems`}.${state}`,
    ...e.problems.flatMap((p) => [`  - ${p.code}: ${p.detail}`, `    fix: ${p.fix}`]),
    ...usageLines(e.usage),
  ];
};

/** "13 clusters (Redshift.7), 2 workgroups (RedshiftServerless.1)": each kind the report covers, with its control. */
const countsOf = (evaluations: readonly ClusterEvaluation[], kinds: readonly ResourceKind[]): string =>
  kinds
    .map((kind) => {
      const count = evaluations.filter((e) => e.kind === kind).length;
      return `${count} ${count === 1 ? KINDS[kind].noun : KINDS[kind].plural} (${KINDS[kind].control.id})`;
    })
    .join(', ');

/** "2 COMPLIANT, 13 NON_COMPLIANT (4 ready to remediate), 2 NOT_APPLICABLE". */
const counted = (summary: Summary): string =>
  `${summary.COMPLIANT} COMPLIANT, ${summary.NON_COMPLIANT} NON_COMPLIANT (${summary.readyToRemediate} ready to remediate), ${summary.NOT_APPLICABLE} NOT_APPLICABLE`;

/** One summary line per account scanned, in the order scanned. */
const perAccount = (report: ScanReport, kinds: readonly ResourceKind[]): string[] =>
  (report.accounts ?? []).map((account) => {
    const mine = report.evaluations.filter((e) => e.accountId === account);
    return `  account ${account}: ${countsOf(mine, kinds)}: ${counted(summarize(mine))}`;
  });

/** `scan --security-hub`: each disagreement with Security Hub's findings, under the summary. */
const hubLines = (disagreements: ScanReport['securityHubDisagreements']): string[] => {
  if (disagreements === undefined) return [];
  if (disagreements.length === 0) return ['Security Hub agrees with every verdict (or has no finding).'];
  return [
    `Security Hub disagrees on ${disagreements.length} ${disagreements.length === 1 ? 'point' : 'points'}:`,
    ...disagreements.map((d) => printable(`  ${d.resource}: ${d.what}`)),
  ];
};

/**
 * A readable table (status, kind, name, VPC, EVR, what is missing), a summary line and every cluster's and
 * workgroup's full explanation.
 */
export const formatTable = (report: ScanReport, style: TableStyle = { color: false }): string => {
  const { evaluations, summary } = report;
  const where = report.regions.length === 1 ? report.region : `${report.regions.length} Regions`;
  // The kinds scanned, and any other an evaluation has (a report built without them).
  const kinds = RESOURCE_KINDS.filter((k) => kindsOf(report).includes(k) || evaluations.some((e) => e.kind === k));
  if (evaluations.length === 0)
    return `No ${kinds.map((k) => `${KINDS[k].service} ${KINDS[k].plural}`).join(' or ')} in ${where}.\n`;
  const multiRegion = report.regions.length > 1;
  const multiAccount = (report.accounts?.length ?? 0) > 1;
  const disagreements = report.securityHubDisagreements;
  const hub = disagreements !== undefined;
  const rows = [
    [
      'STATUS',
      'KIND',
      'NAME',
      ...(multiAccount ? ['ACCOUNT'] : []),
      ...(multiRegion ? ['REGION'] : []),
      'VPC',
      'EVR',
      ...(hub ? ['HUB'] : []),
      'DETAIL',
    ],
    ...evaluations.map((e) =>
      [
        e.complianceType,
        e.kind,
        e.clusterIdentifier,
        ...(multiAccount ? [e.accountId ?? '-'] : []),
        ...(multiRegion ? [e.region] : []),
        e.vpcId ?? '-',
        e.enhancedVpcRouting ? 'on' : 'off',
        ...(hub ? [hubCell(e.securityHub)] : []),
        detail(e),
      ].map(printable),
    ),
  ];
  const explained = evaluations.filter(
    (e) => e.complianceType === 'NON_COMPLIANT' || e.problems.length > 0 || e.usage !== undefined,
  );
  // concat, not push(...): a spread of 100,000+ lines overflows the call stack.
  const lines = renderRows(rows, style).concat(
    '',
    `${countsOf(evaluations, kinds)} in ${multiAccount ? `${report.accounts?.length} accounts, ` : ''}${where}: ${counted(summary)}`,
    multiAccount ? perAccount(report, kinds) : [],
    hubLines(disagreements),
    explained.length > 0 ? [''] : [],
    explained.flatMap((e) => explain(e, { multiRegion, multiAccount }).map(printable)),
  );
  return `${lines.join('\n')}\n`;
};
