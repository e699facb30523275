/**
 * The preflight's change schedule: when a ready change may happen under the runbook's ChangeWindow, computed
 * from the cluster's own maintenance window or an explicit one, through the handler the runbooks invoke.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import sinon from 'sinon';
import { handler } from '../../src/handlers/preflight.ts';
import { useCapturedStdout } from '../support/captureStdout.ts';
import { routes, routeTable, workgroup } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const context = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:redshift-evr-preflight',
  functionName: 'redshift-evr-preflight',
  awsRequestId: 'req-schedule',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/** Friday 2026-12-04 10:00 UTC. */
const NOW = new Date('2026-12-04T10:00:00.000Z');

describe('preflight: when a ready change may happen (ChangeWindow)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const stdout = useCapturedStdout();
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: NOW, toFake: ['Date'] });
  });
  afterEach(() => clock.restore());

  const decide = async (payload: Record<string, unknown>) => {
    const result = await handler(payload, context);
    stdout.restore();
    return result as unknown as Record<string, unknown>;
  };

  it('is now, inside the window, without a ChangeWindow (as runbooks before it)', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await decide({ ClusterIdentifier: 'c-0' });
    expect(result).to.include({ decision: 'ready' });
    expect(result.schedule).to.deep.equal({
      changeWindow: 'now',
      window: null,
      inWindow: true,
      start: NOW.toISOString(),
      end: null,
    });
  });

  it("uses the cluster's maintenance window, as the runbook read it: the next Saturday's", async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await decide({
      ClusterIdentifier: 'c-0',
      ChangeWindow: 'maintenance-window',
      MaintenanceWindow: 'sat:07:30-sat:08:00',
    });
    expect(result).to.include({ decision: 'ready', ready: true });
    expect(result.schedule).to.deep.equal({
      changeWindow: 'maintenance-window',
      window: 'sat:07:30-sat:08:00',
      inWindow: false,
      start: '2026-12-05T07:30:00.000Z',
      end: '2026-12-05T08:00:00.000Z',
    });
  });

  it('is inside an explicit window that is open now', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await decide({ ClusterIdentifier: 'c-0', ChangeWindow: 'fri:09:00-fri:11:00' });
    expect(result.schedule).to.deep.include({ inWindow: true, start: '2026-12-04T09:00:00.000Z' });
  });

  it('blocks a ready cluster whose maintenance window cannot be read, saying which ChangeWindow to give', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await decide({ ClusterIdentifier: 'c-0', ChangeWindow: 'maintenance-window' });
    expect(result).to.include({ decision: 'blocked', ready: false, schedule: null });
    expect(result.explanation).to.equal(
      "The cluster's maintenance window could not be read (PreferredMaintenanceWindow null): give ChangeWindow as a weekly window in UTC (ddd:hh24:mi-ddd:hh24:mi) or now.",
    );
  });

  it('blocks a workgroup asked to wait for a maintenance window it does not have', async () => {
    const data = syntheticAccount(0, 1);
    data.workgroups = [workgroup({ name: 'wg-0', subnetIds: ['subnet-0a', 'subnet-0b'] })];
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    const result = await decide({ WorkgroupName: 'wg-0', ChangeWindow: 'maintenance-window' });
    expect(result).to.include({ decision: 'blocked', ready: false });
    expect(result.explanation).to.match(
      /^Redshift Serverless workgroups have no maintenance window: give ChangeWindow/,
    );
  });

  it('gives no schedule when the resource is not ready: nothing is to be changed', async () => {
    const data = syntheticAccount(1, 1);
    data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
    data.vpcEndpoints = [];
    installFakeAccount(redshift(), ec2(), data);
    const result = await decide({ ClusterIdentifier: 'c-0', ChangeWindow: 'sun:03:00-sun:05:00' });
    expect(result).to.include({ decision: 'blocked', schedule: null });
  });

  it('refuses a ChangeWindow that is not one, before any AWS call, naming the forms it takes', async () => {
    const failed = await handler({ ClusterIdentifier: 'c-0', ChangeWindow: 'sunday night' }, context).then(
      () => undefined,
      (e: Error) => e,
    );
    stdout.restore();
    expect(failed?.message).to.match(
      /^Preflight input "ChangeWindow" must be now, maintenance-window \(the cluster's PreferredMaintenanceWindow\) or a weekly window/,
    );
    expect(redshift().calls()).to.have.length(0);
  });
});
