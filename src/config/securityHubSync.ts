import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SyncReport } from '../aws/securityHubFindings.ts';
import { syncedEvaluationOf } from '../core/findingSync.ts';
import type { ClusterEvaluation } from '../core/types.ts';
import type { RuleLogger } from './runConfigRule.ts';

/** What the log and the run's result say of a sync. */
export interface SecurityHubSyncSummary {
  readonly resources: number;
  readonly findings: number;
  readonly decided: number;
  readonly updated: number;
  readonly unprocessed: number;
  /** Why it stopped early (Security Hub not enabled, denied, throttled, out of time). */
  readonly problem?: string;
}

export interface SecurityHubSyncDeps {
  /** The event account's Security Hub client (loaded on first use). */
  readonly client: () => Promise<SecurityHubClient>;
  readonly abortSignal: AbortSignal;
  /** Time the sync may take, in ms. */
  readonly msLeft: () => number;
  readonly logger: RuleLogger;
  readonly accountId: string;
}

/**
 * After the rule has put its evaluations: sync the Security Hub findings of the resources it evaluated
 * (`SecurityHubSync`). Never throws: whatever fails is logged, and the evaluations already sent stand.
 */
export const syncEvaluatedFindings = async (
  decisions: readonly ClusterEvaluation[],
  deps: SecurityHubSyncDeps,
): Promise<SecurityHubSyncSummary> => {
  const items = decisions.flatMap((e) =>
    e.clusterArn === null ? [] : [{ resourceArn: e.clusterArn, evaluation: syncedEvaluationOf(e) }],
  );
  let report: SyncReport;
  try {
    if (items.length === 0) return { resources: 0, findings: 0, decided: 0, updated: 0, unprocessed: 0 };
    // Loaded on first use: only runs with SecurityHubSync on pay for the Security Hub client at cold start.
    const { syncSecurityHubFindings } = await import('../aws/securityHubFindings.ts');
    report = await syncSecurityHubFindings(await deps.client(), items, {
      abortSignal: deps.abortSignal,
      msLeft: deps.msLeft,
    });
  } catch (error) {
    report = { findings: 0, decided: 0, updated: 0, unprocessed: [] };
    const summary = { ...summaryOf(items.length, report), problem: (error as Error).message };
    deps.logger.warn('Security Hub findings not synced', { accountId: deps.accountId, ...summary });
    return summary;
  }
  const summary = summaryOf(items.length, report);
  const attributes = {
    accountId: deps.accountId,
    ...summary,
    ...(report.unprocessed.length > 0 ? { unprocessedFindings: report.unprocessed.slice(0, 20) } : {}),
  };
  if (report.problem !== undefined || report.unprocessed.length > 0) {
    deps.logger.warn('Security Hub findings not all synced', attributes);
  } else {
    deps.logger.info('Security Hub findings synced', attributes);
  }
  return summary;
};

const summaryOf = (resources: number, r: SyncReport): SecurityHubSyncSummary => ({
  resources,
  findings: r.findings,
  decided: r.decided,
  updated: r.updated,
  unprocessed: r.unprocessed.length,
  ...(r.problem === undefined ? {} : { problem: r.problem.message }),
});
