import { DescribeRouteTablesCommand } from '@aws-sdk/client-ec2';
import { GetWorkgroupCommand, ListTagsForResourceCommand } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { restrictEndpoints } from '../support/endpointPolicy.ts';
import type { AccountData } from '../support/fakeAws/account.ts';
import { routes, routeTable } from '../support/fakeAws/builders.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import type { StatefulResourceSpec } from '../support/fakeAws/statefulResource.ts';
import { loadDocument } from '../support/runbook/document.ts';
import { KINDS, type RunbookMocks, useRunbookMocks } from '../support/runbook/kinds.ts';
import { invokePreflight } from '../support/runbook/preflightLambda.ts';
import { type RunOptions, runRunbook } from '../support/runbook/runRunbook.ts';

const ROLE = 'arn:aws:iam::111122223333:role/redshift-evr-remediation';
const invokeLambda = invokePreflight;

/** Take away the S3 path of vpc-0: only the main table with the local route remains. */
const removeS3Route = (data: AccountData): AccountData => {
  data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
  data.vpcEndpoints = [];
  return data;
};

/** The operator reads every problem in full, with its fix (not Config's 256-character annotation). */
const NO_S3_ROUTE =
  'Enhanced VPC routing is off. No S3 route from subnet-0a, subnet-0b (route table rtb-0m). Fix: add an S3 gateway endpoint to rtb-0m (aws ec2 create-vpc-endpoint --vpc-id vpc-0 --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3 --route-table-ids rtb-0m).';
const SKIP_HATCH = 'SkipPreflight=true';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const APPROVER = 'arn:aws:iam::111122223333:role/DataPlatformLead';

for (const kind of KINDS) {
  describe(`${kind.name} remediation runbook (through the local runner)`, () => {
    const mocks: RunbookMocks = useRunbookMocks();
    const { ec2, serverless } = mocks;
    const { name: noun, id, available } = kind;
    /** How the runbook's results name the resource: "cluster c-0". */
    const label = `${noun} ${id}`;
    const Noun = `${noun[0]?.toUpperCase()}${noun.slice(1)}`;

    const withoutS3Route = (): AccountData => removeS3Route(kind.readyAccount());
    const setUp = (spec: StatefulResourceSpec = {}, data: AccountData = kind.readyAccount()) =>
      kind.install(mocks, spec, data);
    const run = (parameters: Record<string, unknown> = {}, options: RunOptions = {}) =>
      runRunbook(
        kind.document,
        // ChangeWindow now unless a test says otherwise: the change-window tests below run on a clock.
        { [kind.nameParameter]: id, AutomationAssumeRole: ROLE, ChangeWindow: 'now', ...parameters },
        { invokeLambda, pollSeconds: 30, ...options },
      );
    type Result = Awaited<ReturnType<typeof run>>;
    const stepNames = (result: Result) => result.steps.map((s) => s.name);
    const payloadOf = (result: Result, step: string) => JSON.parse(String(result.outputs[`${step}.Payload`]));
    const changeRequests = () => kind.changeRequests(mocks);
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
        const resource = setUp({ evr: true });
        const result = await run();
        expect(result.status).to.equal('Success');
        expect(stepNames(result)).to.deep.equal([
          kind.describeStep,
          'Preflight',
          'BranchOnPreflight',
          'AlreadyEnabled',
        ]);
        expect(result.outputs).to.deep.include({
          [`${kind.describeStep}.EnhancedVpcRouting`]: true,
          [`${kind.describeStep}.${kind.statusOutput}`]: available,
          'AlreadyEnabled.Result': `NO_CHANGE: enhanced VPC routing was already on for ${label}.`,
          'AlreadyEnabled.Warning': '',
        });
        expect(resource.changeCalls()).to.equal(0);
      });

      it('succeeds with a warning naming the missing S3 path, since COPY/UNLOAD may be failing now', async () => {
        const resource = setUp({ evr: true }, withoutS3Route());
        const result = await run();
        expect(result.status).to.equal('Success');
        const warning = String(result.outputs['AlreadyEnabled.Warning']);
        expect(warning).to.contain(
          'No S3 route from subnet-0a, subnet-0b (route table rtb-0m). Fix: add an S3 gateway endpoint to rtb-0m',
        );
        expect(result.outputs['AlreadyEnabled.Result']).to.equal(
          `NO_CHANGE: enhanced VPC routing was already on for ${label}. WARNING, COPY/UNLOAD may be failing now: ${warning}`,
        );
        expect(resource.changeCalls()).to.equal(0);
      });
    });

    describe('enabling', () => {
      it(`enables EVR on a ready ${noun}, re-checks right before the change, waits for it and verifies`, async () => {
        const resource = setUp({ modifyingPolls: 4 });
        const result = await run();
        expect(result.status, result.failureMessage).to.equal('Success');
        expect(stepNames(result)).to.deep.equal([
          kind.describeStep,
          'Preflight',
          'BranchOnPreflight',
          'BranchOnApproval',
          'WaitForAvailableBeforeChange',
          'RecheckPreflight',
          'BranchOnRecheck',
          'CheckChangeWindow',
          'BranchOnChangeWindow',
          'EnableEnhancedVpcRouting',
          'WaitForChangeApplied',
          'WaitForAvailableAfterChange',
          'VerifyEnhancedVpcRouting',
          'DescribeFinalState',
          // UpdateSecurityHubFinding is false and WatchMinutes 0 by default: no NoteFinding, no watch.
          'BranchOnFindingNote',
          'BranchOnWatch',
          'Report',
        ]);
        expect(resource.changeCalls()).to.equal(1);
        expect(changeRequests()[0]).to.deep.equal(kind.changeInput);
        // The preflight read this resource, not one of the other kind with the same name.
        expect(payloadOf(result, 'Preflight')).to.include({
          ...kind.preflightTarget,
          ready: true,
          decision: 'ready',
          skipped: false,
        });
        expect(payloadOf(result, 'Preflight')).not.to.have.property(kind.otherTargetKey);
        expect(kind.otherServiceCalls(mocks)).to.have.length(0);
        expect(result.outputs).to.deep.include({
          [`${kind.describeStep}.EnhancedVpcRouting`]: false,
          'DescribeFinalState.EnhancedVpcRouting': true,
          [`DescribeFinalState.${kind.statusOutput}`]: available,
          'Report.Result': `ENABLED: enhanced VPC routing is on for ${label} and the ${noun} is ${available}.`,
          'Report.PreflightSkipped': false,
        });
        expect(result.outputs['Report.PreflightExplanation']).to.match(
          /^Preflight passed\. Enhanced VPC routing is off\. Ready to remediate: S3 reachable via S3 gateway endpoint/,
        );
      });

      it(`waits for the flag, then for ${available}, while the ${noun} is ${kind.modifying}`, async () => {
        setUp({ pendingPolls: 0, modifyingPolls: 4 });
        const result = await run();
        // 4 reads modifying, then the flag is on and the resource available.
        expect(result.steps.find((s) => s.name === 'WaitForChangeApplied')?.polls).to.equal(5);
        expect(result.steps.find((s) => s.name === 'WaitForAvailableAfterChange')?.polls).to.equal(1);
        expect(result.status).to.equal('Success');
      });

      it(`waits for the flag, not just "${available}", which may be read before the change starts`, async () => {
        setUp({ pendingPolls: 3, modifyingPolls: 2 });
        const result = await run();
        const wait = result.steps.find((s) => s.name === 'WaitForChangeApplied');
        // 3 reads still available with the flag off, 2 modifying, then the flag is on.
        expect(wait?.polls).to.equal(6);
        expect(result.status).to.equal('Success');
      });

      it(`would fail verification if it waited only for "${available}" (the race is real)`, async () => {
        setUp({ pendingPolls: 3, modifyingPolls: 2 });
        const document = await loadDocument(kind.document);
        const naive = {
          ...document,
          mainSteps: document.mainSteps
            .filter((s) => s.name !== 'WaitForChangeApplied')
            .map((s) =>
              s.name === 'EnableEnhancedVpcRouting' ? { ...s, nextStep: 'WaitForAvailableAfterChange' } : s,
            ),
        };
        const result = await runRunbook(
          naive,
          { [kind.nameParameter]: id, AutomationAssumeRole: ROLE, ChangeWindow: 'now' },
          { invokeLambda },
        );
        expect(result.status).to.equal('Failed');
        expect(result.failureMessage).to.match(/^Step VerifyEnhancedVpcRouting failed: /);
        expect(result.failureMessage).to.contain(`${kind.flagSelector} is False`);
      });

      for (const status of kind.busyStatuses) {
        it(`waits for a ${status} ${noun} to be ${available} before ${kind.changing} it`, async () => {
          const resource = setUp({ status, busyPolls: 3 });
          const result = await run();
          expect(result.status, result.failureMessage).to.equal('Success');
          expect(payloadOf(result, 'Preflight')).to.include({ decision: 'ready' });
          expect(result.steps.find((s) => s.name === 'WaitForAvailableBeforeChange')?.polls).to.be.greaterThan(1);
          expect(resource.changeCalls()).to.equal(1);
        });
      }

      it(`ends unchanged when the ${noun} is not ${available} within AvailabilityTimeoutSeconds`, async () => {
        const resource = setUp({ status: kind.busyStatuses[0] });
        const result = await run({ AvailabilityTimeoutSeconds: 600 });
        expect(result.status).to.equal('Failed');
        expect(result.elapsedSeconds).to.equal(600);
        expect(stepNames(result).at(-1)).to.equal('StopNotAvailable');
        expect(result.failureMessage).to.equal(
          `Step StopNotAvailable failed: Exception: ${Noun} ${id} did not become ${available} within 600 seconds ` +
            '(the WaitForAvailableBeforeChange step shows its last state); nothing was changed. Run the remediation ' +
            `again once the ${noun} is ${available}, or give AvailabilityTimeoutSeconds more time.`,
        );
        expect(resource.changeCalls()).to.equal(0);
      });

      if (kind.name === 'workgroup') {
        it("fails with AWS's error, unchanged, when Redshift Serverless refuses the update (a change started meanwhile)", async () => {
          const resource = setUp();
          let invocations = 0;
          // Someone else's modification starts between the re-check and the update.
          const racing: RunOptions['invokeLambda'] = async (name, payload) => {
            const answer = await invokeLambda(name, payload);
            if (++invocations === 2) resource.setStatus('MODIFYING');
            return answer;
          };
          const result = await run({}, { invokeLambda: racing });
          expect(result.status).to.equal('Failed');
          expect(stepNames(result).at(-1)).to.equal('EnableEnhancedVpcRouting');
          expect(result.failureMessage).to.equal(
            'Step EnableEnhancedVpcRouting failed: An error occurred (ConflictException) when calling the UpdateWorkgroup operation: Workgroup wg-0 is MODIFYING; try again once it is AVAILABLE.',
          );
        });
      }
    });

    describe('blocked by the preflight, with advice for the cause', () => {
      const blocked = async (data: AccountData, parameters: Record<string, unknown> = {}) => {
        const resource = setUp({}, data);
        const result = await run(parameters);
        expect(result.status).to.equal('Failed');
        expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
        expect(resource.changeCalls()).to.equal(0);
        expect(changeRequests()).to.have.length(0);
        return String(result.failureMessage);
      };
      const LEAD = `Step StopPreflightBlocked failed: Exception: The preflight stopped enabling enhanced VPC routing on ${kind.stopTarget}; nothing was changed.`;

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
        expect(message).not.to.contain('more: redshift-evr scan');
      });

      it('DNS attributes off: enable them, and no SkipPreflight hatch', async () => {
        const data = kind.readyAccount();
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
        const message = await blocked(kind.readyAccount(), { RequireInternetPath: true });
        expect(message).to.contain('Fix: add a default route (0.0.0.0/0) to a NAT gateway in rtb-0p.');
        expect(message).not.to.contain(SKIP_HATCH);
      });

      it('an S3 path the engine cannot verify (a NAT instance): the SkipPreflight hatch', async () => {
        const data = kind.readyAccount();
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
          'Fix this, then run the remediation again. If you have verified yourself that this path reaches S3 (and that VPC DNS resolution and hostnames are on, and the security groups and network ACLs let the traffic through), run the remediation with SkipPreflight=true.',
        );
      });

      for (const { status, words, reason } of kind.stopStatuses) {
        it(`stops when the ${noun} is ${words}, skipped or not`, async () => {
          for (const SkipPreflight of [false, true]) {
            const resource = setUp({ status });
            const result = await run({ SkipPreflight });
            expect(result.failureMessage, `SkipPreflight=${SkipPreflight}`).to.equal(`${LEAD} ${reason}`);
            expect(payloadOf(result, 'Preflight')).to.include({ decision: 'not-modifiable', ready: false });
            expect(resource.changeCalls()).to.equal(0);
          }
        });
      }

      it(`stops with what to check when the ${noun} is gone by the time the preflight reads it`, async () => {
        const resource = setUp();
        // Read by the first step, deleted before the preflight looks.
        const afterDeletion: RunOptions['invokeLambda'] = async (name, payload) => {
          kind.deleteFromOutside(mocks);
          return invokeLambda(name, payload);
        };
        const result = await run({}, { invokeLambda: afterDeletion });
        expect(payloadOf(result, 'Preflight')).to.include({ decision: 'not-found', ready: false });
        expect(result.failureMessage).to.equal(
          `${LEAD} ${Noun} ${id} was not found in account 111122223333, Region us-east-1. Check ${kind.nameParameter}, and run the remediation in the ${noun}'s account and Region.`,
        );
        expect(resource.changeCalls()).to.equal(0);
      });
    });

    describe('SkipPreflight', () => {
      it('proceeds without checking the network, and says so in the preflight, the report and its outputs', async () => {
        const resource = setUp({}, withoutS3Route());
        const result = await run({ SkipPreflight: true });
        expect(result.status, result.failureMessage).to.equal('Success');
        expect(payloadOf(result, 'Preflight')).to.include({ ready: true, skipped: true });
        expect(ec2().calls()).to.have.length(0);
        expect(resource.changeCalls()).to.equal(1);
        expect(result.outputs).to.deep.include({
          'Report.Result': `ENABLED: enhanced VPC routing is on for ${label} and the ${noun} is ${available}. The network prerequisites were NOT checked (SkipPreflight=true).`,
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
        const resource = setUp({ evr: true }, withoutS3Route());
        const result = await run({ SkipPreflight: true });
        expect(result.outputs['AlreadyEnabled.Warning']).to.equal('Prerequisites not checked (SkipPreflight=true).');
        expect(ec2().calls()).to.have.length(0);
        expect(resource.changeCalls()).to.equal(0);
      });
    });

    describe('approval', () => {
      it('tells the approver what the preflight found, and that it runs again before the change', async () => {
        const resource = setUp();
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
        const question = `Enable enhanced VPC routing on ${kind.approvalTarget}? The preflight checked the network: Preflight passed. `;
        expect(messages[0]).to.match(
          new RegExp(`^${escapeRegExp(question)}.*The preflight runs again right before the change\\.`),
        );
        expect(resource.changeCalls()).to.equal(1);
      });

      it('makes no change when the approver rejects it', async () => {
        const resource = setUp();
        const result = await run(withApproval, { approve: async () => 'Rejected' });
        expect(result.status).to.equal('Failed');
        expect(stepNames(result).at(-1)).to.equal('Approve');
        expect(resource.changeCalls()).to.equal(0);
      });

      it('makes no change when the S3 route is removed while the approval waits', async () => {
        const data = kind.readyAccount();
        const resource = setUp({}, data);
        const result = await run(
          withApproval,
          approving(() => removeS3Route(data)),
        );
        expect(result.status).to.equal('Failed');
        expect(payloadOf(result, 'Preflight')).to.include({ ready: true });
        expect(stepNames(result).slice(-3)).to.deep.equal([
          'RecheckPreflight',
          'BranchOnRecheck',
          'StopRecheckBlocked',
        ]);
        expect(result.failureMessage).to.equal(
          `Step StopRecheckBlocked failed: Exception: The re-check right before the change stopped enabling enhanced VPC routing on ${kind.stopTarget} ` +
            `(the ${noun} or its network changed while the runbook waited); nothing was changed. ` +
            `${NO_S3_ROUTE} Fix this, then run the remediation again.`,
        );
        expect(resource.changeCalls()).to.equal(0);
        expect(changeRequests()).to.have.length(0);
      });

      it(`ends successfully without a change when the ${noun} is exempted while the approval waits`, async () => {
        const resource = setUp();
        const result = await run(
          { ...withApproval, ExemptionTagKey: 'evr-exempt' },
          approving(() => resource.setTags({ 'evr-exempt': 'vendor appliance' })),
        );
        expect(result.status).to.equal('Success');
        expect(stepNames(result).at(-1)).to.equal('ExemptAtRecheck');
        expect(result.outputs['ExemptAtRecheck.Result']).to.equal(
          `NO_CHANGE: ${label} is exempt: vendor appliance (tagged while the runbook waited). Nothing was changed.`,
        );
        expect(resource.changeCalls()).to.equal(0);
      });

      it('ends successfully without a change when someone else enables EVR while the approval waits', async () => {
        const resource = setUp();
        const result = await run(
          withApproval,
          approving(() => resource.enableFromOutside()),
        );
        expect(result.status).to.equal('Success');
        expect(stepNames(result).at(-1)).to.equal('AlreadyEnabledAtRecheck');
        expect(result.outputs).to.deep.include({
          'AlreadyEnabledAtRecheck.Result': `NO_CHANGE: enhanced VPC routing was turned on for ${label} while the runbook waited.`,
          'AlreadyEnabledAtRecheck.Warning': '',
        });
        expect(resource.changeCalls()).to.equal(0);
      });

      for (const { status, words, reason } of kind.stopStatuses) {
        it(`ends at once, unchanged, with what to do, when the ${noun} is ${words} while the approval waits`, async () => {
          const resource = setUp();
          const result = await run(
            withApproval,
            approving(() => resource.setStatus(status)),
          );
          expect(result.status).to.equal('Failed');
          expect(result.steps.find((s) => s.name === 'WaitForAvailableBeforeChange')?.polls).to.equal(1);
          expect(result.elapsedSeconds).to.equal(0);
          expect(stepNames(result).at(-1)).to.equal('StopRecheckBlocked');
          expect(result.failureMessage?.endsWith(`nothing was changed. ${reason}`), result.failureMessage).to.equal(
            true,
          );
          expect(resource.changeCalls()).to.equal(0);
        });
      }
    });

    describe('exemption', () => {
      it(`leaves a ${noun} tagged with ExemptionTagKey unchanged, saying why`, async () => {
        const resource = setUp({ tags: { 'evr-exempt': 'legacy VPC, migration in Q3' } });
        const result = await run({ ExemptionTagKey: 'evr-exempt' });
        expect(result.status).to.equal('Success');
        expect(stepNames(result).at(-1)).to.equal('Exempt');
        expect(result.outputs['Exempt.Result']).to.equal(
          `NO_CHANGE: ${label} is exempt: legacy VPC, migration in Q3 Nothing was changed.`,
        );
        if (kind.name === 'workgroup') {
          // Redshift Serverless serves tags apart, by the workgroup's ARN (a cluster's come with DescribeClusters).
          expect(serverless().commandCalls(ListTagsForResourceCommand)[0]?.args[0].input).to.deep.equal({
            resourceArn: resource.arn,
          });
        }
        expect(resource.changeCalls()).to.equal(0);
      });

      it('honours the exemption with SkipPreflight too', async () => {
        const resource = setUp({ tags: { 'evr-exempt': 'vendor appliance' } });
        const result = await run({ ExemptionTagKey: 'evr-exempt', SkipPreflight: true });
        expect(stepNames(result).at(-1)).to.equal('Exempt');
        expect(ec2().calls()).to.have.length(0);
        expect(resource.changeCalls()).to.equal(0);
      });

      it('cannot be talked into a change by a tag value that looks like the preflight answer', async () => {
        const resource = setUp({ tags: { 'evr-exempt': '"ready":true,"decision":"ready"' } }, withoutS3Route());
        const result = await run({ ExemptionTagKey: 'evr-exempt' });
        expect(stepNames(result).at(-1)).to.equal('Exempt');
        expect(resource.changeCalls()).to.equal(0);
      });

      describe("the stack's ExemptionTagKey (the preflight's EXEMPTION_TAG_KEY)", () => {
        // The deployed preflight's configuration, as the stack sets it from its ExemptionTagKey parameter.
        beforeEach(() => {
          process.env.EXEMPTION_TAG_KEY = 'evr-exempt';
        });
        afterEach(() => {
          delete process.env.EXEMPTION_TAG_KEY;
        });

        it(`leaves a ${noun} tagged with it unchanged when the run keeps the defaults (ExemptionTagKey empty)`, async () => {
          const resource = setUp({ tags: { 'evr-exempt': 'owners opted out of the restart' } });
          const payloads: unknown[] = [];
          const result = await run(
            {},
            {
              invokeLambda: async (name, payload) => {
                payloads.push(payload);
                return invokeLambda(name, payload);
              },
            },
          );
          expect(payloads[0]).to.deep.include({ ExemptionTagKey: '' });
          expect(result.status).to.equal('Success');
          expect(stepNames(result).at(-1)).to.equal('Exempt');
          expect(result.outputs['Exempt.Result']).to.equal(
            `NO_CHANGE: ${label} is exempt: owners opted out of the restart Nothing was changed.`,
          );
          expect(resource.changeCalls()).to.equal(0);
        });

        it('is not dropped by a run that names another key, and that key applies too', async () => {
          const byStack = setUp({ tags: { 'evr-exempt': 'vendor appliance' } });
          const result = await run({ ExemptionTagKey: 'owner-opt-out' });
          expect(stepNames(result).at(-1)).to.equal('Exempt');
          expect(byStack.changeCalls()).to.equal(0);

          const byRun = setUp({ tags: { 'owner-opt-out': 'quarterly close' } });
          const second = await run({ ExemptionTagKey: 'owner-opt-out' });
          expect(stepNames(second).at(-1)).to.equal('Exempt');
          expect(second.outputs['Exempt.Result']).to.equal(
            `NO_CHANGE: ${label} is exempt: quarterly close Nothing was changed.`,
          );
          expect(byRun.changeCalls()).to.equal(0);
        });

        it(`still enables EVR on a ${noun} tagged with neither key`, async () => {
          const resource = setUp({ tags: { team: 'data-platform' } });
          const result = await run();
          expect(result.status, result.failureMessage).to.equal('Success');
          expect(resource.changeCalls()).to.equal(1);
        });
      });
    });

    describe('S3Buckets (a restrictive S3 endpoint policy)', () => {
      /** vpce-0 lets S3 requests through for etl-staging only. */
      const restricted = () => restrictEndpoints(kind.readyAccount(), ['etl-staging']);
      /** The payloads the preflight received, by call. */
      const recording = (payloads: unknown[]): RunOptions => ({
        invokeLambda: async (name, payload) => {
          payloads.push(payload);
          return invokeLambda(name, payload);
        },
      });

      it(`sends S3Buckets to both preflight calls and enables EVR when the policy lets those buckets through`, async () => {
        const resource = setUp({}, restricted());
        const payloads: unknown[] = [];
        const result = await run({ S3Buckets: 'etl-staging' }, recording(payloads));
        expect(result.status, result.failureMessage).to.equal('Success');
        expect(payloads).to.have.length(2);
        for (const payload of payloads) expect(payload).to.deep.include({ S3Buckets: 'etl-staging' });
        expect(payloadOf(result, 'RecheckPreflight')).to.include({ ready: true, decision: 'ready' });
        expect(resource.changeCalls()).to.equal(1);
      });

      it('sends an empty S3Buckets by default, and stops unchanged saying to list the buckets', async () => {
        const resource = setUp({}, restricted());
        const payloads: unknown[] = [];
        const result = await run({}, recording(payloads));
        expect(payloads[0]).to.deep.include({ S3Buckets: '' });
        expect(result.status).to.equal('Failed');
        expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
        expect(result.failureMessage).to.contain(
          'the endpoint policy of vpce-0 restricts S3: list the buckets COPY/UNLOAD use in S3Buckets, or confirm',
        );
        expect(resource.changeCalls()).to.equal(0);
      });

      it('stops unchanged, naming the bucket, when the policy refuses one of S3Buckets', async () => {
        const resource = setUp({}, restricted());
        const result = await run({ S3Buckets: 'etl-staging,unload-archive' });
        expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
        expect(result.failureMessage).to.contain('refuses s3:GetObject on unload-archive');
        expect(resource.changeCalls()).to.equal(0);
      });

      it('is refused before any step when it is not a list of bucket names', async () => {
        setUp({}, restricted());
        const error = await run({ S3Buckets: 'etl-staging, unload-archive' }).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error?.name).to.equal('InvalidAutomationExecutionParametersException');
        expect(error?.message).to.contain('Parameter S3Buckets value "etl-staging, unload-archive" does not match');
      });
    });

    describe('failures', () => {
      it(`says what the API said when the ${noun} does not exist`, async () => {
        const resource = setUp();
        const result = await run({ [kind.nameParameter]: 'ghost' });
        expect(result.status).to.equal('Failed');
        expect(stepNames(result)).to.deep.equal([kind.describeStep]);
        expect(result.failureMessage).to.equal(kind.ghostFailure);
        expect(resource.changeCalls()).to.equal(0);
      });

      if (kind.name === 'workgroup') {
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
          expect(changeRequests()).to.have.length(0);
        });
      }

      it('stops when the preflight cannot verify the network (a denied describe call)', async () => {
        const resource = setUp();
        ec2().on(DescribeRouteTablesCommand).rejects(serviceError('UnauthorizedOperation'));
        const result = await run();
        expect(result.status).to.equal('Failed');
        expect(result.failureMessage).to.contain(
          'ec2:DescribeRouteTables was denied (UnauthorizedOperation) Fix: grant ec2:DescribeRouteTables to the identity that evaluates, then re-evaluate.',
        );
        expect(result.failureMessage).not.to.contain(SKIP_HATCH);
        expect(resource.changeCalls()).to.equal(0);
      });

      if (kind.name === 'workgroup') {
        it('stops with the function error when the exemption tags cannot be read', async () => {
          const resource = setUp();
          serverless().on(ListTagsForResourceCommand).rejects(serviceError('AccessDeniedException'));
          const result = await run({ ExemptionTagKey: 'evr-exempt' });
          expect(result.steps.find((s) => s.name === 'Preflight')?.outputs.FunctionError).to.equal('Unhandled');
          expect(stepNames(result).at(-1)).to.equal('StopPreflightBlocked');
          expect(result.failureMessage).to.contain(
            'nothing was changed. The preflight function failed: redshift-serverless:ListTagsForResource',
          );
          expect(resource.changeCalls()).to.equal(0);
        });
      }

      it('stops with the function error when the preflight throws (a function error is an output, not a step failure)', async () => {
        const resource = setUp();
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
        expect(resource.changeCalls()).to.equal(0);
      });

      it('stops with what to check when the preflight function does not exist', async () => {
        const resource = setUp();
        const result = await run({ PreflightFunction: 'no-such-function' });
        expect(stepNames(result).at(-1)).to.equal('StopPreflightUnavailable');
        expect(result.failureMessage).to.contain('The preflight function no-such-function could not be invoked.');
        expect(resource.changeCalls()).to.equal(0);
      });
    });
  });
}
