import { EC2Client } from '@aws-sdk/client-ec2';
import { ModifyClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import { handler as preflight } from '../../src/handlers/preflight.ts';
import { routes, routeTable } from '../support/awsShapes.ts';
import { type AccountData, installFakeAccount, serviceError } from '../support/fakeAccount.ts';
import { useClientMock } from '../support/mocks.ts';
import { loadDocument } from '../support/runbook/document.ts';
import { type RunOptions, runRunbook } from '../support/runbook/runRunbook.ts';
import { installStatefulCluster, type StatefulClusterSpec } from '../support/statefulCluster.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const DOCUMENT = 'automation-documents/EnableRedshiftEnhancedVpcRouting.yaml';
const ROLE = 'arn:aws:iam::111122223333:role/redshift-evr-remediation';
const context = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:redshift-evr-preflight',
} as unknown as Context;

/** The deployed preflight Lambda, as Lambda would run it; other names do not exist. */
const invokeLambda: RunOptions['invokeLambda'] = async (name, payload) => {
  if (name !== 'redshift-evr-preflight') {
    throw Object.assign(new Error(`Function not found: ${name}`), {
      name: 'ResourceNotFoundException',
      $fault: 'client',
    });
  }
  return preflight(payload, context);
};

const withoutS3Route = (): AccountData => {
  const data = syntheticAccount(1, 1);
  data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
  data.vpcEndpoints = [];
  return data;
};

describe('remediation runbook (through the local runner)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);

  const setUp = (cluster: Partial<StatefulClusterSpec> = {}, data: AccountData = syntheticAccount(1, 1)) => {
    installFakeAccount(redshift(), ec2(), data);
    return installStatefulCluster(redshift(), { id: 'c-0', ...cluster });
  };
  const run = (parameters: Record<string, unknown> = {}, options: RunOptions = {}) =>
    runRunbook(
      DOCUMENT,
      { ClusterIdentifier: 'c-0', AutomationAssumeRole: ROLE, ...parameters },
      { invokeLambda, pollSeconds: 30, ...options },
    );
  const stepNames = (result: Awaited<ReturnType<typeof run>>) => result.steps.map((s) => s.name);

  it('succeeds without any change when enhanced VPC routing is already on', async () => {
    const cluster = setUp({ evr: true });
    const result = await run();
    expect(result.status).to.equal('Success');
    expect(stepNames(result)).to.deep.equal(['DescribeCluster', 'BranchOnClusterState', 'AlreadyEnabled']);
    expect(result.outputs).to.deep.include({
      'DescribeCluster.EnhancedVpcRouting': true,
      'AlreadyEnabled.Result': 'NO_CHANGE: enhanced VPC routing was already on for cluster c-0.',
    });
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('enables EVR on a ready cluster, waits for the restart and verifies it', async () => {
    const cluster = setUp({ pendingPolls: 2, modifyingPolls: 4 });
    const result = await run();
    expect(result.status, result.failureMessage).to.equal('Success');
    expect(stepNames(result)).to.deep.equal([
      'DescribeCluster',
      'BranchOnClusterState',
      'BranchOnSkipPreflight',
      'Preflight',
      'BranchOnPreflight',
      'BranchOnApproval',
      'WaitForAvailableBeforeChange',
      'EnableEnhancedVpcRouting',
      'WaitForChangeApplied',
      'WaitForAvailableAfterChange',
      'VerifyEnhancedVpcRouting',
      'DescribeFinalState',
      'Report',
    ]);
    expect(cluster.modifyCalls()).to.equal(1);
    expect(redshift().commandCalls(ModifyClusterCommand)[0]?.args[0].input).to.deep.equal({
      ClusterIdentifier: 'c-0',
      EnhancedVpcRouting: true,
    });
    expect(JSON.parse(String(result.outputs['Preflight.Payload']))).to.include({
      ready: true,
      clusterIdentifier: 'c-0',
    });
    expect(result.outputs).to.deep.include({
      'DescribeCluster.EnhancedVpcRouting': false,
      'DescribeFinalState.EnhancedVpcRouting': true,
      'DescribeFinalState.ClusterStatus': 'available',
      'Report.Result': 'ENABLED: enhanced VPC routing is on for cluster c-0 and the cluster is available.',
    });
  });

  it('waits for the flag, not just "available", which Redshift reports before the change starts', async () => {
    setUp({ pendingPolls: 3, modifyingPolls: 2 });
    const result = await run();
    const wait = result.steps.find((s) => s.name === 'WaitForChangeApplied');
    // 3 polls still "available" with the change pending, 2 "modifying", then the flag is on.
    expect(wait?.polls).to.equal(6);
    expect(result.status).to.equal('Success');
  });

  it('would fail verification if it waited only for "available" (the race is real)', async () => {
    setUp({ pendingPolls: 3, modifyingPolls: 2 });
    const document = await loadDocument(DOCUMENT);
    const naive = {
      ...document,
      mainSteps: document.mainSteps
        .filter((s) => s.name !== 'WaitForChangeApplied')
        .map((s) => (s.name === 'EnableEnhancedVpcRouting' ? { ...s, nextStep: 'WaitForAvailableAfterChange' } : s)),
    };
    const result = await runRunbook(naive, { ClusterIdentifier: 'c-0', AutomationAssumeRole: ROLE }, { invokeLambda });
    expect(result.status).to.equal('Failed');
    expect(result.failureMessage).to.match(/^Step VerifyEnhancedVpcRouting failed: .*EnhancedVpcRouting is False/);
  });

  it('stops before ModifyCluster with the engine explanation when prerequisites are missing', async () => {
    const cluster = setUp({}, withoutS3Route());
    const result = await run();
    expect(result.status).to.equal('Failed');
    expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
    expect(result.failureMessage).to.equal(
      'Step StopPreflightBlocked failed: Exception: Preflight blocked enabling enhanced VPC routing on c-0, nothing was changed. ' +
        'Enhanced VPC routing is off. Fix first: No S3 route from subnet-0a, subnet-0b (rtb-0m); add an S3 gateway endpoint to rtb-0m. ' +
        'Fix this and run the remediation again, or set SkipPreflight=true once you have verified the path to S3 yourself.',
    );
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('proceeds without the preflight when SkipPreflight is true', async () => {
    const cluster = setUp({}, withoutS3Route());
    const result = await run({ SkipPreflight: true });
    expect(result.status).to.equal('Success');
    expect(stepNames(result)).to.not.include('Preflight');
    expect(cluster.modifyCalls()).to.equal(1);
  });

  it('stops with what to do when the cluster is paused', async () => {
    const cluster = setUp({ status: 'paused' });
    const result = await run();
    expect(result.status).to.equal('Failed');
    expect(result.failureMessage).to.match(
      /Cluster c-0 is paused: a paused cluster cannot be modified\. Resume it \(redshift:ResumeCluster\)/,
    );
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('stops when the cluster is being deleted', async () => {
    setUp({ status: 'deleting' });
    const result = await run();
    expect(result.failureMessage).to.contain(
      'Cluster c-0 is deleting: it is being deleted, so there is nothing to remediate.',
    );
  });

  it('stops with what to check when the cluster does not exist', async () => {
    setUp();
    const result = await run({ ClusterIdentifier: 'ghost' });
    expect(result.status).to.equal('Failed');
    expect(result.steps[0]).to.include({ name: 'DescribeCluster', status: 'Failed' });
    expect(result.steps[0]?.failureMessage).to.contain('ClusterNotFoundFault');
    expect(result.failureMessage).to.contain('Could not describe Redshift cluster ghost');
  });

  it('makes no change when the approver rejects it', async () => {
    const cluster = setUp();
    const result = await run(
      { RequireApproval: true, Approvers: ['arn:aws:iam::111122223333:role/DataPlatformLead'] },
      { approve: async () => 'Rejected' },
    );
    expect(result.status).to.equal('Failed');
    expect(stepNames(result).at(-1)).to.equal('Approve');
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('passes the approvers and proceeds once approved', async () => {
    const cluster = setUp();
    const asked: unknown[] = [];
    const result = await run(
      { RequireApproval: true, Approvers: ['arn:aws:iam::111122223333:role/DataPlatformLead'] },
      {
        approve: async (request) => {
          asked.push(request.approvers);
          return 'Approved';
        },
      },
    );
    expect(result.status).to.equal('Success');
    expect(asked).to.deep.equal([['arn:aws:iam::111122223333:role/DataPlatformLead']]);
    expect(cluster.modifyCalls()).to.equal(1);
  });

  it('stops when the preflight function itself fails (a function error is an output, not a step failure)', async () => {
    const cluster = setUp();
    ec2()
      .on((await import('@aws-sdk/client-ec2')).DescribeRouteTablesCommand)
      .rejects(serviceError('UnauthorizedOperation'));
    const result = await run();
    // Denied describe calls make the network unverified: never "ready".
    expect(result.status).to.equal('Failed');
    expect(result.failureMessage).to.contain(
      'Network not verified: ec2:DescribeRouteTables was denied (UnauthorizedOperation)',
    );
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('stops with the function error when the preflight throws', async () => {
    const cluster = setUp();
    const failing: RunOptions['invokeLambda'] = async () => {
      throw Object.assign(
        new Error('Could not assume arn:aws:iam::111122223333:role/Evr in account 111122223333 (AccessDenied: x).'),
        { name: 'AssumeRoleError' },
      );
    };
    const result = await run({}, { invokeLambda: failing });
    expect(result.steps.find((s) => s.name === 'Preflight')).to.deep.include({ status: 'Success' });
    expect(result.steps.find((s) => s.name === 'Preflight')?.outputs.FunctionError).to.equal('Unhandled');
    expect(result.failureMessage).to.contain(
      'the preflight function failed: Could not assume arn:aws:iam::111122223333:role/Evr',
    );
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('stops with what to check when the preflight function does not exist', async () => {
    const cluster = setUp();
    const result = await run({ PreflightFunction: 'no-such-function' });
    expect(result.failureMessage).to.contain('The preflight function no-such-function could not be invoked.');
    expect(cluster.modifyCalls()).to.equal(0);
  });

  it('waits for a busy cluster to be available before modifying it', async () => {
    const cluster = setUp({ status: 'resizing', busyPolls: 3 });
    const result = await run();
    expect(result.status, result.failureMessage).to.equal('Success');
    // DescribeCluster and the preflight saw "resizing"; the wait polls until the resize is over.
    expect(result.steps.find((s) => s.name === 'WaitForAvailableBeforeChange')?.polls).to.be.greaterThan(1);
    expect(cluster.modifyCalls()).to.equal(1);
  });

  it('fails cleanly when the cluster never becomes available', async () => {
    const cluster = setUp({ status: 'resizing' });
    const result = await run();
    expect(result.status).to.equal('Failed');
    expect(result.failureMessage).to.match(/^Step WaitForAvailableBeforeChange failed: .*timed out after 3600 s/);
    expect(result.elapsedSeconds).to.equal(3600);
    expect(cluster.modifyCalls()).to.equal(0);
  });
});
