/**
 * What the report formats (CSV, OCSF, ASFF) share: the finding's identifiers, its time, its texts and their
 * length limits. Pure: findings in, values out.
 */

import { partitionOfRegion } from '../../core/identifiers.ts';
import { MESSAGES } from '../../core/messages.ts';
import { KINDS } from '../../core/resourceKinds.ts';
import type { ResourceKind } from '../../core/types.ts';
import { InputError } from '../../errors.ts';
import type { ClusterFinding } from '../findings.ts';

/** The component that produced the finding: this project's check of the kind's control (`redshift-evr/Redshift.7`). */
export const generatorIdOf = (kind: ResourceKind): string => `redshift-evr/${KINDS[kind].control.id}`;
/** The Security Hub standard both controls (Redshift.7, RedshiftServerless.1) belong to. */
export const STANDARD_NAME = 'AWS Foundational Security Best Practices';
/** ASFF finding type (namespace/category); OCSF reuses it so both reports classify the finding alike. */
export const FINDING_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

/**
 * The resource's ARN. A cluster's is built from account, Region and identifier when the finding lacks it but knows
 * the account; a workgroup's ends in a UUID that only Redshift Serverless knows, so it is never built.
 */
export const clusterArnOf = (
  finding: Pick<ClusterFinding, 'clusterArn' | 'accountId' | 'kind' | 'region' | 'clusterIdentifier'>,
): string | null => {
  if (finding.clusterArn !== null) return finding.clusterArn;
  if (finding.accountId === null) return null;
  const build = KINDS[finding.kind].arnFromName;
  return (
    build?.(partitionOfRegion(finding.region), finding.region, finding.accountId, finding.clusterIdentifier) ?? null
  );
};

/** The partition: the ARN's when there is one (it is what AWS said), else the Region's. */
export const partitionOf = (finding: ClusterFinding): string => {
  const fromArn = finding.clusterArn?.split(':')[1];
  return fromArn !== undefined && fromArn !== '' ? fromArn : partitionOfRegion(finding.region);
};

/**
 * One id per resource and control, the same on every run: Security Hub updates a finding with the same Id instead of
 * adding one, and OCSF consumers correlate on `finding_info.uid`. Without an ARN the Region and name stand in, which
 * is unique only within one account (the caller's); the control keeps a cluster and a workgroup of one name apart.
 */
export const findingUid = (finding: ClusterFinding): string =>
  `${generatorIdOf(finding.kind)}/${clusterArnOf(finding) ?? `${finding.region}/${finding.clusterIdentifier}`}`;

/** ISO 8601 date and time with seconds optional and a zone required, so no local-time guessing. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `observedAt` in epoch milliseconds; a report must not carry a made-up time, so a bad one is an error. */
export const observedAtMs = (finding: ClusterFinding): number => {
  const ms = ISO_8601.test(finding.observedAt) ? Date.parse(finding.observedAt) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new InputError(
      `${KINDS[finding.kind].label} ${finding.clusterIdentifier}: observedAt "${finding.observedAt}" is not an ISO 8601 time with a time zone (e.g. 2024-05-01T12:00:00Z); record the snapshot again or scan live.`,
    );
  }
  return ms;
};

/** The finding's title: the control and the resource's name, as Security Hub's partner guide asks. */
export const titleOf = (finding: ClusterFinding): string => {
  const control = KINDS[finding.kind].control;
  return `${control.id} ${control.title}: ${finding.clusterIdentifier}`;
};

/** Summary first (the verdict), then every problem in full. */
export const descriptionOf = (finding: ClusterFinding): string => {
  const problems = finding.problems.map(MESSAGES.problemWithFix).join(' | ');
  const summary = finding.summary.trim() === '' ? `${KINDS[finding.kind].control.title}.` : finding.summary;
  return problems === '' ? summary : `${summary} Problems: ${problems}`;
};

/**
 * What to do, or null when nothing is to be done. The problems come first because turning enhanced VPC routing on
 * before they are fixed breaks COPY and UNLOAD; the last step is turning it on.
 */
export const remediationOf = (finding: ClusterFinding): string | null => {
  const steps = finding.problems.map(MESSAGES.problemWithFix);
  if (finding.complianceType === 'NON_COMPLIANT' && finding.enhancedVpcRouting === false) {
    const id = finding.clusterIdentifier;
    const turn = `${steps.length > 0 ? 'Then turn' : 'Turn'} on enhanced VPC routing:`;
    const kind = KINDS[finding.kind];
    steps.push(
      `${turn} redshift-evr remediate ${kind.name.flag} ${id} (checks the prerequisites first), or ${kind.enableCommand(id)}.`,
    );
  }
  return steps.length > 0 ? steps.join(' | ') : null;
};

/**
 * At most `max` UTF-16 code units (what AWS length limits count), cut on a character boundary with an ellipsis, so
 * a long problem list shortens the text instead of getting the whole finding rejected.
 */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length + 1 > max) break;
    kept += char;
  }
  return `${kept}…`;
};
