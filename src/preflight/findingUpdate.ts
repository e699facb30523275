/**
 * The runbook's side of the Security Hub sync (`UpdateSecurityHubFinding`): the preflight marks the finding of the
 * resource it evaluated as the rule's sync would (exempt → SUPPRESSED, blocked → NOTIFIED, each with its note),
 * and after a verified change (`ChangedByExecution`) notes it and sets it RESOLVED. The function writes only what
 * its own evaluation shows, never what the caller says: a runbook in another account cannot resolve a finding
 * whose resource still has the routing off.
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { syncSecurityHubFindings } from '../aws/securityHubFindings.ts';
import { decideChangeNote, syncedEvaluationOf } from '../core/findingSync.ts';
import { MESSAGES } from '../core/messages.ts';
import type { ClusterEvaluation } from '../core/types.ts';

/** What the preflight answers of the finding (`securityHub`), for the runbook's output and the log. */
export interface FindingOutcome {
  /** `sync`: marked as the rule would; `change-note`: noted and RESOLVED after the change. */
  readonly action: 'sync' | 'change-note';
  /** Active findings of the resource's control that were read, and of those updated. */
  readonly findings: number;
  readonly updated: number;
  /** Why nothing (or not everything) was updated: Security Hub off, denied, throttled, out of time … */
  readonly problem?: string;
}

/** What the finding update needs besides the evaluation. */
export interface FindingUpdateRequest {
  /** The Automation execution whose change this notes; undefined: mark the finding as the rule would. */
  readonly changedByExecution: string | undefined;
  /** The preflight's explanation of the evaluation (what the note after a change quotes). */
  readonly explanation: string;
  readonly skipped: boolean;
  /** What the runbook's watch found after the change (WatchMinutes), added to the note after a change. */
  readonly afterwards?: string;
  readonly client: () => Promise<SecurityHubClient>;
  readonly msLeft?: () => number;
}

/**
 * Update the finding of the evaluated resource. Never throws: a missing Security Hub, no finding or a denied
 * call is an outcome with a problem, and the preflight's decision stands whatever happens here.
 */
export const updateFinding = async (
  evaluation: ClusterEvaluation,
  request: FindingUpdateRequest,
): Promise<FindingOutcome> => {
  // A note after a change only for a change that holds: with the routing off the finding is marked as the rule
  // would mark it.
  const change = request.changedByExecution !== undefined && evaluation.enhancedVpcRouting;
  const action = change ? 'change-note' : 'sync';
  if (evaluation.clusterArn === null) return { action, findings: 0, updated: 0, problem: 'The resource has no ARN.' };
  try {
    const report = await syncSecurityHubFindings(
      await request.client(),
      [{ resourceArn: evaluation.clusterArn, evaluation: syncedEvaluationOf(evaluation) }],
      request.msLeft ? { msLeft: request.msLeft } : {},
      change
        ? (_, finding) =>
            decideChangeNote(
              {
                kind: evaluation.kind,
                executionId: request.changedByExecution as string,
                // Met: what the path is (the decision's explanation only says the routing is on); else the problems.
                explanation:
                  evaluation.prerequisitesMet === true && evaluation.subnets.length > 0
                    ? MESSAGES.networkFound(evaluation.subnets)
                    : request.explanation,
                skipped: request.skipped,
                ...(request.afterwards === undefined ? {} : { afterwards: request.afterwards }),
              },
              finding,
            )
        : undefined,
    );
    const problem =
      report.problem?.message ??
      (report.unprocessed.length > 0 ? report.unprocessed.map((u) => u.error).join('; ') : undefined);
    return {
      action,
      findings: report.findings,
      updated: report.updated,
      ...(problem === undefined ? {} : { problem }),
    };
  } catch (error) {
    return { action, findings: 0, updated: 0, problem: (error as Error).message };
  }
};
