/**
 * Usage discovery (`scan --discover-usage`): the SQL that asks a cluster's or workgroup's system tables what it loads
 * from and unloads to, and the parsing of their rows into facts the readiness checks use. Pure: the statements are
 * run by src/aws/usageDiscovery.ts through the Data API.
 *
 * The tables (Amazon Redshift Database Developer Guide, "System tables and views reference"):
 * - provisioned clusters: STL_LOAD_COMMITS (`filename`, `curtime`), STL_UNLOAD_LOG (`path`, `start_time`),
 *   STL_QUERY (`querytxt`, `starttime`) for COPY sources that are not S3;
 * - Redshift Serverless (STL tables are not visible there): SYS_LOAD_HISTORY (`data_source`, `start_time`),
 *   SYS_UNLOAD_HISTORY (`unloaded_location`, `start_time`), SYS_QUERY_HISTORY (`query_text`, `query_type`,
 *   `start_time`);
 * - both: SVV_EXTERNAL_SCHEMAS (`schemaname`, `eskind`, `databasename`) and SVV_EXTERNAL_TABLES (`location`).
 * STL and SYS rows are kept for a few days only (about seven), whatever the look-back, and a database user sees only
 * its own queries' rows unless it has unrestricted access to the system logs (SYSLOG ACCESS UNRESTRICTED, or a
 * superuser): docs/checks.md says so.
 */
import { InputError } from '../errors.ts';
import { bucketNameProblem } from './identifiers.ts';
import { reasonText } from './messages.ts';
import { KINDS } from './resourceKinds.ts';
import type { Fact, ResourceKind } from './types.ts';

/** The default look-back, in days (`--usage-days`). */
export const DEFAULT_USAGE_DAYS = 30;
/** The look-backs the runbooks offer (an SSM Integer parameter takes a list, not a range). */
export const USAGE_DAYS_CHOICES = [1, 7, 14, 30, 60, 90] as const;
/** The database the Data API connects to unless told otherwise: the one Redshift creates. */
export const DEFAULT_DATABASE = 'dev';
/** The longest look-back accepted: the system tables keep far less anyway. */
export const MAX_USAGE_DAYS = 365;
/** Rows each part of a statement returns at most (the Data API reads no more than the statement's total). */
export const USAGE_ROW_LIMIT = 1000;
/** COPY statements with a source that is not S3, read at most. */
export const COPY_TEXT_LIMIT = 200;
/** Characters of a COPY statement read: the source comes right after FROM. */
const COPY_TEXT_CHARS = 1000;

/** One row of a statement's result, by column name (the Data API's values). */
export type UsageRow = Readonly<Record<string, string | number | boolean | null>>;

/** What an S3 bucket was used for. */
export type BucketUse = 'load' | 'unload' | 'spectrum';

/** What an external schema's catalog is (SVV_EXTERNAL_SCHEMAS.eskind). */
export type ExternalCatalog = 'data-catalog' | 'hive-metastore' | 'federated' | 'streaming' | 'other';

/** A COPY source that is not S3. */
export interface CopySource {
  readonly kind: 'dynamodb' | 'emr' | 'ssh';
  /** The DynamoDB table, the EMR cluster id, or the SSH manifest's S3 location. */
  readonly name: string;
}

/** What a cluster's or workgroup's system tables say it uses. */
export interface DiscoveredUsage {
  /** Distinct buckets, sorted, each with what it was used for. */
  readonly buckets: readonly { readonly bucket: string; readonly uses: readonly BucketUse[] }[];
  readonly externalSchemas: readonly {
    readonly schema: string;
    readonly catalog: ExternalCatalog;
    /** SVV_EXTERNAL_SCHEMAS.eskind as read. */
    readonly eskind: number | null;
  }[];
  readonly copySources: readonly CopySource[];
  /** A part returned as many rows as it may: there may be more. */
  readonly truncated: boolean;
}

/** The statements to run, each read-only (a single SELECT). */
export interface UsageStatement {
  /** `logs`: what was loaded and unloaded; `catalog`: external schemas and tables. */
  readonly name: 'logs' | 'catalog';
  readonly sql: string;
}

/**
 * `--usage-days`: a whole number of days from 1 to MAX_USAGE_DAYS.
 * @throws InputError naming the flag and the value.
 */
export const parseUsageDays = (value: string, subject = '--usage-days'): number => {
  const days = /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_USAGE_DAYS) {
    throw new InputError(
      `${subject} must be a whole number of days from 1 to ${MAX_USAGE_DAYS}, got "${value}". The system tables keep about a week of loads and unloads.`,
    );
  }
  return days;
};

/** `s3://bucket/key` → bucket, in SQL; TRIM because the STL columns are fixed-width CHAR. */
const bucketOf = (column: string) => `SPLIT_PART(TRIM(${column}), '/', 3)`;

/** Matches a COPY whose source is DynamoDB or EMR, or that reads an SSH manifest. */
const nonS3Copy = (column: string) =>
  `(${column} ILIKE '%dynamodb://%' OR ${column} ILIKE '%emr://%' OR ${column} ILIKE '% ssh%')`;

/** One bounded, distinct part of the logs statement: `usage`, `value`. */
const part = (usage: string, select: string, from: string, where: string, limit: number) =>
  `SELECT '${usage}' AS usage, value FROM (SELECT DISTINCT ${select} AS value FROM ${from} WHERE ${where} LIMIT ${limit}) AS ${usage}_values`;

/**
 * The statements that discover a resource's usage over the last `days` days: distinct buckets loaded from and
 * unloaded to, COPY statements with a source that is not S3, and the external schemas and tables. Every part is
 * bounded (LIMIT) and filtered by time.
 */
export const usageStatements = (kind: ResourceKind, days: number): UsageStatement[] => {
  if (!Number.isInteger(days) || days < 1 || days > MAX_USAGE_DAYS) throw new RangeError(`bad look-back ${days}`);
  const since = (column: string) => `${column} >= DATEADD(day, -${days}, GETDATE())`;
  const s3 = (column: string) => `${column} LIKE 's3://%'`;
  const parts =
    KINDS[kind].usage.logTables === 'stl'
      ? [
          part(
            'load',
            bucketOf('filename'),
            'stl_load_commits',
            `${since('curtime')} AND ${s3('TRIM(filename)')}`,
            USAGE_ROW_LIMIT,
          ),
          part(
            'unload',
            bucketOf('path'),
            'stl_unload_log',
            `${since('start_time')} AND ${s3('TRIM(path)')}`,
            USAGE_ROW_LIMIT,
          ),
          part(
            'copy',
            `LEFT(TRIM(querytxt), ${COPY_TEXT_CHARS})`,
            'stl_query',
            `${since('starttime')} AND TRIM(querytxt) ILIKE 'copy%' AND ${nonS3Copy('querytxt')}`,
            COPY_TEXT_LIMIT,
          ),
        ]
      : [
          part(
            'load',
            bucketOf('data_source'),
            'sys_load_history',
            `${since('start_time')} AND ${s3('TRIM(data_source)')}`,
            USAGE_ROW_LIMIT,
          ),
          part(
            'unload',
            bucketOf('unloaded_location'),
            'sys_unload_history',
            `${since('start_time')} AND ${s3('TRIM(unloaded_location)')}`,
            USAGE_ROW_LIMIT,
          ),
          part(
            'copy',
            `LEFT(TRIM(query_text), ${COPY_TEXT_CHARS})`,
            'sys_query_history',
            `${since('start_time')} AND query_type = 'COPY' AND ${nonS3Copy('query_text')}`,
            COPY_TEXT_LIMIT,
          ),
        ];
  return [
    { name: 'logs', sql: parts.join(' UNION ALL ') },
    {
      // Catalog views (leader node): a statement of their own, since they do not mix with the log tables.
      name: 'catalog',
      sql: [
        `SELECT 'schema' AS usage, value, eskind FROM (SELECT TRIM(schemaname) AS value, eskind FROM svv_external_schemas ORDER BY 1 LIMIT ${USAGE_ROW_LIMIT}) AS schemas`,
        `SELECT 'spectrum' AS usage, value, CAST(NULL AS INTEGER) AS eskind FROM (SELECT DISTINCT ${bucketOf('location')} AS value FROM svv_external_tables WHERE ${s3('TRIM(location)')} LIMIT ${USAGE_ROW_LIMIT}) AS locations`,
      ].join(' UNION ALL '),
    },
  ];
};

/**
 * SVV_EXTERNAL_SCHEMAS.eskind (Amazon Redshift Database Developer Guide): 1 a data catalog, 2 a Hive metastore,
 * 3 a federated query to Aurora or RDS PostgreSQL, 8 to MySQL, 9 an Amazon Kinesis stream, 10 an Amazon MSK
 * stream; 4 and 5 (local and remote Amazon Redshift databases) and 6 (system tables) need no network path.
 */
const catalogOf = (eskind: number | null): ExternalCatalog => {
  switch (eskind) {
    case 1:
      return 'data-catalog';
    case 2:
      return 'hive-metastore';
    case 3:
    case 8:
      return 'federated';
    case 9:
    case 10:
      return 'streaming';
    default:
      return 'other';
  }
};

const DYNAMODB = /\bfrom\s+'dynamodb:\/\/([^'\s]+)'/i;
const EMR = /\bfrom\s+'emr:\/\/([^'/\s]+)/i;
const S3_FROM = /\bfrom\s+'(s3:\/\/[^'\s]+)'/i;
const SSH = /\bssh\b/i;

/** The non-S3 source of a COPY statement's text, if it has one. */
export const copySourceOf = (text: string): CopySource | undefined => {
  const dynamo = DYNAMODB.exec(text);
  if (dynamo?.[1]) return { kind: 'dynamodb', name: dynamo[1] };
  const emr = EMR.exec(text);
  if (emr?.[1]) return { kind: 'emr', name: emr[1] };
  // COPY … FROM 's3://bucket/manifest' … SSH: the hosts are listed in the manifest, which is in S3.
  const manifest = S3_FROM.exec(text);
  if (manifest?.[1] && SSH.test(text.slice(manifest.index + manifest[0].length)))
    return { kind: 'ssh', name: manifest[1] };
  return undefined;
};

const text = (value: UsageRow[string] | undefined): string => (typeof value === 'string' ? value.trim() : '');

/**
 * The facts in the rows of both statements. Values that are not bucket names (a path with a bad host part) are left
 * out, as are COPY texts whose source could not be read.
 */
export const parseUsage = (
  logs: { readonly rows: readonly UsageRow[]; readonly truncated: boolean },
  catalog: { readonly rows: readonly UsageRow[]; readonly truncated: boolean },
): DiscoveredUsage => {
  const buckets = new Map<string, Set<BucketUse>>();
  const addBucket = (value: string, use: BucketUse) => {
    const bucket = value.toLowerCase();
    if (bucketNameProblem(bucket) !== undefined) return;
    buckets.set(bucket, (buckets.get(bucket) ?? new Set()).add(use));
  };
  const sources = new Map<string, CopySource>();
  const counts = { load: 0, unload: 0, copy: 0, schema: 0, spectrum: 0 };
  for (const row of logs.rows) {
    const usage = text(row.usage);
    const value = text(row.value);
    if (usage === 'load' || usage === 'unload') {
      counts[usage] += 1;
      addBucket(value, usage);
    } else if (usage === 'copy') {
      counts.copy += 1;
      const source = copySourceOf(value);
      if (source) sources.set(`${source.kind}:${source.name}`, source);
    }
  }
  const schemas = new Map<string, DiscoveredUsage['externalSchemas'][number]>();
  for (const row of catalog.rows) {
    const usage = text(row.usage);
    const value = text(row.value);
    if (usage === 'schema' && value !== '') {
      counts.schema += 1;
      const eskind = typeof row.eskind === 'number' ? row.eskind : Number.parseInt(text(row.eskind), 10);
      const kind = Number.isInteger(eskind) ? eskind : null;
      schemas.set(value, { schema: value, catalog: catalogOf(kind), eskind: kind });
    } else if (usage === 'spectrum') {
      counts.spectrum += 1;
      addBucket(value, 'spectrum');
    }
  }
  const atLimit =
    counts.load >= USAGE_ROW_LIMIT ||
    counts.unload >= USAGE_ROW_LIMIT ||
    counts.copy >= COPY_TEXT_LIMIT ||
    counts.schema >= USAGE_ROW_LIMIT ||
    counts.spectrum >= USAGE_ROW_LIMIT;
  return {
    buckets: [...buckets]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([bucket, uses]) => ({
        bucket,
        uses: (['load', 'unload', 'spectrum'] as const).filter((u) => uses.has(u)),
      })),
    externalSchemas: [...schemas.values()].sort((a, b) => a.schema.localeCompare(b.schema)),
    copySources: [...sources.values()].sort((a, b) => `${a.kind}:${a.name}`.localeCompare(`${b.kind}:${b.name}`)),
    truncated: logs.truncated || catalog.truncated || atLimit,
  };
};

/** A bucket in use, with its Region as S3 gave it (or why it is unknown). */
export interface BucketInUse {
  readonly bucket: string;
  readonly uses: readonly BucketUse[];
  readonly region: Fact<string>;
}

/** What discovery established about one resource: its usage, with the buckets' Regions. */
export interface ResourceUsage extends Omit<DiscoveredUsage, 'buckets'> {
  readonly lookBackDays: number;
  readonly buckets: readonly BucketInUse[];
}

/** Discovery's outcome for one resource (its Region: where same-Region S3 is), given to the readiness checks. */
export interface UsageFacts {
  readonly region: string;
  /** Unknown: the Data API was denied, the statement failed or timed out. */
  readonly usage: Fact<ResourceUsage>;
}

/**
 * The buckets whose traffic goes through the VPC with EVR on: every bucket COPY and UNLOAD use, and for a workgroup
 * Spectrum's too (a provisioned cluster's Spectrum reads S3 outside the VPC; only its catalog needs a path).
 */
export const bucketsThroughVpc = (usage: ResourceUsage, kind: ResourceKind): BucketInUse[] =>
  usage.buckets.filter((b) => KINDS[kind].usage.spectrumThroughVpc || b.uses.some((u) => u !== 'spectrum'));

/** What the reports say about a resource's usage (JSON `usage`; the table's lines under it). */
export interface UsageReport {
  /** Null when discovery failed. */
  readonly lookBackDays: number | null;
  /** Each bucket with its uses and Region (null: unknown). */
  readonly buckets: readonly {
    readonly bucket: string;
    readonly uses: readonly BucketUse[];
    readonly region: string | null;
  }[];
  /** An external schema of the AWS Glue Data Catalog, or an external table in S3: Spectrum. */
  readonly spectrum: boolean;
  readonly externalSchemas: readonly { readonly schema: string; readonly catalog: ExternalCatalog }[];
  readonly copySources: readonly CopySource[];
  /** A part of the answer reached its row limit: there may be more. */
  readonly truncated: boolean;
  /** Why discovery failed, in words; null when it worked. */
  readonly unverified: string | null;
}

/** The report's view of discovery's outcome. */
export const toUsageReport = (facts: UsageFacts): UsageReport => {
  if (!facts.usage.known) {
    return {
      lookBackDays: null,
      buckets: [],
      spectrum: false,
      externalSchemas: [],
      copySources: [],
      truncated: false,
      unverified: reasonText(facts.usage.reason),
    };
  }
  const usage = facts.usage.value;
  return {
    lookBackDays: usage.lookBackDays,
    buckets: usage.buckets.map((b) => ({
      bucket: b.bucket,
      uses: b.uses,
      region: b.region.known ? b.region.value : null,
    })),
    spectrum:
      usage.externalSchemas.some((s) => s.catalog === 'data-catalog') ||
      usage.buckets.some((b) => b.uses.includes('spectrum')),
    externalSchemas: usage.externalSchemas.map(({ schema, catalog }) => ({ schema, catalog })),
    copySources: usage.copySources,
    truncated: usage.truncated,
    unverified: null,
  };
};

/**
 * The buckets a restrictive S3 gateway endpoint policy is judged against: those in use in the resource's own Region
 * whose traffic goes through the VPC (other Regions' buckets never reach the endpoint).
 */
export const bucketsForEndpointPolicy = (facts: UsageFacts, kind: ResourceKind): string[] =>
  facts.usage.known
    ? bucketsThroughVpc(facts.usage.value, kind).flatMap((b) =>
        b.region.known && b.region.value === facts.region ? [b.bucket] : [],
      )
    : [];
