import { DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  RedshiftServerlessClient,
  UpdateWorkgroupCommand,
} from '@aws-sdk/client-redshift-serverless';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import sinon from 'sinon';
import { handler as preflight } from '../../src/handlers/preflight.ts';
import { routes, routeTable } from '../support/awsShapes.ts';
import { type AccountData, installFakeAccount, serviceError } from '../support/fakeAccount.ts';
import { useClientMock } from '../support/mocks.ts';
import { loadDocument } from '../support/runbook/document.ts';
import { type RunOptions, runRunbook } from '../support/runbook/runRunbook.ts';
import { installStatefulWorkgroup, type StatefulWorkgroupSpec } from '../support/statefulWorkgroup.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const DOCUMENT = 'automation-documents/EnableRedshiftServerlessEnhancedVpcRouting.yaml';
const ROLE = 'arn:aws:iam::111122223333:role/redshift-evr-remediation';
const WORKGROUP = 'wg-0';
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
  // The function logs one JSON line per decision (tested in test/handlers): keep it out of the test output.
  const quiet = sinon.stub(process.stdout, 'write').returns(true);
  try {
    return await preflight(payload, context);
  } finally {
    quiet.restore();
  }
};

/** vpc-0 (subnet-0a, subnet-0b: the workgroup's subnets) with S3 through a gateway endpoint and DNS on. */
const readyAccount = (): AccountData => syntheticAccount(0, 1);
/** Take away the S3 path of vpc-0: only the main table with the local route remains. */
const removeS3Route = (data: AccountData): AccountData => {
  data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
  data.vpcEndpoints = [];
  return data;
};
const withoutS3Route = (): AccountData => removeS3Route(readyAccount());

/** The operator reads every problem in full, with its fix (not Config's 256-character annotation). */
const NO_S3_ROUTE =
  'Enhanced VPC routing is off. No S3 route from subnet-0a, subnet-0b (route table rtb-0m). Fix: add an S3 gateway endpoint to rtb-0m (aws ec2 create-vpc-endpoint --vpc-id vpc-0 --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3 --route-table-ids rtb-0m).';
const SKIP_HATCH = 'SkipPreflight=true';
const APPROVER = 'arn:aws:iam::111122223333:role/DataPlatformLead';

describe('workgroup remediation runbook (through the local runner)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);

  const setUp = (workgroup: Partial<StatefulWorkgroupSpec> = {}, data: AccountData = readyAccount()) => {
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    return installStatefulWorkgroup(serverless(), { name: WORKGROUP, ...workgroup });
  };
  const run = (parameters: Record<string, unknown> = {}, options: RunOptions = {}) =>
    runRunbook(
      DOCUMENT,
      { WorkgroupName: WORKGROUP, AutomationAssumeRole: ROLE, ...parameters },
      { invokeLambda, pollSeconds: 30, ...options },
    );
  type Result = Awaited<ReturnType<typeof run>>;
  const stepNames = (result: Result) => result.steps.map((s) => s.name);
  const payloadOf = (result: Result, step: string) => JSON.parse(String(result.outputs[`${step}.Payload`]));
  const updates = () => serverless().commandCalls(UpdateWorkgroupCommand);
  const approving = (onApproval: () => void = () => {}, messages: string[] = []): RunOptions => ({
    approve: async (request) => {
      messages.push(request.message);
      onApproval();
      return 'Approved';
    },
  });
  const withApproval = { RequireApproval: true, Approvers: [APPROVER] };

  describe('already enabled', () => {
    it('succeeds without any change and without a warning when the prerequisites are met', async () => {
      const workgroup = setUp({ evr: true });
      const result = await run();
      expect(result.status).to.equal('Success');
      expect(stepNames(result)).to.deep.equal([
        'DescribeWorkgroup',
        'Preflight',
        'BranchOnPreflight',
        'AlreadyEnabled',
      ]);
      expect(result.outputs).to.deep.include({
        'DescribeWorkgroup.EnhancedVpcRouting': true,
        'DescribeWorkgroup.WorkgroupStatus': 'AVAILABLE',
        'AlreadyEnabled.Result': 'NO_CHANGE: enhanced VPC routing was already on for workgroup wg-0.',
        'AlreadyEnabled.Warning': '',
      });
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('succeeds with a warning naming the missing S3 path, since COPY/UNLOAD may be failing now', async () => {
      const workgroup = setUp({ evr: true }, withoutS3Route());
      const result = await run();
      expect(result.status).to.equal('Success');
      const warning = String(result.outputs['AlreadyEnabled.Warning']);
      expect(warning).to.contain(
        'No S3 route from subnet-0a, subnet-0b (route table rtb-0m). Fix: add an S3 gateway endpoint to rtb-0m',
      );
      expect(result.outputs['AlreadyEnabled.Result']).to.equal(
        `NO_CHANGE: enhanced VPC routing was already on for workgroup wg-0. WARNING, COPY/UNLOAD may be failing now: ${warning}`,
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });
  });

  describe('enabling', () => {
    it('enables EVR on a ready workgroup, re-checks right before the change, waits for it and verifies', async () => {
      const workgroup = setUp({ modifyingPolls: 4 });
      const result = await run();
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(stepNames(result)).to.deep.equal([
        'DescribeWorkgroup',
        'Preflight',
        'BranchOnPreflight',
        'BranchOnApproval',
        'WaitForAvailableBeforeChange',
        'RecheckPreflight',
        'BranchOnRecheck',
        'EnableEnhancedVpcRouting',
        'WaitForChangeApplied',
        'WaitForAvailableAfterChange',
        'VerifyEnhancedVpcRouting',
        'DescribeFinalState',
        'Report',
      ]);
      expect(workgroup.updateCalls()).to.equal(1);
      expect(updates()[0]?.args[0].input).to.deep.equal({ workgroupName: 'wg-0', enhancedVpcRouting: true });
      // The preflight read the workgroup, not a cluster of the same name.
      expect(payloadOf(result, 'Preflight')).to.include({
        kind: 'workgroup',
        workgroupName: 'wg-0',
        ready: true,
        decision: 'ready',
        skipped: false,
      });
      expect(payloadOf(result, 'Preflight')).not.to.have.property('clusterIdentifier');
      expect(redshift().calls()).to.have.length(0);
      expect(result.outputs).to.deep.include({
        'DescribeWorkgroup.EnhancedVpcRouting': false,
        'DescribeFinalState.EnhancedVpcRouting': true,
        'DescribeFinalState.WorkgroupStatus': 'AVAILABLE',
        'Report.Result': 'ENABLED: enhanced VPC routing is on for workgroup wg-0 and the workgroup is AVAILABLE.',
        'Report.PreflightSkipped': false,
      });
      expect(result.outputs['Report.PreflightExplanation']).to.match(
        /^Preflight passed\. Enhanced VPC routing is off\. Ready to remediate: S3 reachable via S3 gateway endpoint/,
      );
    });

    it('waits for the flag, then for AVAILABLE, while the workgroup is MODIFYING', async () => {
      setUp({ modifyingPolls: 4 });
      const result = await run();
      // 4 reads MODIFYING, then the flag is on and the workgroup AVAILABLE.
      expect(result.steps.find((s) => s.name === 'WaitForChangeApplied')?.polls).to.equal(5);
      expect(result.steps.find((s) => s.name === 'WaitForAvailableAfterChange')?.polls).to.equal(1);
      expect(result.status).to.equal('Success');
    });

    it('waits for the flag, not just AVAILABLE, which may be read before the change starts', async () => {
      setUp({ pendingPolls: 3, modifyingPolls: 2 });
      const result = await run();
      const wait = result.steps.find((s) => s.name === 'WaitForChangeApplied');
      // 3 reads still AVAILABLE with the flag off, 2 MODIFYING, then the flag is on.
      expect(wait?.polls).to.equal(6);
      expect(result.status).to.equal('Success');
    });

    it('would fail verification if it waited only for AVAILABLE (the race is real)', async () => {
      setUp({ pendingPolls: 3, modifyingPolls: 2 });
      const document = await loadDocument(DOCUMENT);
      const naive = {
        ...document,
        mainSteps: document.mainSteps
          .filter((s) => s.name !== 'WaitForChangeApplied')
          .map((s) => (s.name === 'EnableEnhancedVpcRouting' ? { ...s, nextStep: 'WaitForAvailableAfterChange' } : s)),
      };
      const result = await runRunbook(
        naive,
        { WorkgroupName: WORKGROUP, AutomationAssumeRole: ROLE },
        { invokeLambda },
      );
      expect(result.status).to.equal('Failed');
      expect(result.failureMessage).to.match(
        /^Step VerifyEnhancedVpcRouting failed: .*\$\.workgroup\.enhancedVpcRouting is False/,
      );
    });

    for (const status of ['MODIFYING', 'CREATING']) {
      it(`waits for a ${status} workgroup to be AVAILABLE before updating it`, async () => {
        const workgroup = setUp({ status, busyPolls: 3 });
        const result = await run();
        expect(result.status, result.failureMessage).to.equal('Success');
        expect(payloadOf(result, 'Preflight')).to.include({ decision: 'ready' });
        expect(result.steps.find((s) => s.name === 'WaitForAvailableBeforeChange')?.polls).to.be.greaterThan(1);
        expect(workgroup.updateCalls()).to.equal(1);
      });
    }

    it('ends unchanged when the workgroup is not AVAILABLE within AvailabilityTimeoutSeconds', async () => {
      const workgroup = setUp({ status: 'MODIFYING' });
      const result = await run({ AvailabilityTimeoutSeconds: 600 });
      expect(result.status).to.equal('Failed');
      expect(result.elapsedSeconds).to.equal(600);
      expect(stepNames(result).at(-1)).to.equal('StopNotAvailable');
      expect(result.failureMessage).to.equal(
        'Step StopNotAvailable failed: Exception: Workgroup wg-0 did not become AVAILABLE within 600 seconds ' +
          '(the WaitForAvailableBeforeChange step shows its last state); nothing was changed. Run the remediation ' +
          'again once the workgroup is AVAILABLE, or give AvailabilityTimeoutSeconds more time.',
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it("fails with AWS's error, unchanged, when Redshift Serverless refuses the update (a change started meanwhile)", async () => {
      const workgroup = setUp();
      let invocations = 0;
      // Someone else's modification starts between the re-check and the update.
      const racing: RunOptions['invokeLambda'] = async (name, payload) => {
        const answer = await invokeLambda?.(name, payload);
        if (++invocations === 2) workgroup.setStatus('MODIFYING');
        return answer;
      };
      const result = await run({}, { invokeLambda: racing });
      expect(result.status).to.equal('Failed');
      expect(stepNames(result).at(-1)).to.equal('EnableEnhancedVpcRouting');
      expect(result.failureMessage).to.equal(
        'Step EnableEnhancedVpcRouting failed: An error occurred (ConflictException) when calling the UpdateWorkgroup operation: Workgroup wg-0 is MODIFYING; try again once it is AVAILABLE.',
      );
    });
  });

  describe('blocked by the preflight, with advice for the cause', () => {
    const blocked = async (data: AccountData, parameters: Record<string, unknown> = {}) => {
      const workgroup = setUp({}, data);
      const result = await run(parameters);
      expect(result.status).to.equal('Failed');
      expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
      expect(workgroup.updateCalls()).to.equal(0);
      expect(updates()).to.have.length(0);
      return String(result.failureMessage);
    };
    const LEAD =
      'Step StopPreflightBlocked failed: Exception: The preflight stopped enabling enhanced VPC routing on workgroup wg-0; nothing was changed.';

    it('a missing S3 route: the route fix, and no SkipPreflight hatch', async () => {
      expect(await blocked(withoutS3Route())).to.equal(
        `${LEAD} ${NO_S3_ROUTE} Fix this, then run the remediation again.`,
      );
    });

    it('several problems at once: each with its fix, none dropped or shortened', async () => {
      const data = withoutS3Route();
      data.vpcAttributes['vpc-0'] = { enableDnsSupport: true, enableDnsHostnames: false };
      const message = await blocked(data);
      expect(message).to.contain(NO_S3_ROUTE);
      expect(message).to.contain('VPC vpc-0 has DNS hostnames off (enableDnsHostnames). Fix: enable it');
    });

    it('DNS attributes off: enable them, and no SkipPreflight hatch', async () => {
      const data = readyAccount();
      data.vpcAttributes['vpc-0'] = { enableDnsSupport: false, enableDnsHostnames: false };
      const message = await blocked(data);
      expect(message).to.contain(
        'VPC vpc-0 has DNS resolution off (enableDnsSupport). Fix: enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0 --enable-dns-support).',
      );
      expect(message).to.contain(
        'VPC vpc-0 has DNS hostnames off (enableDnsHostnames). Fix: enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0 --enable-dns-hostnames).',
      );
      expect(message).not.to.contain(SKIP_HATCH);
    });

    it('no internet path with RequireInternetPath: a NAT gateway route, and no SkipPreflight hatch', async () => {
      const message = await blocked(readyAccount(), { RequireInternetPath: true });
      expect(message).to.contain('Fix: add a default route (0.0.0.0/0) to a NAT gateway in rtb-0p.');
      expect(message).not.to.contain(SKIP_HATCH);
    });

    it('an S3 path the engine cannot verify (a NAT instance): the SkipPreflight hatch', async () => {
      const data = readyAccount();
      data.routeTables = [
        routeTable('rtb-0m', 'vpc-0', {
          main: true,
          routes: [routes.local(), routes.natInstance('i-0nat', 'eni-0nat')],
        }),
      ];
      data.vpcEndpoints = [];
      const message = await blocked(data);
      expect(message).to.contain(
        'via i-0nat is unverified. Fix: confirm that path reaches S3, or add an S3 gateway endpoint to rtb-0m.',
      );
      expect(message).to.contain(
        'Fix this, then run the remediation again. If you have verified yourself that this path reaches S3 (and that VPC DNS resolution and hostnames are on), run the remediation with SkipPreflight=true.',
      );
    });

    it('stops when the workgroup is being deleted, skipped or not', async () => {
      for (const SkipPreflight of [false, true]) {
        const workgroup = setUp({ status: 'DELETING' });
        const result = await run({ SkipPreflight });
        expect(result.failureMessage, `SkipPreflight=${SkipPreflight}`).to.equal(
          `${LEAD} Workgroup is DELETING: it is being deleted; nothing to remediate.`,
        );
        expect(payloadOf(result, 'Preflight')).to.include({ decision: 'not-modifiable', ready: false });
        expect(workgroup.updateCalls()).to.equal(0);
      }
    });

    it('stops with what to check when the workgroup is gone by the time the preflight reads it', async () => {
      const workgroup = setUp();
      // Read by DescribeWorkgroup, deleted before the preflight looks.
      const afterDeletion: RunOptions['invokeLambda'] = async (name, payload) => {
        serverless()
          .on(GetWorkgroupCommand)
          .rejects(serviceError('ResourceNotFoundException', 'Workgroup wg-0 not found.'));
        return invokeLambda?.(name, payload);
      };
      const result = await run({}, { invokeLambda: afterDeletion });
      expect(payloadOf(result, 'Preflight')).to.include({ decision: 'not-found', ready: false });
      expect(result.failureMessage).to.equal(
        `${LEAD} Workgroup wg-0 was not found in account 111122223333, Region us-east-1. Check WorkgroupName, and run the remediation in the workgroup's account and Region.`,
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });
  });

  describe('SkipPreflight', () => {
    it('proceeds without checking the network, and says so in the preflight, the report and its outputs', async () => {
      const workgroup = setUp({}, withoutS3Route());
      const result = await run({ SkipPreflight: true });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(payloadOf(result, 'Preflight')).to.include({ ready: true, skipped: true });
      expect(ec2().calls()).to.have.length(0);
      expect(workgroup.updateCalls()).to.equal(1);
      expect(result.outputs).to.deep.include({
        'Report.Result':
          'ENABLED: enhanced VPC routing is on for workgroup wg-0 and the workgroup is AVAILABLE. The network prerequisites were NOT checked (SkipPreflight=true).',
        'Report.PreflightSkipped': true,
      });
      expect(result.outputs['Report.PreflightExplanation']).to.match(
        /^Network prerequisites not checked: SkipPreflight=true\./,
      );
    });

    it('tells the approver that the preflight did not check the network', async () => {
      setUp({}, withoutS3Route());
      const messages: string[] = [];
      const result = await run(
        { SkipPreflight: true, ...withApproval },
        approving(() => {}, messages),
      );
      expect(result.status).to.equal('Success');
      expect(messages).to.have.length(1);
      expect(messages[0]).to.contain(
        'The preflight did NOT check the network (SkipPreflight=true): Network prerequisites not checked',
      );
    });

    it('reports "already on" without a network warning, saying the prerequisites were not checked', async () => {
      const workgroup = setUp({ evr: true }, withoutS3Route());
      const result = await run({ SkipPreflight: true });
      expect(result.outputs['AlreadyEnabled.Warning']).to.equal('Prerequisites not checked (SkipPreflight=true).');
      expect(ec2().calls()).to.have.length(0);
      expect(workgroup.updateCalls()).to.equal(0);
    });
  });

  describe('approval', () => {
    it('tells the approver what the preflight found, and that it runs again before the change', async () => {
      const workgroup = setUp();
      const messages: string[] = [];
      const asked: unknown[] = [];
      const result = await run(withApproval, {
        approve: async (request) => {
          messages.push(request.message);
          asked.push(request.approvers);
          return 'Approved';
        },
      });
      expect(result.status, result.failureMessage).to.equal('Success');
      expect(asked).to.deep.equal([[APPROVER]]);
      expect(messages[0]).to.match(
        /^Enable enhanced VPC routing on Redshift Serverless workgroup wg-0\? The preflight checked the network: Preflight passed\. .*The preflight runs again right before the change\./,
      );
      expect(workgroup.updateCalls()).to.equal(1);
    });

    it('makes no change when the approver rejects it', async () => {
      const workgroup = setUp();
      const result = await run(withApproval, { approve: async () => 'Rejected' });
      expect(result.status).to.equal('Failed');
      expect(stepNames(result).at(-1)).to.equal('Approve');
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('makes no change when the S3 route is removed while the approval waits', async () => {
      const data = readyAccount();
      const workgroup = setUp({}, data);
      const result = await run(
        withApproval,
        approving(() => removeS3Route(data)),
      );
      expect(result.status).to.equal('Failed');
      expect(payloadOf(result, 'Preflight')).to.include({ ready: true });
      expect(stepNames(result).slice(-3)).to.deep.equal(['RecheckPreflight', 'BranchOnRecheck', 'StopRecheckBlocked']);
      expect(result.failureMessage).to.equal(
        'Step StopRecheckBlocked failed: Exception: The re-check right before the change stopped enabling enhanced VPC routing on workgroup wg-0 ' +
          '(the workgroup or its network changed while the runbook waited); nothing was changed. ' +
          `${NO_S3_ROUTE} Fix this, then run the remediation again.`,
      );
      expect(workgroup.updateCalls()).to.equal(0);
      expect(updates()).to.have.length(0);
    });

    it('ends successfully without a change when the workgroup is exempted while the approval waits', async () => {
      const workgroup = setUp();
      const result = await run(
        { ...withApproval, ExemptionTagKey: 'evr-exempt' },
        approving(() => workgroup.setTags({ 'evr-exempt': 'vendor appliance' })),
      );
      expect(result.status).to.equal('Success');
      expect(stepNames(result).at(-1)).to.equal('ExemptAtRecheck');
      expect(result.outputs['ExemptAtRecheck.Result']).to.equal(
        'NO_CHANGE: workgroup wg-0 is exempt: vendor appliance (tagged while the runbook waited). Nothing was changed.',
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('ends successfully without a change when someone else enables EVR while the approval waits', async () => {
      const workgroup = setUp();
      const result = await run(
        withApproval,
        approving(() => workgroup.enableFromOutside()),
      );
      expect(result.status).to.equal('Success');
      expect(stepNames(result).at(-1)).to.equal('AlreadyEnabledAtRecheck');
      expect(result.outputs).to.deep.include({
        'AlreadyEnabledAtRecheck.Result':
          'NO_CHANGE: enhanced VPC routing was turned on for workgroup wg-0 while the runbook waited.',
        'AlreadyEnabledAtRecheck.Warning': '',
      });
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('ends at once, unchanged, with what to do, when the workgroup is being deleted while the approval waits', async () => {
      const workgroup = setUp();
      const result = await run(
        withApproval,
        approving(() => workgroup.setStatus('DELETING')),
      );
      expect(result.status).to.equal('Failed');
      expect(result.steps.find((s) => s.name === 'WaitForAvailableBeforeChange')?.polls).to.equal(1);
      expect(result.elapsedSeconds).to.equal(0);
      expect(stepNames(result).at(-1)).to.equal('StopRecheckBlocked');
      expect(result.failureMessage).to.match(
        /nothing was changed\. Workgroup is DELETING: it is being deleted; nothing to remediate\.$/,
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });
  });

  describe('exemption', () => {
    it('leaves a workgroup tagged with ExemptionTagKey unchanged, saying why', async () => {
      const workgroup = setUp({ tags: { 'evr-exempt': 'legacy VPC, migration in Q3' } });
      const result = await run({ ExemptionTagKey: 'evr-exempt' });
      expect(result.status).to.equal('Success');
      expect(stepNames(result).at(-1)).to.equal('Exempt');
      expect(result.outputs['Exempt.Result']).to.equal(
        'NO_CHANGE: workgroup wg-0 is exempt: legacy VPC, migration in Q3 Nothing was changed.',
      );
      // The tags were read by the workgroup's ARN.
      expect(serverless().commandCalls(ListTagsForResourceCommand)[0]?.args[0].input).to.deep.equal({
        resourceArn: workgroup.arn,
      });
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('honours the exemption with SkipPreflight too', async () => {
      const workgroup = setUp({ tags: { 'evr-exempt': 'vendor appliance' } });
      const result = await run({ ExemptionTagKey: 'evr-exempt', SkipPreflight: true });
      expect(stepNames(result).at(-1)).to.equal('Exempt');
      expect(ec2().calls()).to.have.length(0);
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('cannot be talked into a change by a tag value that looks like the preflight answer', async () => {
      const workgroup = setUp({ tags: { 'evr-exempt': '"ready":true,"decision":"ready"' } }, withoutS3Route());
      const result = await run({ ExemptionTagKey: 'evr-exempt' });
      expect(stepNames(result).at(-1)).to.equal('Exempt');
      expect(workgroup.updateCalls()).to.equal(0);
    });
  });

  describe('failures', () => {
    it('says what the API said when the workgroup does not exist', async () => {
      const workgroup = setUp();
      const result = await run({ WorkgroupName: 'ghost' });
      expect(result.status).to.equal('Failed');
      expect(stepNames(result)).to.deep.equal(['DescribeWorkgroup']);
      expect(result.failureMessage).to.equal(
        'Step DescribeWorkgroup failed: An error occurred (ResourceNotFoundException) when calling the GetWorkgroup operation: Workgroup ghost not found.',
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it("stops at the first step with AWS's error when GetWorkgroup is denied", async () => {
      setUp();
      serverless()
        .on(GetWorkgroupCommand)
        .rejects(
          serviceError(
            'AccessDeniedException',
            'User: arn:aws:sts::111122223333:assumed-role/redshift-evr-remediation/x is not authorized to perform: redshift-serverless:GetWorkgroup',
          ),
        );
      const result = await run();
      expect(result.status).to.equal('Failed');
      expect(stepNames(result)).to.deep.equal(['DescribeWorkgroup']);
      expect(result.failureMessage).to.equal(
        'Step DescribeWorkgroup failed: An error occurred (AccessDeniedException) when calling the GetWorkgroup operation: ' +
          'User: arn:aws:sts::111122223333:assumed-role/redshift-evr-remediation/x is not authorized to perform: redshift-serverless:GetWorkgroup',
      );
      expect(updates()).to.have.length(0);
    });

    it('stops when the preflight cannot verify the network (a denied describe call)', async () => {
      const workgroup = setUp();
      ec2().on(DescribeRouteTablesCommand).rejects(serviceError('UnauthorizedOperation'));
      const result = await run();
      expect(result.status).to.equal('Failed');
      expect(result.failureMessage).to.contain(
        'ec2:DescribeRouteTables was denied (UnauthorizedOperation) Fix: grant ec2:DescribeRouteTables to the identity that evaluates, then re-evaluate.',
      );
      expect(result.failureMessage).not.to.contain(SKIP_HATCH);
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('stops with the function error when the exemption tags cannot be read', async () => {
      const workgroup = setUp();
      serverless().on(ListTagsForResourceCommand).rejects(serviceError('AccessDeniedException'));
      const result = await run({ ExemptionTagKey: 'evr-exempt' });
      expect(result.steps.find((s) => s.name === 'Preflight')?.outputs.FunctionError).to.equal('Unhandled');
      expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
      expect(result.failureMessage).to.contain(
        'nothing was changed. The preflight function failed: redshift-serverless:ListTagsForResource',
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('stops with the function error when the preflight throws (a function error is an output, not a step failure)', async () => {
      const workgroup = setUp();
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
        'nothing was changed. The preflight function failed: Could not assume arn:aws:iam::111122223333:role/Evr',
      );
      expect(workgroup.updateCalls()).to.equal(0);
    });

    it('stops with what to check when the preflight function does not exist', async () => {
      const workgroup = setUp();
      const result = await run({ PreflightFunction: 'no-such-function' });
      expect(stepNames(result).at(-1)).to.equal('StopPreflightUnavailable');
      expect(result.failureMessage).to.contain('The preflight function no-such-function could not be invoked.');
      expect(workgroup.updateCalls()).to.equal(0);
    });
  });
});
