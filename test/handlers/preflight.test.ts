import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import { handler } from '../../src/handlers/preflight.ts';
import { routes, routeTable } from '../support/awsShapes.ts';
import { useCapturedStdout } from '../support/captureStdout.ts';
import { installFakeAccount } from '../support/fakeAccount.ts';
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
      expect(result).to.include({ ...expected, accountId: undefined, clusterIdentifier: 'c-0', region: 'us-east-1' });
      const lines = logLines();
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({
        message: 'preflight decision',
        service: 'redshift-evr-preflight',
        function_request_id: 'req-pf-1',
        accountId: ACCOUNT,
        clusterIdentifier: 'c-0',
        ...expected,
      });
    });
  }

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
