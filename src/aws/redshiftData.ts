/**
 * The Redshift Data API: run one read-only statement on a cluster or workgroup and read its rows. ExecuteStatement,
 * then DescribeStatement with backoff until it ends, then GetStatementResult page by page (NextToken); a statement
 * still running at the deadline is cancelled (CancelStatement). Loaded on demand: only `scan --discover-usage`
 * needs it, so no other command (and not the rule's bundle) carries the client.
 *
 * How the Data API authenticates (Amazon Redshift Management Guide, "Authorizing access to the Amazon Redshift Data
 * API"): a cluster with `DbUser` uses temporary credentials (`redshift:GetClusterCredentials`), a cluster without one
 * the caller's IAM identity (`redshift:GetClusterCredentialsWithIAM`), a workgroup `redshift-serverless:GetCredentials`;
 * with `SecretArn`, the secret's user and password (`secretsmanager:GetSecretValue`).
 */
import {
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type Field,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { RedshiftEvrError } from '../errors.ts';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clientConfig.ts';

export const EXECUTE_STATEMENT = 'redshift-data:ExecuteStatement';
export const DESCRIBE_STATEMENT = 'redshift-data:DescribeStatement';
export const GET_STATEMENT_RESULT = 'redshift-data:GetStatementResult';
export const CANCEL_STATEMENT = 'redshift-data:CancelStatement';

/** Where a statement runs (a cluster or a workgroup, by the Data API parameter that names it), and as whom. */
export interface DataApiTarget {
  readonly parameter: 'ClusterIdentifier' | 'WorkgroupName';
  readonly name: string;
  readonly database: string;
  /** A cluster's database user (temporary credentials); with neither this nor `secretArn`, the caller's IAM identity. */
  readonly dbUser?: string;
  readonly secretArn?: string;
}

/** One row, by column name: a string, a number, a boolean, or null (SQL NULL). */
export type DataRow = Readonly<Record<string, string | number | boolean | null>>;

export interface StatementResult {
  readonly rows: readonly DataRow[];
  /** More rows were there than `maxRows`: the rest were not read. */
  readonly truncated: boolean;
}

/** How long a statement may run, how often it is polled, and how many rows are read. */
export interface StatementOptions {
  /** The statement is cancelled if it has not ended by then (ms from the start). */
  readonly timeoutMs: number;
  /** The first wait between DescribeStatement calls; it doubles up to `maxPollMs`. */
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  /** Rows read at most (the SQL bounds them too). */
  readonly maxRows?: number;
  /** Waiting, replaceable in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * A statement that did not finish: it FAILED (a SQL or permission error inside the database), was ABORTED, or
 * ran past the deadline (`timeout`, after which it was cancelled).
 */
export class StatementError extends RedshiftEvrError {
  override readonly name = 'StatementError';
  constructor(
    readonly outcome: 'FAILED' | 'ABORTED' | 'timeout',
    readonly statementId: string,
    /** The Data API's `Error` text, or how long it ran. */
    readonly detail: string,
  ) {
    super(
      outcome === 'timeout'
        ? `The Data API statement ${statementId} did not finish within ${detail} and was cancelled.`
        : `The Data API statement ${statementId} ${outcome === 'FAILED' ? 'failed' : 'was aborted'}: ${detail || '(no error given)'}.`,
    );
  }
}

export const isStatementError = (error: unknown): error is StatementError => error instanceof StatementError;

/** The Data API's client; `AWS_ENDPOINT_URL` (an emulator) is honoured by the SDK itself. */
export const createRedshiftDataClient = (options: ClientOptions): RedshiftDataClient =>
  new RedshiftDataClient(clientConfig(options));

const targetInput = (target: DataApiTarget): Omit<ExecuteStatementCommandInput, 'Sql'> => ({
  [target.parameter]: target.name,
  Database: target.database,
  ...(target.dbUser === undefined ? {} : { DbUser: target.dbUser }),
  ...(target.secretArn === undefined ? {} : { SecretArn: target.secretArn }),
});

const fieldValue = (field: Field): string | number | boolean | null => {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  return null;
};

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `sql` on the target and return its rows (at most `maxRows`).
 * @throws AwsCallError when a Data API call fails (denied, throttled …); StatementError when the statement failed,
 * was aborted, or ran past `timeoutMs` (it is then cancelled).
 */
export const runStatement = async (
  client: RedshiftDataClient,
  target: DataApiTarget,
  sql: string,
  options: StatementOptions,
): Promise<StatementResult> => {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const started = now();
  const executed = await callAws(EXECUTE_STATEMENT, () =>
    client.send(new ExecuteStatementCommand({ ...targetInput(target), Sql: sql })),
  );
  const id = executed.Id ?? '';
  let wait = options.firstPollMs ?? 250;
  for (;;) {
    const described = await callAws(DESCRIBE_STATEMENT, () => client.send(new DescribeStatementCommand({ Id: id })));
    const status = described.Status;
    if (status === 'FINISHED') {
      if (described.HasResultSet === false) return { rows: [], truncated: false };
      break;
    }
    if (status === 'FAILED' || status === 'ABORTED') throw new StatementError(status, id, described.Error ?? '');
    const left = options.timeoutMs - (now() - started);
    if (left <= 0) {
      // Best effort: the statement is read-only, and a failed cancel leaves it to the cluster's own timeout.
      await callAws(CANCEL_STATEMENT, () => client.send(new CancelStatementCommand({ Id: id }))).catch(() => undefined);
      throw new StatementError('timeout', id, `${options.timeoutMs} ms`);
    }
    await sleep(Math.min(wait, left));
    wait = Math.min(wait * 2, options.maxPollMs ?? 2_000);
  }
  return readResult(client, id, options.maxRows ?? Number.POSITIVE_INFINITY);
};

/** Every page of a finished statement's result, up to `maxRows`. */
const readResult = async (client: RedshiftDataClient, id: string, maxRows: number): Promise<StatementResult> => {
  const rows: DataRow[] = [];
  let columns: string[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await callAws(GET_STATEMENT_RESULT, () =>
      client.send(new GetStatementResultCommand({ Id: id, ...(token === undefined ? {} : { NextToken: token }) })),
    );
    // Column names come with the result; keep the first page's if a later one leaves them out.
    if (page.ColumnMetadata && page.ColumnMetadata.length > 0) columns = page.ColumnMetadata.map((c) => c.name ?? '');
    for (const record of page.Records ?? []) {
      if (rows.length >= maxRows) return { rows, truncated: true };
      rows.push(Object.fromEntries(record.map((field, i) => [columns[i] ?? `column${i + 1}`, fieldValue(field)])));
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken !== undefined);
  return { rows, truncated: false };
};
