import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import { runCli } from '../../src/cli/runCli.ts';
import { restrictEndpoints } from '../support/endpointPolicy.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';
import { testIo } from '../support/testIo.ts';

interface Reported {
  clusterIdentifier: string;
  prerequisitesMet: boolean | null;
  missing: string[];
  problems: { code: string; detail: string; resourceIds: string[] }[];
  usage?: {
    buckets: { bucket: string; uses: string[]; region: string | null }[];
    spectrum: boolean;
    copySources: { kind: string; name: string }[];
    unverified: string | null;
  };
}

/** Rows of the two statements per cluster, as the Data API returns them (column metadata and typed fields). */
const LOG_ROWS: Record<string, [string, string][]> = {
  'c-0': [
    ['load', 'etl-raw'],
    ['unload', 'partner-drop-eu'],
    ['copy', "COPY movies FROM 'dynamodb://Movies' IAM_ROLE '' READRATIO 50"],
  ],
  'c-2': [['load', 'etl-raw']],
};
const CATALOG_ROWS: Record<string, [string, string, number | null][]> = {
  'c-0': [['schema', 'spectrum_sales', 1]],
  'c-2': [],
};
const REGIONS: Record<string, string> = { 'etl-raw': 'us-east-1', 'partner-drop-eu': 'eu-west-1' };

describe('redshift-evr scan --discover-usage (in process)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const data = useClientMock(RedshiftDataClient);
  const s3 = useClientMock(S3Client);

  /** Three private clusters in a VPC whose subnets reach S3 through a gateway endpoint only; c-1's Data API is denied. */
  const install = (account = syntheticAccount(3, 1)) => {
    installFakeAccount(redshift(), ec2(), account, { serverless: serverless() });
    data()
      .on(ExecuteStatementCommand)
      .callsFake((input: { ClusterIdentifier: string; Sql: string; DbUser?: string }) => {
        if (input.ClusterIdentifier === 'c-1') throw serviceError('AccessDeniedException', 'not authorized');
        return { Id: `${input.ClusterIdentifier}/${input.Sql.includes('svv_external_schemas') ? 'catalog' : 'logs'}` };
      })
      .on(DescribeStatementCommand)
      .callsFake((input: { Id: string }) => ({ Id: input.Id, Status: 'FINISHED', HasResultSet: true }))
      .on(GetStatementResultCommand)
      .callsFake((input: { Id: string }) => {
        const [id = '', which] = input.Id.split('/');
        return which === 'logs'
          ? {
              ColumnMetadata: [{ name: 'usage' }, { name: 'value' }],
              Records: (LOG_ROWS[id] ?? []).map(([usage, value]) => [{ stringValue: usage }, { stringValue: value }]),
            }
          : {
              ColumnMetadata: [{ name: 'usage' }, { name: 'value' }, { name: 'eskind' }],
              Records: (CATALOG_ROWS[id] ?? []).map(([usage, value, eskind]) => [
                { stringValue: usage },
                { stringValue: value },
                eskind === null ? { isNull: true } : { longValue: eskind },
              ]),
            };
      });
    s3()
      .on(HeadBucketCommand)
      .callsFake((input: { Bucket: string }) => ({ BucketRegion: REGIONS[input.Bucket] }));
  };

  it('names the buckets (with Regions), Spectrum and DynamoDB per cluster, and judges readiness from them', async () => {
    install();
    const io = testIo();
    const code = await runCli(
      ['scan', '--discover-usage', '--db-user', 'auditor', '--usage-days', '7', '--format', 'json'],
      io,
    );
    expect(code, io.err()).to.equal(1);
    const evaluations = (JSON.parse(io.out()) as { evaluations: Reported[] }).evaluations;
    const [c0, c1, c2] = evaluations;
    expect(c0?.usage?.buckets).to.deep.equal([
      { bucket: 'etl-raw', uses: ['load'], region: 'us-east-1' },
      { bucket: 'partner-drop-eu', uses: ['unload'], region: 'eu-west-1' },
    ]);
    expect(c0?.usage?.spectrum).to.equal(true);
    expect(c0?.usage?.copySources).to.deep.equal([{ kind: 'dynamodb', name: 'Movies' }]);
    expect(c0?.missing).to.deep.equal(['OTHER_REGION_PATH_MISSING', 'GLUE_PATH_MISSING', 'DYNAMODB_PATH_MISSING']);
    expect(c0?.prerequisitesMet).to.equal(false);
    // Denied for one cluster: its usage is unverified, the others are still judged.
    expect(c1?.missing).to.deep.equal(['USAGE_UNVERIFIED']);
    expect(c1?.prerequisitesMet).to.equal(null);
    expect(c1?.usage?.unverified).to.equal('redshift-data:ExecuteStatement was denied (AccessDeniedException)');
    expect(c2?.missing).to.deep.equal([]);
    expect(c2?.prerequisitesMet).to.equal(true);
    const executed = data()
      .commandCalls(ExecuteStatementCommand)
      .map((c) => c.args[0].input);
    expect(executed.filter((i) => i.ClusterIdentifier === 'c-0').map((i) => [i.Database, i.DbUser])).to.deep.equal([
      ['dev', 'auditor'],
      ['dev', 'auditor'],
    ]);
    expect(executed.find((i) => i.ClusterIdentifier === 'c-0')?.Sql).to.include('DATEADD(day, -7, GETDATE())');
    // Each bucket's Region asked once, though two clusters load from etl-raw.
    expect(
      s3()
        .commandCalls(HeadBucketCommand)
        .map((c) => c.args[0].input.Bucket)
        .sort(),
    ).to.deep.equal(['etl-raw', 'partner-drop-eu']);
  });

  it('prints what each cluster uses under its explanation in the table', async () => {
    install();
    const io = testIo();
    await runCli(['scan', '--discover-usage'], io);
    expect(io.out()).to.include(
      [
        '  usage over the last 30 days:',
        '    buckets: etl-raw (us-east-1: load), partner-drop-eu (eu-west-1: unload)',
        '    Spectrum: yes; external schemas spectrum_sales (data-catalog)',
        '    COPY sources other than S3: DynamoDB Movies',
      ].join('\n'),
    );
    expect(io.out()).to.include(
      'c-1: Enhanced VPC routing is off; 1 problem.\n  - USAGE_UNVERIFIED: The buckets and features in use could not be discovered: redshift-data:ExecuteStatement was denied (AccessDeniedException)',
    );
  });

  it('judges a restrictive endpoint policy against the buckets in use, unless --s3-bucket names others', async () => {
    const scan = async (...flags: string[]) => {
      install(restrictEndpoints(syntheticAccount(3, 1), ['archive']));
      const io = testIo();
      await runCli(['scan', '--discover-usage', '--cluster', 'c-2', '--format', 'json', ...flags], io);
      return (JSON.parse(io.out()) as { evaluations: Reported[] }).evaluations[0];
    };
    const discovered = await scan();
    expect(discovered?.missing).to.deep.equal(['S3_ENDPOINT_POLICY_BLOCKS']);
    expect(discovered?.problems[0]?.detail).to.include('s3:GetObject on etl-raw');
    const named = await scan('--s3-bucket', 'archive');
    expect(named?.missing).to.deep.equal([]);
  });

  it('connects with --secret-arn and --database as given, no database user', async () => {
    install();
    const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:redshift-ro-AbCdEf';
    await runCli(
      ['scan', '--discover-usage', '--cluster', 'c-2', '--secret-arn', secret, '--database', 'analytics'],
      testIo(),
    );
    const [input] = data()
      .commandCalls(ExecuteStatementCommand)
      .map((c) => c.args[0].input);
    expect([input?.ClusterIdentifier, input?.Database, input?.SecretArn, input?.DbUser]).to.deep.equal([
      'c-2',
      'analytics',
      secret,
      undefined,
    ]);
  });

  it('makes no Data API or S3 call without --discover-usage', async () => {
    install();
    const io = testIo();
    await runCli(['scan', '--format', 'json'], io);
    expect(data().calls()).to.have.length(0);
    expect(s3().calls()).to.have.length(0);
    expect(io.out()).not.to.include('"usage"');
  });

  const refused: [string[], RegExp][] = [
    [['--database', 'dev'], /^--database is for usage discovery: add --discover-usage, or drop --database\./],
    [['--discover-usage', '--usage-days', '0'], /^--usage-days must be a whole number of days from 1 to 365/],
    [
      ['--discover-usage', '--db-user', 'a', '--secret-arn', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x'],
      /^Give --db-user .* or --secret-arn .*, not both\./,
    ],
    [
      ['--discover-usage', '--secret-arn', 'arn:aws:s3:::bucket'],
      /^--secret-arn "arn:aws:s3:::bucket" is not a Secrets Manager secret ARN/,
    ],
    [['--discover-usage', '--database', 'my-db'], /^--database "my-db" is not a Redshift database name/],
    [['--discover-usage', '--db-user', 'ops team'], /^--db-user "ops team" is not a Redshift user name/],
    [['--discover-usage', '--snapshot', 'x.json'], /^--discover-usage asks each cluster's database/],
    [['--discover-usage', '--prerequisite-mode', 'off'], /^--discover-usage judges readiness/],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${args.join(' ')} before any call (exit 2)`, async () => {
      install();
      const io = testIo();
      expect(await runCli(['scan', ...args], io)).to.equal(2);
      expect(io.err()).to.match(new RegExp(`error: ${message.source.slice(1)}`));
      expect(redshift().calls()).to.have.length(0);
    });
  }
});
