import { expect } from 'chai';
import {
  copySourceOf,
  parseUsage,
  parseUsageDays,
  USAGE_ROW_LIMIT,
  type UsageRow,
  usageStatements,
} from '../../src/core/usage.ts';
import { InputError } from '../../src/errors.ts';

const rows = (list: readonly UsageRow[], truncated = false) => ({ rows: list, truncated });
const none = rows([]);

describe('usageStatements', () => {
  for (const kind of ['cluster', 'workgroup'] as const) {
    it(`gives a ${kind} two single SELECT statements, each part bounded by LIMIT`, () => {
      for (const { sql } of usageStatements(kind, 7)) {
        expect(sql).to.match(/^SELECT /);
        expect(sql).not.to.include(';');
        expect(sql).not.to.match(/\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|GRANT|COPY\s|UNLOAD\s)\b/);
        const parts = sql.split(' UNION ALL ');
        for (const p of parts) expect(p).to.match(/ LIMIT \d+\) AS \w+$/);
      }
    });
  }

  it('reads the STL tables of a provisioned cluster over the look-back', () => {
    const [logs, catalog] = usageStatements('cluster', 7);
    expect(logs?.sql).to.include('FROM stl_load_commits WHERE curtime >= DATEADD(day, -7, GETDATE())');
    expect(logs?.sql).to.include('FROM stl_unload_log WHERE start_time >= DATEADD(day, -7, GETDATE())');
    expect(logs?.sql).to.include('FROM stl_query WHERE starttime >= DATEADD(day, -7, GETDATE())');
    expect(logs?.sql).not.to.include('sys_');
    expect(catalog?.sql).to.include('FROM svv_external_schemas');
    expect(catalog?.sql).to.include('FROM svv_external_tables');
  });

  it('reads the SYS views of a workgroup (no STL table is visible there)', () => {
    const [logs] = usageStatements('workgroup', 30);
    expect(logs?.sql).to.include('FROM sys_load_history WHERE start_time >= DATEADD(day, -30, GETDATE())');
    expect(logs?.sql).to.include("SPLIT_PART(TRIM(unloaded_location), '/', 3)");
    expect(logs?.sql).to.include("query_type = 'COPY'");
    expect(logs?.sql).not.to.include('stl_');
  });

  it('refuses a look-back that is not a whole number of days in range', () => {
    expect(() => usageStatements('cluster', 0)).to.throw(RangeError);
    expect(() => usageStatements('cluster', 1.5)).to.throw(RangeError);
  });
});

describe('parseUsageDays', () => {
  it('takes 1 to 365 days', () => {
    expect(parseUsageDays('1')).to.equal(1);
    expect(parseUsageDays('365')).to.equal(365);
  });
  for (const bad of ['0', '366', '7.5', '-3', 'week', '', '1e2', '7; DROP TABLE x']) {
    it(`refuses "${bad}", naming the flag`, () => {
      expect(() => parseUsageDays(bad)).to.throw(
        InputError,
        /^--usage-days must be a whole number of days from 1 to 365/,
      );
    });
  }
});

describe('copySourceOf', () => {
  it('reads a DynamoDB table, an EMR cluster and an SSH manifest from COPY texts', () => {
    expect(
      copySourceOf(
        "COPY favoritemovies FROM 'dynamodb://Movies' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole' READRATIO 50",
      ),
    ).to.deep.equal({ kind: 'dynamodb', name: 'Movies' });
    expect(
      copySourceOf("copy sales from 'emr://j-SAMPLE2B500FC/myoutput/part-*' iam_role '' delimiter '\\t' lzop"),
    ).to.deep.equal({ kind: 'emr', name: 'j-SAMPLE2B500FC' });
    expect(copySourceOf("copy sales from 's3://mybucket/ssh_manifest' iam_role '' delimiter '|' ssh")).to.deep.equal({
      kind: 'ssh',
      name: 's3://mybucket/ssh_manifest',
    });
  });

  it('finds nothing in a COPY from S3 that only mentions those words elsewhere', () => {
    expect(copySourceOf("copy t from 's3://etl-raw/dynamodb://export/' iam_role '' csv")).to.equal(undefined);
    expect(copySourceOf("copy sshkeys from 's3://etl-raw/keys/' iam_role '' csv")).to.equal(undefined);
  });
});

describe('parseUsage', () => {
  it('merges loads, unloads and Spectrum locations into distinct, sorted buckets with their uses', () => {
    const usage = parseUsage(
      rows([
        { usage: 'load', value: 'etl-raw' },
        { usage: 'load', value: 'partner-drop-eu' },
        { usage: 'unload', value: 'etl-raw' },
        { usage: 'unload', value: 'Not_A_Bucket' },
        { usage: 'copy', value: "COPY movies FROM 'dynamodb://Movies' IAM_ROLE '' READRATIO 50" },
      ]),
      rows([
        { usage: 'schema', value: 'spectrum_sales', eskind: 1 },
        { usage: 'schema', value: 'pg_fed', eskind: 3 },
        { usage: 'schema', value: 'mysql_fed', eskind: 8 },
        { usage: 'schema', value: 'shared_sales', eskind: 5 },
        { usage: 'schema', value: 'clicks_msk', eskind: 10 },
        { usage: 'spectrum', value: 'datalake-parquet', eskind: null },
      ]),
    );
    expect(usage).to.deep.equal({
      buckets: [
        { bucket: 'datalake-parquet', uses: ['spectrum'] },
        { bucket: 'etl-raw', uses: ['load', 'unload'] },
        { bucket: 'partner-drop-eu', uses: ['load'] },
      ],
      // Per eskind: 3 and 8 federated (PostgreSQL, MySQL), 5 a remote Redshift database (no path), 10 an MSK stream.
      externalSchemas: [
        { schema: 'clicks_msk', catalog: 'streaming', eskind: 10 },
        { schema: 'mysql_fed', catalog: 'federated', eskind: 8 },
        { schema: 'pg_fed', catalog: 'federated', eskind: 3 },
        { schema: 'shared_sales', catalog: 'other', eskind: 5 },
        { schema: 'spectrum_sales', catalog: 'data-catalog', eskind: 1 },
      ],
      copySources: [{ kind: 'dynamodb', name: 'Movies' }],
      truncated: false,
    });
  });

  it('says the result may be incomplete when a part reached its LIMIT or the rows were cut', () => {
    const many = Array.from({ length: USAGE_ROW_LIMIT }, (_, i) => ({ usage: 'load', value: `bucket-${i}` }));
    expect(parseUsage(rows(many), none).truncated).to.equal(true);
    expect(parseUsage(rows([{ usage: 'load', value: 'etl-raw' }]), rows([], true)).truncated).to.equal(true);
    expect(parseUsage(rows([{ usage: 'load', value: 'etl-raw' }]), none).truncated).to.equal(false);
  });
});
