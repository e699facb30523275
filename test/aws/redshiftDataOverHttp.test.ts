import { expect } from 'chai';
import {
  createRedshiftDataClient,
  type DataApiTarget,
  runStatement,
  StatementError,
} from '../../src/aws/redshiftData.ts';
import { AwsCallError } from '../../src/errors.ts';
import { type StubRequest, type StubResponse, useStubbedEndpoint } from '../support/fakeAws/httpStub.ts';

const json = (body: unknown, status = 200): StubResponse => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/x-amz-json-1.1' },
});
const awsError = (status: number, type: string, message: string): StubResponse => ({
  status,
  body: JSON.stringify({ __type: type, message }),
  headers: { 'content-type': 'application/x-amz-json-1.1' },
});
const bodyOf = (r: StubRequest): Record<string, unknown> => JSON.parse(r.body) as Record<string, unknown>;
/** ExecuteStatement's body without the idempotency token the SDK adds to every call (a fresh UUID). */
const statementOf = (r: StubRequest | undefined): Record<string, unknown> => {
  const { ClientToken, ...rest } = bodyOf(r as StubRequest);
  expect(ClientToken).to.match(/^[0-9a-f-]{36}$/);
  return rest;
};

const ID = 'd9b6c0c9-0747-4bf4-b142-e8883122f766';
const CLUSTER: DataApiTarget = { parameter: 'ClusterIdentifier', name: 'etl-prod', database: 'dev', dbUser: 'auditor' };
const noWait = { timeoutMs: 10_000, firstPollMs: 1, maxPollMs: 2 };

describe('Redshift Data API (over HTTP, the real SDK)', () => {
  const startStub = useStubbedEndpoint();

  const client = async (handler: (r: StubRequest) => StubResponse) => {
    const stub = await startStub(handler);
    return { stub, client: createRedshiftDataClient({ region: 'us-east-1', maxAttempts: 1 }) };
  };

  /** Answers a statement that is SUBMITTED, then STARTED, then FINISHED, with two pages of rows. */
  const finishing = () => {
    let describes = 0;
    return (r: StubRequest): StubResponse => {
      switch (r.operation) {
        case 'ExecuteStatement':
          return json({ Id: ID, ClusterIdentifier: 'etl-prod', Database: 'dev', DbUser: 'auditor', CreatedAt: 1.7e9 });
        case 'DescribeStatement':
          describes += 1;
          return json({
            Id: ID,
            Status: ['SUBMITTED', 'STARTED', 'FINISHED'][Math.min(describes - 1, 2)],
            HasResultSet: true,
          });
        case 'GetStatementResult':
          return bodyOf(r).NextToken === undefined
            ? json({
                ColumnMetadata: [
                  { name: 'bucket', typeName: 'varchar' },
                  { name: 'loads', typeName: 'int8' },
                ],
                Records: [[{ stringValue: 'etl-raw' }, { longValue: 12 }]],
                TotalNumRows: 3,
                NextToken: 'page-2',
              })
            : json({
                ColumnMetadata: [
                  { name: 'bucket', typeName: 'varchar' },
                  { name: 'loads', typeName: 'int8' },
                ],
                Records: [
                  [{ stringValue: 'etl-curated' }, { longValue: 3 }],
                  [{ isNull: true }, { longValue: 1 }],
                ],
                TotalNumRows: 3,
              });
        default:
          return awsError(400, 'ValidationException', `unexpected ${r.operation}`);
      }
    };
  };

  it('runs the statement as the database user, polls until FINISHED, and reads every page of rows', async () => {
    const { stub, client: data } = await client(finishing());
    const result = await runStatement(data, CLUSTER, 'SELECT 1', noWait);
    expect(result).to.deep.equal({
      rows: [
        { bucket: 'etl-raw', loads: 12 },
        { bucket: 'etl-curated', loads: 3 },
        { bucket: null, loads: 1 },
      ],
      truncated: false,
    });
    expect(stub.requests.map((r) => r.operation)).to.deep.equal([
      'ExecuteStatement',
      'DescribeStatement',
      'DescribeStatement',
      'DescribeStatement',
      'GetStatementResult',
      'GetStatementResult',
    ]);
    expect(stub.requests[0]?.headers['x-amz-target']).to.equal('RedshiftData.ExecuteStatement');
    expect(statementOf(stub.requests[0])).to.deep.equal({
      ClusterIdentifier: 'etl-prod',
      Database: 'dev',
      DbUser: 'auditor',
      Sql: 'SELECT 1',
    });
    expect(bodyOf(stub.requests[5] as StubRequest)).to.deep.equal({ Id: ID, NextToken: 'page-2' });
  });

  it('names a workgroup and a secret instead of a cluster and a user', async () => {
    const { stub, client: data } = await client(finishing());
    const target: DataApiTarget = {
      parameter: 'WorkgroupName',
      name: 'analytics',
      database: 'dev',
      secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:redshift-ro-AbCdEf',
    };
    await runStatement(data, target, 'SELECT 1', noWait);
    expect(statementOf(stub.requests[0])).to.deep.equal({
      WorkgroupName: 'analytics',
      Database: 'dev',
      SecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:redshift-ro-AbCdEf',
      Sql: 'SELECT 1',
    });
  });

  it('stops reading at maxRows and says the result was cut', async () => {
    const { stub, client: data } = await client(finishing());
    const result = await runStatement(data, CLUSTER, 'SELECT 1', { ...noWait, maxRows: 1 });
    expect(result).to.deep.equal({ rows: [{ bucket: 'etl-raw', loads: 12 }], truncated: true });
    expect(stub.requests.filter((r) => r.operation === 'GetStatementResult')).to.have.length(2);
  });

  it('reports a FAILED statement with the error the Data API gives', async () => {
    const { client: data } = await client((r) =>
      r.operation === 'ExecuteStatement'
        ? json({ Id: ID })
        : json({ Id: ID, Status: 'FAILED', Error: 'ERROR: permission denied for relation stl_load_commits' }),
    );
    const error = await runStatement(data, CLUSTER, 'SELECT 1', noWait).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StatementError);
    expect((error as StatementError).outcome).to.equal('FAILED');
    expect((error as StatementError).message).to.equal(
      `The Data API statement ${ID} failed: ERROR: permission denied for relation stl_load_commits.`,
    );
  });

  it('cancels a statement still running at the deadline', async () => {
    let clock = 0;
    const { stub, client: data } = await client((r) => {
      if (r.operation === 'ExecuteStatement') return json({ Id: ID });
      if (r.operation === 'CancelStatement') return json({ Status: true });
      return json({ Id: ID, Status: 'STARTED' });
    });
    const error = await runStatement(data, CLUSTER, 'SELECT 1', {
      timeoutMs: 1_000,
      firstPollMs: 300,
      maxPollMs: 300,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StatementError);
    expect((error as StatementError).outcome).to.equal('timeout');
    expect(stub.requests.map((r) => r.operation)).to.deep.equal([
      'ExecuteStatement',
      'DescribeStatement',
      'DescribeStatement',
      'DescribeStatement',
      'DescribeStatement',
      'DescribeStatement',
      'CancelStatement',
    ]);
    expect(bodyOf(stub.requests[6] as StubRequest)).to.deep.equal({ Id: ID });
  });

  it('turns a denied ExecuteStatement into an AwsCallError that names the action', async () => {
    const { client: data } = await client(() =>
      awsError(400, 'AccessDeniedException', 'User is not authorized to perform: redshift-data:ExecuteStatement'),
    );
    const error = await runStatement(data, CLUSTER, 'SELECT 1', noWait).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AwsCallError);
    expect((error as AwsCallError).failure).to.equal('denied');
    expect((error as AwsCallError).operation).to.equal('redshift-data:ExecuteStatement');
  });
});
