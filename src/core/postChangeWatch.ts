/**
 * After the change: did COPY, UNLOAD or Spectrum start failing to reach S3? The runbook (WatchMinutes) waits, then
 * reads the resource's own records of failed S3 requests and failed COPY/UNLOAD statements, for the watch period and
 * for the day before the change, and calls a failure new when its place (a bucket, else the kind of statement)
 * did not fail before the change. Pure: the SQL, the parsing of its rows and the verdict.
 *
 * Tables (Amazon Redshift Database Developer Guide): STL_S3CLIENT_ERROR (provisioned clusters only; `recordtime`,
 * `bucket`, `error`: "If you see multiple errors with 'Connection timed out', you might have a networking issue.
 * If you are using enhanced VPC routing, verify that you have a valid network path …") and SYS_QUERY_HISTORY (both
 * kinds; `start_time`, `query_type`, `status`, `error_message`, `query_text`).
 */
import { KINDS } from './resourceKinds.ts';
import type { ResourceKind } from './types.ts';

/** The watch periods the runbook offers, in minutes (0: no watch). */
export const WATCH_MINUTES = [0, 15, 30, 60, 120, 240] as const;
/** How far before the change the baseline reaches: a failure seen then is not the change's doing. */
export const BASELINE_HOURS = 24;
/** Rows read at most from each table. */
export const WATCH_ROW_LIMIT = 500;
/** Characters of a failed statement's text read (enough for its S3 location). */
const TEXT_CHARS = 400;

/** One recorded failure: when, where (a bucket, else the statement's kind), and what it said. */
export interface S3Failure {
  readonly at: string;
  readonly place: string;
  readonly error: string;
}

/** The watch's finding. */
export interface WatchVerdict {
  /** `failing`: failures that started after the change; `clean`: none. */
  readonly verdict: 'failing' | 'clean';
  /** The failures after the change at places that had none in the baseline, oldest first (at most 20). */
  readonly newFailures: readonly S3Failure[];
  /** Failures after the change at places that failed before it too (not the change's doing). */
  readonly preexisting: number;
  /** The periods compared (ISO 8601). */
  readonly baselineFrom: string;
  readonly changedAt: string;
  readonly until: string;
}

/** A time as a Redshift TIMESTAMP literal, UTC (`YYYY-MM-DD HH:MM:SS`): from a Date only, never from text. */
const literal = (at: Date): string => `'${at.toISOString().slice(0, 19).replace('T', ' ')}'`;

/**
 * The read-only statements of one watch: failed S3 requests (clusters) and failed COPY/UNLOAD statements, from the
 * start of the baseline on, each bounded.
 */
export const watchStatements = (kind: ResourceKind, changeStartedAt: Date): string[] => {
  const from = literal(new Date(changeStartedAt.getTime() - BASELINE_HOURS * 3_600_000));
  const statements = [
    `SELECT start_time AS at, TRIM(query_type) AS place, TRIM(error_message) AS error, LEFT(TRIM(query_text), ${TEXT_CHARS}) AS text FROM sys_query_history WHERE status = 'failed' AND query_type IN ('COPY', 'UNLOAD') AND start_time >= ${from} ORDER BY start_time LIMIT ${WATCH_ROW_LIMIT}`,
  ];
  // STL tables are not visible on Redshift Serverless.
  if (KINDS[kind].usage.logTables === 'stl') {
    statements.unshift(
      `SELECT recordtime AS at, TRIM(bucket) AS place, TRIM(error) AS error, '' AS text FROM stl_s3client_error WHERE recordtime >= ${from} ORDER BY recordtime LIMIT ${WATCH_ROW_LIMIT}`,
    );
  }
  return statements;
};

/** A row as the Data API returns it (column name → value). */
export type WatchRow = Readonly<Record<string, string | number | boolean | null>>;

/** The Data API's TIMESTAMP text (`2026-12-05 07:31:02.123456`, UTC) as ISO 8601; undefined when it is not one. */
const isoOf = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(value.trim());
  if (m === null) return undefined;
  const at = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
};

/** The bucket a failed statement names (`s3://bucket/…`), if any. */
const bucketIn = (text: string): string | undefined => /s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/i.exec(text)?.[1];

/** The failures in the rows of watchStatements (rows without a time are left out). */
export const parseWatchRows = (rows: readonly WatchRow[]): S3Failure[] =>
  rows.flatMap((row) => {
    const at = isoOf(row.at);
    if (at === undefined) return [];
    const text = typeof row.text === 'string' ? row.text : '';
    const named = typeof row.place === 'string' ? row.place.trim() : '';
    const place = bucketIn(text) ?? (named || 'unknown');
    return [{ at, place, error: typeof row.error === 'string' ? row.error.trim() : '' }];
  });

/** Failures listed at most. */
const LISTED = 20;

/**
 * The verdict: failures recorded after the change (`changedAt`, when the resource was available again) at places
 * that had none in the baseline. A bucket that failed before the change too is a problem of its own, not the
 * change's; the restart itself (between the change and `changedAt`) counts in neither period.
 */
export const judgeWatch = (
  failures: readonly S3Failure[],
  changeStartedAt: Date,
  changedAt: Date,
  until: Date,
): WatchVerdict => {
  const baselineFrom = new Date(changeStartedAt.getTime() - BASELINE_HOURS * 3_600_000);
  const time = (f: S3Failure) => Date.parse(f.at);
  const before = new Set(
    failures
      .filter((f) => time(f) >= baselineFrom.getTime() && time(f) < changeStartedAt.getTime())
      .map((f) => f.place),
  );
  const after = failures
    .filter((f) => time(f) >= changedAt.getTime() && time(f) <= until.getTime())
    .sort((a, b) => time(a) - time(b));
  const fresh = after.filter((f) => !before.has(f.place));
  return {
    verdict: fresh.length > 0 ? 'failing' : 'clean',
    newFailures: fresh.slice(0, LISTED),
    preexisting: after.length - fresh.length,
    baselineFrom: baselineFrom.toISOString(),
    changedAt: changedAt.toISOString(),
    until: until.toISOString(),
  };
};

/** One line on what the watch found, for the runbook's output and the finding's note. */
export const watchSummary = (v: WatchVerdict, minutes: number): string => {
  if (v.verdict === 'clean') {
    const old = v.preexisting > 0 ? ` (${v.preexisting} at places that failed before the change too)` : '';
    return `No COPY, UNLOAD or S3 request failed in the ${minutes} minutes after the change at a place that worked before it${old}.`;
  }
  const places = [...new Set(v.newFailures.map((f) => f.place))];
  const first = v.newFailures[0] as S3Failure;
  return `After the change, ${v.newFailures.length} COPY/UNLOAD or S3 request failure(s) at ${places.join(', ')}, which had none in the ${BASELINE_HOURS} hours before it; the first: ${first.error || '(no message)'}.`;
};
