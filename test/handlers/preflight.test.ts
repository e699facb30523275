import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import { handler } from '../../src/handlers/preflight.ts';
import { routes, routeTable, workgroup } from '../support/awsShapes.ts';
import { useCapturedStdout } from '../support/captureStdout.ts';
import { type AccountData, installFakeAccount } from '../support/fakeAccount.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const ACCOUNT = '111122223333';
const context = (arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:redshift-evr-preflight`) =>
  ({
    invokedFunctionArn: arn,
    functionName: 'redshift-evr-preflight',
    awsRequestId: 'req-pf-1',
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

describe('preflight handler', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const stdout = useCapturedStdout();
  const restore = () => stdout.restore();
  const logLines = () => stdout.jsonLines();

  const cases: [string, () => void, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'a ready cluster',
      () => installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1)),
      {},
      { decision: 'ready', ready: true },
    ],
    [
      'a cluster that does not exist',
      () => installFakeAccount(redshift(), ec2(), syntheticAccount(0, 1)),
      {},
      { decision: 'not-found', ready: false },
    ],
    [
      'a paused cluster',
      () => {
        const data = syntheticAccount(1, 1);
        (data.clusters[0] as { ClusterStatus: string }).ClusterStatus = 'paused';
        installFakeAccount(redshift(), ec2(), data);
      },
      {},
      { decision: 'not-modifiable', ready: false },
    ],
    [
      'a cluster without an internet path when RequireInternetPath is true',
      () => installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1)),
      { RequireInternetPath: 'true' },
      { decision: 'blocked', ready: false },
    ],
    [
      'a cluster without an S3 route',
      () => {
        const data = syntheticAccount(1, 1);
        data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
        data.vpcEndpoints = [];
        installFakeAccount(redshift(), ec2(), data);
      },
      {},
      { decision: 'blocked', ready: false },
    ],
  ];
  for (const [what, arrange, extra, expected] of cases) {
    it(`decides and logs one JSON line for ${what}`, async () => {
      arrange();
      const result = await handler({ ClusterIdentifier: 'c-0', ...extra }, context());
      restore();
      expect(result).to.include({
        ...expected,
        kind: 'cluster',
        accountId: undefined,
        clusterIdentifier: 'c-0',
        region: 'us-east-1',
      });
      const lines = logLines();
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({
        message: 'preflight decision',
        service: 'redshift-evr-preflight',
        function_request_id: 'req-pf-1',
        accountId: ACCOUNT,
        kind: 'cluster',
        clusterIdentifier: 'c-0',
        ...expected,
      });
      expect(lines[0]).not.to.have.property('workgroupName');
    });
  }

  /** syntheticAccount's vpc-0 (S3 through a gateway endpoint, DNS on) and workgroup wg-0 in its subnets. */
  const withWorkgroup = (spec: Partial<Parameters<typeof workgroup>[0]> = {}, change = (_: AccountData) => {}) => {
    const data = syntheticAccount(0, 1);
    data.workgroups = [workgroup({ name: 'wg-0', subnetIds: ['subnet-0a', 'subnet-0b'], ...spec })];
    change(data);
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
  };
  const workgroupCases: [string, () => void, Record<string, unknown>, Record<string, unknown>][] = [
    ['a ready workgroup', () => withWorkgroup(), {}, { decision: 'ready', ready: true }],
    ['a workgroup that does not exist', () => withWorkgroup({ name: 'other-wg' }), {}, { decision: 'not-found' }],
    ['a workgroup being deleted', () => withWorkgroup({ status: 'DELETING' }), {}, { decision: 'not-modifiable' }],
    ['a workgroup with EVR on', () => withWorkgroup({ evr: true }), {}, { decision: 'already-enabled', ready: false }],
    [
      'a workgroup without an S3 route',
      () =>
        withWorkgroup({}, (data) => {
          data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
          data.vpcEndpoints = [];
        }),
      {},
      { decision: 'blocked', ready: false },
    ],
    [
      'a workgroup with SkipPreflight',
      () => withWorkgroup(),
      { SkipPreflight: 'true' },
      { decision: 'ready', ready: true, skipped: true },
    ],
  ];
  for (const [what, arrange, extra, expected] of workgroupCases) {
    it(`decides and logs one JSON line with the kind and the name for ${what}`, async () => {
      arrange();
      const result = await handler({ WorkgroupName: 'wg-0', ...extra }, context());
      restore();
      expect(result).to.include({ ...expected, kind: 'workgroup', workgroupName: 'wg-0', region: 'us-east-1' });
      expect(result).not.to.have.property('clusterIdentifier');
      expect(redshift().calls()).to.have.length(0);
      const lines = logLines();
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({
        message: 'preflight decision',
        function_request_id: 'req-pf-1',
        accountId: ACCOUNT,
        kind: 'workgroup',
        workgroupName: 'wg-0',
        ...expected,
      });
      expect(lines[0]).not.to.have.property('clusterIdentifier');
    });
  }

  it('refuses a request naming both a cluster and a workgroup before any AWS call', async () => {
    const error = await handler({ ClusterIdentifier: 'c-0', WorkgroupName: 'wg-0' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).to.equal('InputError');
    expect(error?.message).to.match(
      /^Preflight input needs exactly one of "ClusterIdentifier" \(a provisioned cluster\) and "WorkgroupName" \(a Redshift Serverless workgroup\), got both\./,
    );
    expect(redshift().calls()).to.have.length(0);
    expect(serverless().calls()).to.have.length(0);
  });

  it('refuses a malformed workgroup name before any AWS call, naming the field', async () => {
    const error = await handler({ WorkgroupName: 'Analytics_WG' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(
      /^Preflight input "WorkgroupName" must be a Redshift Serverless workgroup name \(3-64 lowercase letters, digits and hyphens\), got "Analytics_WG"\./,
    );
    expect(serverless().calls()).to.have.length(0);
  });

  it('logs the buckets of S3Buckets it checked endpoint policies against', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await handler({ ClusterIdentifier: 'c-0', S3Buckets: 'etl-staging,unload-archive' }, context());
    restore();
    expect(result).to.include({ decision: 'ready', ready: true });
    expect(logLines()[0]).to.deep.include({ s3Buckets: ['etl-staging', 'unload-archive'] });
  });

  it('refuses a bad S3Buckets before any AWS call, naming the input and the bad name', async () => {
    const error = await handler({ ClusterIdentifier: 'c-0', S3Buckets: 's3://etl-staging' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).to.equal('InputError');
    expect(error?.message).to.match(
      /^Preflight input "S3Buckets" must be S3 bucket names separated by commas .*, got "s3:\/\/etl-staging": "s3:\/\/etl-staging" is a URL or ARN: give the bucket name alone\./,
    );
    expect(redshift().calls()).to.have.length(0);
  });

  it('refuses a request without an account id when the function ARN names none, instead of using ""', async () => {
    const error = await handler({ ClusterIdentifier: 'c-0' }, context('not-an-arn')).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/^Preflight input "AccountId" is missing and the function ARN names no account\./);
    expect(redshift().calls()).to.have.length(0);
  });

  it('refuses bad input before any AWS call, naming the field', async () => {
    const error = await handler({ ClusterIdentifier: 'Not_Valid' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/^Preflight input "ClusterIdentifier" must be a Redshift cluster identifier/);
    expect(redshift().calls()).to.have.length(0);
  });
});
