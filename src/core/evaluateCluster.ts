import { fitSentences } from './annotation.ts';
import { isModifiableStatus } from './clusterStates.ts';
import { MESSAGES, problemSentences } from './messages.ts';
import { evaluatePrerequisites, type PrerequisiteReport } from './prerequisites.ts';
import { problemsOf } from './problems.ts';
import { isInVpc, KINDS, locatingArnOf, vpcUnknownReasonOf } from './resourceKinds.ts';
import {
  type ClusterEvaluation,
  type ClusterFacts,
  type RuleOptions,
  type UnverifiedReason,
  unknown,
  type VpcNetworkFacts,
} from './types.ts';

/** The decision, before it is rendered for people. */
export type Verdict =
  | { readonly complianceType: 'COMPLIANT'; readonly report: PrerequisiteReport | null }
  | { readonly complianceType: 'NON_COMPLIANT'; readonly report: PrerequisiteReport | null }
  | { readonly complianceType: 'NOT_APPLICABLE'; readonly reason: string; readonly exemptionTagKey?: string };

/** Tagged with the rule's exemption tag key (any value: the value is the reason). */
export const isExempt = (cluster: ClusterFacts, options: Pick<RuleOptions, 'exemptionTagKey'>): boolean =>
  options.exemptionTagKey !== undefined && Object.hasOwn(cluster.tags, options.exemptionTagKey);

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
const decideVerdict = (cluster: ClusterFacts, network: VpcNetworkFacts | undefined, options: RuleOptions): Verdict => {
  if (!isInVpc(cluster)) return { complianceType: 'NOT_APPLICABLE', reason: MESSAGES.notInVpc };
  const tagKey = options.exemptionTagKey;
  if (tagKey !== undefined && isExempt(cluster, options)) {
    return {
      complianceType: 'NOT_APPLICABLE',
      reason: MESSAGES.exempt(tagKey, cluster.tags[tagKey] ?? ''),
      exemptionTagKey: tagKey,
    };
  }
  const mode = options.prerequisiteMode;
  const report = mode === 'off' ? null : evaluatePrerequisites(cluster, network ?? unknownNetwork(cluster), options);
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

const annotate = (cluster: ClusterFacts, verdict: Verdict, options: RuleOptions): string => {
  if (verdict.complianceType === 'NOT_APPLICABLE') return fitSentences(() => [verdict.reason]);
  const { report } = verdict;
  const head = cluster.enhancedVpcRouting ? MESSAGES.evrOn : MESSAGES.evrOff;
  if (report === null) {
    return cluster.enhancedVpcRouting ? head : `${head} ${MESSAGES.prerequisitesNotChecked(options.prerequisiteMode)}`;
  }
  if (report.met === true) {
    if (cluster.enhancedVpcRouting) return head;
    // Ready only if Redshift will take the change: a deleting or broken cluster is not "ready to remediate".
    if (!isModifiableStatus(cluster.clusterStatus, cluster.kind)) {
      return fitSentences(() => [
        head,
        MESSAGES.notModifiable(cluster.clusterStatus, cluster.kind),
        MESSAGES.networkReady,
      ]);
    }
    return fitSentences(() => [head, MESSAGES.readyToRemediate(report)]);
  }
  let lead: string;
  if (!cluster.enhancedVpcRouting) lead = report.met === false ? MESSAGES.fixFirst : MESSAGES.notVerifiedReady;
  else if (verdict.complianceType === 'NON_COMPLIANT') {
    lead = report.met === false ? MESSAGES.onButMissing : MESSAGES.onButUnverified;
  } else lead = report.met === false ? MESSAGES.warnMissing : MESSAGES.warnUnverified;
  const opening = cluster.enhancedVpcRouting && verdict.complianceType === 'NON_COMPLIANT' ? lead : `${head} ${lead}`;
  return fitSentences((maxIds) => [opening, ...problemSentences(report, cluster.publiclyAccessible, maxIds)]);
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

/** Evaluate one cluster: the verdict, the prerequisite details and an annotation of at most 256 characters. */
export const evaluateCluster = (
  cluster: ClusterFacts,
  network: VpcNetworkFacts | undefined,
  options: RuleOptions,
): ClusterEvaluation => {
  const verdict = decideVerdict(cluster, network, options);
  const report = verdict.complianceType === 'NOT_APPLICABLE' ? null : verdict.report;
  const where = locationOf(cluster);
  return {
    kind: cluster.kind,
    clusterIdentifier: cluster.clusterIdentifier,
    clusterArn: where?.clusterArn ?? null,
    accountId: where?.accountId ?? null,
    complianceType: verdict.complianceType,
    annotation: annotate(cluster, verdict, options),
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
    exemption:
      verdict.complianceType === 'NOT_APPLICABLE' && verdict.exemptionTagKey !== undefined
        ? { tagKey: verdict.exemptionTagKey, reason: cluster.tags[verdict.exemptionTagKey] ?? '' }
        : null,
  };
};

/** A NON_COMPLIANT, modifiable cluster whose prerequisites are verified: the runbook can enable EVR safely. */
export const isReadyToRemediate = (e: ClusterEvaluation): boolean =>
  e.complianceType === 'NON_COMPLIANT' &&
  !e.enhancedVpcRouting &&
  e.prerequisitesMet === true &&
  isModifiableStatus(e.clusterStatus, e.kind);
