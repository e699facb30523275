import { ANNOTATION_LIMIT, cutAtWord, fitSentences } from './annotation.ts';
import { isModifiableStatus } from './clusterStates.ts';
import { judgeExemption } from './exemptionExpiry.ts';
import { MESSAGES, problemSentences } from './messages.ts';
import { evaluatePrerequisites, type PrerequisiteReport } from './prerequisites.ts';
import { problemsOf } from './problems.ts';
import { isInVpc, KINDS, locatingArnOf, vpcUnknownReasonOf } from './resourceKinds.ts';
import {
  type ClusterEvaluation,
  type ClusterFacts,
  type Exemption,
  type IgnoredExemption,
  type RuleOptions,
  type UnverifiedReason,
  unknown,
  type VpcNetworkFacts,
} from './types.ts';
import { toUsageReport, type UsageFacts } from './usage.ts';

/** The decision, before it is rendered for people. */
export type Verdict =
  | { readonly complianceType: 'COMPLIANT'; readonly report: PrerequisiteReport | null }
  | { readonly complianceType: 'NON_COMPLIANT'; readonly report: PrerequisiteReport | null }
  | { readonly complianceType: 'NOT_APPLICABLE'; readonly reason: string; readonly exemption?: Exemption };

/**
 * Tagged with the rule's exemption tag key (the value is the reason) and not expired at `at`
 * (src/core/exemptionExpiry.ts).
 */
export const isExempt = (cluster: ClusterFacts, options: Pick<RuleOptions, 'exemptionTagKey'>, at: Date): boolean =>
  judgeExemption(cluster.tags, options.exemptionTagKey, at).kind === 'exempt';

/** Network facts for a cluster whose VPC could not even be determined. */
const unknownNetwork = (cluster: ClusterFacts): VpcNetworkFacts => {
  const reason: UnverifiedReason = cluster.subnetIds.known
    ? (vpcUnknownReasonOf(cluster) ?? { kind: 'vpc-unknown' })
    : cluster.subnetIds.reason;
  return {
    vpcId: cluster.vpcId ?? 'unknown',
    routeTables: unknown(reason),
    s3Endpoints: unknown(reason),
    enableDnsSupport: unknown(reason),
    enableDnsHostnames: unknown(reason),
    s3PrefixListId: unknown(reason),
    s3PrefixListCidrs: unknown(reason),
    securityGroups: unknown(reason),
    networkAcls: unknown(reason),
    blockPublicAccess: unknown(reason),
  };
};

/**
 * Decide compliance for one cluster (docs/report.md, "Verdicts"); `network` is the cluster's VPC, or undefined
 * when PrerequisiteMode is `off` or the VPC could not be determined.
 */
const decideVerdict = (
  cluster: ClusterFacts,
  network: VpcNetworkFacts | undefined,
  options: RuleOptions,
  exemption: Exemption | undefined,
  usage: UsageFacts | undefined,
): Verdict => {
  if (!isInVpc(cluster)) return { complianceType: 'NOT_APPLICABLE', reason: MESSAGES.notInVpc };
  if (exemption !== undefined) {
    return { complianceType: 'NOT_APPLICABLE', reason: MESSAGES.exempt(exemption.tagKey, exemption.reason), exemption };
  }
  const mode = options.prerequisiteMode;
  const report =
    mode === 'off' ? null : evaluatePrerequisites(cluster, network ?? unknownNetwork(cluster), options, usage);
  if (!cluster.enhancedVpcRouting) return { complianceType: 'NON_COMPLIANT', report };
  switch (mode) {
    case 'off':
    case 'report':
      return { complianceType: 'COMPLIANT', report };
    case 'enforce':
      return { complianceType: report?.met === true ? 'COMPLIANT' : 'NON_COMPLIANT', report };
    default: {
      const never: never = mode;
      throw new TypeError(`unhandled PrerequisiteMode ${String(never)}`);
    }
  }
};

/** The annotation, within `limit` characters. */
const annotate = (cluster: ClusterFacts, verdict: Verdict, options: RuleOptions, limit: number): string => {
  if (verdict.complianceType === 'NOT_APPLICABLE') return fitSentences(() => [verdict.reason], limit);
  const { report } = verdict;
  const head = cluster.enhancedVpcRouting ? MESSAGES.evrOn : MESSAGES.evrOff;
  if (report === null) {
    return cluster.enhancedVpcRouting
      ? head
      : fitSentences(() => [head, MESSAGES.prerequisitesNotChecked(options.prerequisiteMode)], limit);
  }
  if (report.met === true) {
    if (cluster.enhancedVpcRouting) return head;
    // Ready only if Redshift will take the change: a deleting or broken cluster is not "ready to remediate".
    if (!isModifiableStatus(cluster.clusterStatus, cluster.kind)) {
      return fitSentences(
        () => [head, MESSAGES.notModifiable(cluster.clusterStatus, cluster.kind), MESSAGES.networkReady],
        limit,
      );
    }
    return fitSentences(() => [head, MESSAGES.readyToRemediate(report)], limit);
  }
  let lead: string;
  if (!cluster.enhancedVpcRouting) lead = report.met === false ? MESSAGES.fixFirst : MESSAGES.notVerifiedReady;
  else if (verdict.complianceType === 'NON_COMPLIANT') {
    lead = report.met === false ? MESSAGES.onButMissing : MESSAGES.onButUnverified;
  } else lead = report.met === false ? MESSAGES.warnMissing : MESSAGES.warnUnverified;
  const opening = cluster.enhancedVpcRouting && verdict.complianceType === 'NON_COMPLIANT' ? lead : `${head} ${lead}`;
  return fitSentences((maxIds) => [opening, ...problemSentences(report, cluster.publiclyAccessible, maxIds)], limit);
};

/**
 * Room the sentence about an exemption that does not apply may take: the usual annotation after it keeps at
 * least this much (a 128-character tag key must not crowd out the verdict).
 */
const ANNOTATION_AFTER_NOTE = 80;

/**
 * An annotation within AWS Config's 256 characters that opens with the sentence about an exemption that does not
 * apply, then `render`s the usual annotation in the room left (at least ANNOTATION_AFTER_NOTE characters).
 */
export const afterIgnoredExemption = (ignored: IgnoredExemption, render: (limit: number) => string): string => {
  const note = cutAtWord(MESSAGES.ignoredExemption(ignored), ANNOTATION_LIMIT - ANNOTATION_AFTER_NOTE - 1);
  return `${note} ${render(ANNOTATION_LIMIT - note.length - 1)}`;
};

/**
 * The resource's ARN and account: a cluster's from its namespace ARN
 * (`arn:<partition>:redshift:<region>:<account>:namespace:<id>`), a workgroup's from its own ARN
 * (`arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<id>`).
 */
const locationOf = (
  cluster: ClusterFacts,
): { clusterArn: string; accountId: string; region: string; partition: string } | undefined => {
  const source = locatingArnOf(cluster);
  const [arn, partition, service, region, accountId] = source?.split(':') ?? [];
  const spec = KINDS[cluster.kind];
  if (
    arn !== 'arn' ||
    service !== spec.api.service ||
    !partition ||
    !region ||
    !accountId ||
    !/^\d{12}$/.test(accountId)
  ) {
    return undefined;
  }
  return {
    // A cluster's own ARN is built from its namespace's; a workgroup's ARN is its own.
    clusterArn: spec.arnFromName?.(partition, region, accountId, cluster.clusterIdentifier) ?? (source as string),
    accountId,
    region,
    partition,
  };
};

/**
 * Evaluate one cluster: the verdict, the prerequisite details and an annotation of at most 256 characters.
 * `at` is the time an exemption's end date is judged at (the rule's invocation, the scan's or snapshot's
 * observedAt, the preflight's clock): never the clock here.
 */
export const evaluateCluster = (
  cluster: ClusterFacts,
  network: VpcNetworkFacts | undefined,
  options: RuleOptions,
  at: Date,
  /** What usage discovery found (`scan --discover-usage`); undefined without it. */
  usage?: UsageFacts,
): ClusterEvaluation => {
  // Outside a VPC nothing is exempted from anything: no exemption is applied or reported as ignored.
  const judged = isInVpc(cluster) ? judgeExemption(cluster.tags, options.exemptionTagKey, at) : undefined;
  const exemption = judged?.kind === 'exempt' ? judged.exemption : undefined;
  const ignored = judged?.kind === 'ignored' ? judged.ignored : null;
  const verdict = decideVerdict(cluster, network, options, exemption, usage);
  const report = verdict.complianceType === 'NOT_APPLICABLE' ? null : verdict.report;
  const where = locationOf(cluster);
  return {
    kind: cluster.kind,
    clusterIdentifier: cluster.clusterIdentifier,
    clusterArn: where?.clusterArn ?? null,
    accountId: where?.accountId ?? null,
    complianceType: verdict.complianceType,
    annotation:
      ignored === null
        ? annotate(cluster, verdict, options, ANNOTATION_LIMIT)
        : afterIgnoredExemption(ignored, (limit) => annotate(cluster, verdict, options, limit)),
    enhancedVpcRouting: cluster.enhancedVpcRouting,
    publiclyAccessible: cluster.publiclyAccessible,
    clusterStatus: cluster.clusterStatus,
    vpcId: report?.vpcId ?? cluster.vpcId ?? null,
    prerequisitesMet: report?.met ?? null,
    missing: report?.missing ?? [],
    subnets: (report?.subnets ?? []).map(({ subnetId, routeTableId, s3Path, networkAclId }) => ({
      subnetId,
      routeTableId,
      s3Path,
      networkAclId,
    })),
    problems: report === null ? [] : problemsOf(report, cluster.publiclyAccessible, where),
    exemption: verdict.complianceType === 'NOT_APPLICABLE' ? (verdict.exemption ?? null) : null,
    ignoredExemption: ignored,
    ...(usage === undefined ? {} : { usage: toUsageReport(usage) }),
  };
};

/** A NON_COMPLIANT, modifiable cluster whose prerequisites are verified: the runbook can enable EVR safely. */
export const isReadyToRemediate = (e: ClusterEvaluation): boolean =>
  e.complianceType === 'NON_COMPLIANT' &&
  !e.enhancedVpcRouting &&
  e.prerequisitesMet === true &&
  isModifiableStatus(e.clusterStatus, e.kind);
