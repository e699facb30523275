/**
 * The report of `redshift-evr report --aggregator`: the scan report's shape (docs/report.md), built from the rule
 * results an AWS Config aggregator collected in every account and Region, with what the aggregator cannot know
 * left null or empty.
 */
import type { AggregatedResult, AggregatedRule } from '../aws/aggregator.ts';
import { factsFromAnnotation } from '../core/annotationFacts.ts';
import { KINDS, kindOfConfigType } from '../core/resourceKinds.ts';
import type { Summary } from '../core/summary.ts';
import { type ComplianceType, RESOURCE_KINDS, type ResourceKind } from '../core/types.ts';
import { RULE_SPECS } from '../deploy/ruleSpec.ts';
import { severityOf } from './findings.ts';
import type { ReportedCluster, ScanReport } from './report.ts';

/**
 * One resource's stored result: the scan entry's fields, where the EVR flag is what the annotation says (else
 * null), the status, public access, VPC and subnets are unknown (null, empty), and `configRuleName` says which
 * rule (in which account's naming) the result came from.
 */
export type AggregatedEntry = Omit<ReportedCluster, 'enhancedVpcRouting' | 'publiclyAccessible' | 'clusterStatus'> & {
  readonly enhancedVpcRouting: boolean | null;
  readonly publiclyAccessible: null;
  readonly clusterStatus: null;
  readonly configRuleName: string;
};

/** The report: ScanReport's fields, plus the aggregator and the accounts, entries ready to remediate first. */
export type AggregateReport = Omit<ScanReport, 'evaluations'> & {
  readonly aggregator: string;
  readonly accounts: readonly string[];
  readonly evaluations: readonly AggregatedEntry[];
};

const COMPLIANCE_TYPES: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

/**
 * Whether an aggregated rule name is this project's rule of `base`: the name itself (a stack), the name with
 * the suffix AWS Config gives a conformance pack's rules (`<base>-conformance-pack-<id>`), or an organization
 * rule's member name (`OrgConfigRule-<base>-<id>`).
 */
export const isOurRuleName = (name: string, base: string): boolean =>
  name === base ||
  (name.startsWith(`${base}-conformance-pack-`) && /^[a-z0-9]+$/i.test(name.slice(base.length + 18))) ||
  (name.startsWith(`OrgConfigRule-${base}-`) && /^[a-z0-9]+$/i.test(name.slice(base.length + 15)));

/** The aggregated rule names that are this project's rules (`explicit` when given: exactly those). */
export const matchRuleNames = (found: readonly AggregatedRule[], explicit: readonly string[] | undefined): string[] => {
  const names = [...new Set(found.map((r) => r.ruleName))].sort();
  if (explicit !== undefined) return names.filter((n) => explicit.includes(n));
  const bases = RESOURCE_KINDS.map((kind) => RULE_SPECS[kind].configRuleName);
  return names.filter((n) => bases.some((base) => isOurRuleName(n, base)));
};

/** One entry from one stored result; undefined for a resource type that is not a cluster or workgroup. */
const toEntry = (r: AggregatedResult): AggregatedEntry | undefined => {
  const kind = kindOfConfigType(r.resourceType);
  const complianceType = COMPLIANCE_TYPES.find((c) => c === r.complianceType);
  if (kind === undefined || complianceType === undefined) return undefined;
  const facts = factsFromAnnotation(complianceType, r.annotation);
  return {
    kind,
    clusterIdentifier: r.resourceId,
    // A cluster's ARN follows from its name (formats build it); a workgroup's ends in an id only Redshift
    // Serverless knows, so neither is made up here.
    clusterArn: null,
    accountId: r.accountId,
    complianceType,
    annotation: r.annotation,
    enhancedVpcRouting: facts.enhancedVpcRouting,
    publiclyAccessible: null,
    clusterStatus: null,
    vpcId: null,
    prerequisitesMet: facts.prerequisitesMet,
    missing: [],
    subnets: [],
    problems: [],
    exemption: null,
    ignoredExemption: null,
    region: r.region,
    controlId: KINDS[kind].control.id,
    severity: severityOf(complianceType, kind),
    observedAt: r.evaluatedAt ?? '',
    configRuleName: r.ruleName,
  };
};

/** Ready to remediate, as the rule's annotation says it. */
export const isReadyEntry = (e: AggregatedEntry): boolean =>
  factsFromAnnotation(e.complianceType, e.annotation).readyToRemediate;

/** Ready first, then NON_COMPLIANT, COMPLIANT, NOT_APPLICABLE; then by account, Region, kind and name. */
const rank = (e: AggregatedEntry): number =>
  isReadyEntry(e) ? 0 : e.complianceType === 'NON_COMPLIANT' ? 1 : e.complianceType === 'COMPLIANT' ? 2 : 3;

const order = (a: AggregatedEntry, b: AggregatedEntry): number =>
  rank(a) - rank(b) ||
  (a.accountId ?? '').localeCompare(b.accountId ?? '') ||
  a.region.localeCompare(b.region) ||
  RESOURCE_KINDS.indexOf(a.kind) - RESOURCE_KINDS.indexOf(b.kind) ||
  a.clusterIdentifier.localeCompare(b.clusterIdentifier);

/** Counts per compliance type and of those ready to remediate. */
export const summarizeEntries = (entries: readonly AggregatedEntry[]): Summary => {
  const summary = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, readyToRemediate: 0 };
  for (const e of entries) {
    summary[e.complianceType] += 1;
    if (isReadyEntry(e)) summary.readyToRemediate += 1;
  }
  return summary;
};

/** What the report covers: the aggregator, the kinds its rules report, the accounts and Regions read. */
export interface AggregateScope {
  readonly aggregator: string;
  readonly kinds: readonly ResourceKind[];
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/** The report of these stored results; results of other resource types are left out (counted in `skipped`). */
export const toAggregateReport = (
  results: readonly AggregatedResult[],
  scope: AggregateScope,
  generatedAt: string,
): { readonly report: AggregateReport; readonly skipped: number } => {
  const entries = results.flatMap((r) => toEntry(r) ?? []);
  const evaluations = [...entries].sort(order);
  const kinds = RESOURCE_KINDS.filter((k) => scope.kinds.includes(k) || entries.some((e) => e.kind === k));
  const controlIds = kinds.map((k) => KINDS[k].control.id);
  const regions = [...new Set(scope.regions)].sort();
  return {
    report: {
      region: regions[0] ?? '',
      regions,
      controlId: controlIds.length === 1 ? (controlIds[0] ?? null) : null,
      controlIds,
      generatedAt,
      aggregator: scope.aggregator,
      accounts: [...new Set(scope.accounts)].sort(),
      evaluations,
      summary: summarizeEntries(evaluations),
    },
    skipped: results.length - entries.length,
  };
};

/** The kinds whose rule a matched name is (a name given with --rule may be neither: its results say). */
export const kindsOfRuleNames = (names: readonly string[]): ResourceKind[] =>
  RESOURCE_KINDS.filter((kind) => names.some((n) => isOurRuleName(n, RULE_SPECS[kind].configRuleName)));
