/**
 * What the rule's verdict means for the Security Hub finding of the same resource. Security Hub evaluates
 * Redshift.7 and RedshiftServerless.1 itself, so its finding stays FAILED for a resource this project calls
 * exempt (NOT_APPLICABLE by tag) or blocked (NON_COMPLIANT, but not safe to remediate yet). The sync marks
 * such findings for the people who triage them: exempt → SUPPRESSED, blocked → NOTIFIED, each with a note
 * saying why, and undoes its own marks when they no longer hold. Pure: the adapter (src/aws/securityHubFindings.ts)
 * reads the findings and applies the updates.
 *
 * Workflow statuses and Note: AWS Security Hub API Reference, `Workflow.Status` (NEW, NOTIFIED, SUPPRESSED,
 * RESOLVED) and `NoteUpdate` (Text 1-512 characters, UpdatedBy 1-512 characters).
 */
import { cutAtWord } from './annotation.ts';
import { isReadyToRemediate } from './evaluateCluster.ts';
import { MESSAGES } from './messages.ts';
import { KINDS } from './resourceKinds.ts';
import type { ClusterEvaluation, ComplianceType, Exemption, ResourceKind } from './types.ts';

/** `Workflow.Status` of an ASFF finding. */
export type WorkflowStatus = 'NEW' | 'NOTIFIED' | 'SUPPRESSED' | 'RESOLVED';
/** `Compliance.Status` of a control finding. */
export type HubComplianceStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';
/**
 * The statuses the sync sets. RESOLVED only after a verified change by the runbook (the pattern of AWS's
 * Automated Security Response); the rule's sync never resolves a finding, that is Security Hub's or a person's.
 */
export type SyncedStatus = WorkflowStatus;

/** BatchUpdateFindings' `Note.Text` limit. */
export const NOTE_LIMIT = 512;
/** `Note.UpdatedBy` of every update, and the mark at the end of every note the sync writes. */
export const NOTE_AUTHOR = 'redshift-evr';
const NOTE_MARK = ` (${NOTE_AUTHOR})`;

/** What the sync needs of one evaluation. */
export interface SyncedEvaluation {
  readonly kind: ResourceKind;
  readonly complianceType: ComplianceType;
  /** The rule's annotation (at most 256 characters). */
  readonly annotation: string;
  readonly exemption: Exemption | null;
  /** NON_COMPLIANT and safe to remediate now (isReadyToRemediate): not blocked. */
  readonly readyToRemediate: boolean;
}

/** What the sync needs of the resource's current Security Hub finding. */
export interface HubFinding {
  readonly id: string;
  readonly productArn: string;
  readonly workflowStatus: WorkflowStatus;
  /** The finding's `Note.Text` (Security Hub keeps only the latest); null when it has none. */
  readonly noteText: string | null;
  readonly complianceStatus: HubComplianceStatus | null;
}

/** One BatchUpdateFindings change for one finding. */
export interface FindingUpdate {
  readonly findingId: string;
  readonly productArn: string;
  readonly workflowStatus: SyncedStatus;
  readonly note: string;
  /**
   * Why, for the log: exempt, blocked, or a mark of ours that no longer holds; `changed`: the runbook enabled
   * enhanced VPC routing; `off-again`: a finding resolved after such a change, with the routing off again.
   */
  readonly reason: 'exempt' | 'blocked' | 'no-longer-exempt' | 'no-longer-blocked' | 'changed' | 'off-again';
}

/** Whether the sync wrote this note (so the finding's status is the sync's to change back). */
export const isOurNote = (text: string | null): boolean => text?.endsWith(NOTE_MARK) ?? false;

/** A note of the sync: the text, cut to fit, and the mark. */
export const ourNote = (text: string): string => `${cutAtWord(text, NOTE_LIMIT - NOTE_MARK.length)}${NOTE_MARK}`;

/** What the sync needs of a rule (or preflight) evaluation. */
export const syncedEvaluationOf = (e: ClusterEvaluation): SyncedEvaluation => ({
  kind: e.kind,
  complianceType: e.complianceType,
  annotation: e.annotation,
  exemption: e.exemption,
  readyToRemediate: isReadyToRemediate(e),
});

/** NON_COMPLIANT and not safe to remediate: something must be fixed (or verified) first. */
export const isBlocked = (e: SyncedEvaluation): boolean =>
  e.complianceType === 'NON_COMPLIANT' && !e.readyToRemediate && e.exemption === null;

/** The status and note the finding should have, with the reason; undefined: no mark of the sync's. */
const targetOf = (
  e: SyncedEvaluation,
  finding: HubFinding,
): Pick<FindingUpdate, 'workflowStatus' | 'note' | 'reason'> | undefined => {
  if (e.exemption !== null) {
    return {
      workflowStatus: 'SUPPRESSED',
      note: ourNote(MESSAGES.exempt(e.exemption.tagKey, e.exemption.reason)),
      reason: 'exempt',
    };
  }
  if (isBlocked(e)) return { workflowStatus: 'NOTIFIED', note: ourNote(e.annotation), reason: 'blocked' };
  // Neither: only a mark of ours that no longer holds is undone (back to NEW, saying why).
  if (!isOurNote(finding.noteText)) return undefined;
  const noun = KINDS[e.kind].noun;
  if (finding.workflowStatus === 'SUPPRESSED') {
    return {
      workflowStatus: 'NEW',
      note: ourNote(`The ${noun} is no longer exempt: ${e.annotation}`),
      reason: 'no-longer-exempt',
    };
  }
  if (finding.workflowStatus === 'NOTIFIED') {
    return {
      workflowStatus: 'NEW',
      note: ourNote(`The ${noun} is no longer blocked: ${e.annotation}`),
      reason: 'no-longer-blocked',
    };
  }
  return undefined;
};

/**
 * The BatchUpdateFindings change to make to a resource's finding, or undefined for none:
 * - only a FAILED finding that is not RESOLVED is ever changed;
 * - a finding someone else SUPPRESSED or NOTIFIED (its note is not the sync's) is left alone, except that an
 *   exemption tag (a deliberate decision by the resource's owners) suppresses a NOTIFIED one;
 * - exempt → SUPPRESSED, blocked → NOTIFIED, each with a note; a SUPPRESSED or NOTIFIED of the sync's that no
 *   longer holds → NEW, with a note saying why;
 * - nothing when the status and the note would stay the same (no churn), so deciding again after the update is
 *   applied changes nothing.
 */
export const decideFindingUpdate = (e: SyncedEvaluation, finding: HubFinding): FindingUpdate | undefined => {
  if (finding.complianceStatus !== 'FAILED') return undefined;
  if (finding.workflowStatus === 'RESOLVED') return reopened(e, finding);
  const ours = isOurNote(finding.noteText);
  if (finding.workflowStatus === 'SUPPRESSED' && !ours) return undefined;
  const target = targetOf(e, finding);
  if (target === undefined) return undefined;
  if (finding.workflowStatus === 'NOTIFIED' && !ours && target.workflowStatus !== 'SUPPRESSED') return undefined;
  if (target.workflowStatus === finding.workflowStatus && target.note === finding.noteText) return undefined;
  return { findingId: finding.id, productArn: finding.productArn, ...target };
};

/**
 * A finding the runbook resolved after its change (its note is ours) that Security Hub still calls FAILED while
 * the rule does not find the routing on (turned off again, or the resource replaced): marked as any other FAILED
 * finding would be, or back to NEW saying so. Any other RESOLVED finding is left alone.
 */
const reopened = (e: SyncedEvaluation, finding: HubFinding): FindingUpdate | undefined => {
  if (!isOurNote(finding.noteText) || e.complianceType === 'COMPLIANT') return undefined;
  const target = targetOf(e, finding) ?? {
    workflowStatus: 'NEW' as const,
    note: ourNote(`Enhanced VPC routing is off again after the runbook's change: ${e.annotation}`),
    reason: 'off-again' as const,
  };
  return { findingId: finding.id, productArn: finding.productArn, ...target };
};

/** What the runbook's note after a verified change says, and how the network was checked. */
export interface ChangeNote {
  readonly kind: ResourceKind;
  /** The Automation execution that made the change. */
  readonly executionId: string;
  /** The preflight's explanation, read with the routing on (what it found of the network after the change). */
  readonly explanation: string;
  /** SkipPreflight: the network prerequisites were not checked. */
  readonly skipped: boolean;
  /** What the runbook's watch found after the change, when it watched. */
  readonly afterwards?: string;
}

/** The note the runbook leaves on the finding after a verified change. */
export const changeNoteText = (n: ChangeNote): string =>
  ourNote(
    `Enhanced VPC routing enabled by SSM Automation execution ${n.executionId}, verified on the ${KINDS[n.kind].noun}. ${
      n.skipped
        ? 'The network prerequisites were NOT checked (SkipPreflight=true).'
        : `After the change: ${n.explanation}`
    }${n.afterwards === undefined ? '' : ` ${n.afterwards}`}`,
  );

/**
 * After the runbook's verified change: every active finding of the resource's control becomes RESOLVED with a
 * note naming the execution (Security Hub's own next evaluation turns it PASSED). Nothing when it already says so.
 */
export const decideChangeNote = (note: ChangeNote, finding: HubFinding): FindingUpdate | undefined => {
  const text = changeNoteText(note);
  if (finding.workflowStatus === 'RESOLVED' && finding.noteText === text) return undefined;
  return {
    findingId: finding.id,
    productArn: finding.productArn,
    workflowStatus: 'RESOLVED',
    note: text,
    reason: 'changed',
  };
};

/** The finding as it is once `update` is applied (what the next decision sees). */
export const applyFindingUpdate = (finding: HubFinding, update: FindingUpdate): HubFinding => ({
  ...finding,
  workflowStatus: update.workflowStatus,
  noteText: update.note,
});
