/**
 * The runbooks' watch after the change (WatchMinutes): read the resource's records of failed S3 requests and failed
 * COPY/UNLOAD statements through the Data API and judge them (src/core/postChangeWatch.ts). The runbook rolls the
 * change back on `failing` when RollbackOnFailure is true; `unverified` (the Data API denied, a statement failed or
 * timed out) never leads to a rollback.
 */
import type { DataApiTarget, DataRow } from '../aws/redshiftData.ts';
import { isRecord } from '../core/identifiers.ts';
import {
  judgeWatch,
  parseWatchRows,
  WATCH_MINUTES,
  type WatchVerdict,
  watchStatements,
  watchSummary,
} from '../core/postChangeWatch.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { InputError } from '../errors.ts';
import {
  nameOf,
  type PreflightInput,
  type PreflightTarget,
  parseConnection,
  parsePreflightInput,
  targetOf,
} from './runPreflight.ts';

/** The `Action` of a runbook's CheckPipelines call. */
export const WATCH_ACTION = 'watch-pipelines';

/** What CheckPipelines sends: the preflight's fields, and the watch's. */
export type WatchInput = PreflightInput & {
  readonly watchMinutes: number;
  /** When the re-check decided the change (the preflight's `decidedAt`): the baseline ends there. */
  readonly changeStartedAt: Date;
  readonly database: string;
  readonly dbUser: string | undefined;
};

/** What the runbook branches on: `"verdict":"failing"` leads to the rollback when RollbackOnFailure is true. */
export type WatchResult = PreflightTarget & {
  readonly verdict: WatchVerdict['verdict'] | 'unverified';
  readonly summary: string;
  readonly watch: WatchVerdict | null;
};

const FIX = "Check the runbook's parameters.";

const text = (payload: Record<string, unknown>, key: string): string | undefined => {
  const value = payload[key];
  return value === undefined || value === null || value === '' ? undefined : String(value);
};

/**
 * Whether a payload is a CheckPipelines call (else it is a preflight).
 */
export const isWatchRequest = (payload: unknown): boolean => isRecord(payload) && payload.Action === WATCH_ACTION;

/**
 * Validate a CheckPipelines payload.
 * @throws InputError naming the field, the value and the fix.
 */
export const parseWatchInput = (payload: Record<string, unknown>): WatchInput => {
  const base = parsePreflightInput(payload);
  const minutes = Number(text(payload, 'WatchMinutes'));
  if (!WATCH_MINUTES.includes(minutes as never) || minutes === 0) {
    throw new InputError(
      `Watch input "WatchMinutes" must be one of ${WATCH_MINUTES.filter((m) => m > 0).join(', ')}, got ${JSON.stringify(payload.WatchMinutes)}. ${FIX}`,
    );
  }
  const started = text(payload, 'ChangeStartedAt');
  const changeStartedAt = new Date(started ?? '');
  if (started === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(started) || Number.isNaN(changeStartedAt.getTime())) {
    throw new InputError(
      `Watch input "ChangeStartedAt" must be the re-check's decidedAt (an ISO 8601 time), got ${JSON.stringify(payload.ChangeStartedAt)}. The preflight function predates the watch: update the stack that deploys it.`,
    );
  }
  const { database, dbUser } = parseConnection(payload, base.kind);
  return { ...base, watchMinutes: minutes, changeStartedAt, database, dbUser };
};

/** Where the statements run, as whom: a database user's temporary credentials, else the caller's IAM identity. */
export const dataApiTargetOf = (input: WatchInput): DataApiTarget => ({
  parameter: KINDS[input.kind].usage.dataApiParameter,
  name: nameOf(input),
  database: input.database,
  ...(input.dbUser === undefined ? {} : { dbUser: input.dbUser }),
});

export interface WatchDeps {
  /** Run one read-only statement on the resource and return its rows. */
  readonly runSql: (sql: string) => Promise<readonly DataRow[]>;
  readonly now: () => Date;
}

/**
 * Read and judge. Never throws for AWS: a failure to read is `unverified`, with why.
 */
export const watchPipelines = async (input: WatchInput, deps: WatchDeps): Promise<WatchResult> => {
  const target = targetOf(input);
  const until = deps.now();
  // The runbook slept WatchMinutes from the moment the resource was available again.
  const changedAt = new Date(until.getTime() - input.watchMinutes * 60_000);
  try {
    const rows: DataRow[] = [];
    for (const sql of watchStatements(input.kind, input.changeStartedAt)) rows.push(...(await deps.runSql(sql)));
    const watch = judgeWatch(parseWatchRows(rows), input.changeStartedAt, changedAt, until);
    return {
      ...target,
      verdict: watch.verdict,
      summary: watchSummary(watch, input.watchMinutes),
      watch,
    };
  } catch (error) {
    return {
      ...target,
      verdict: 'unverified',
      summary: `The watch could not read the ${input.kind}'s records (${(error as Error).message}); nothing is rolled back on an unverified watch. Check the function's Data API permissions (docs/permissions.md) and the Database and DbUser parameters.`,
      watch: null,
    };
  }
};
