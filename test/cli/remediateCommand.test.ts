import { ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import {
  DescribeDocumentCommand,
  GetAutomationExecutionCommand,
  SSMClient,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { expect } from 'chai';
import { parseChangePlan, plannedStart } from '../../src/cli/remediate/changePlan.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { DEMO_EXEMPTION_TAG_KEY, demoAccountData, demoFailures } from '../support/demoAccount.ts';
import { restrictEndpoints } from '../support/endpointPolicy.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';
import { testIo } from '../support/testIo.ts';

const ROLE = 'arn:aws:iam::111122223333:role/redshift-evr-remediation';
const APPROVER = 'arn:aws:iam::111122223333:role/DataPlatformLead';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:AutomationEvrApprovals';

/** Standard error without the lines that say where each kind's settings came from. */
const errorsOf = (io: ReturnType<typeof testIo>): string =>
  io
    .err()
    .split('\n')
    .filter((line) => !/^(clusters|workgroups): /.test(line))
    .join('\n');

describe('redshift-evr remediate', () => {
  const ssm = useClientMock(SSMClient);
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const config = useClientMock(ConfigServiceClient);

  /** The stack's two rules, deployed with these parameters over the stack's defaults (no exemption key). */
  const deployRules = (parameters: Record<string, string> = {}) =>
    config()
      .on(DescribeConfigRulesCommand)
      .callsFake((input) => ({
        ConfigRules: (input.ConfigRuleNames ?? []).map((name: string) => ({
          ConfigRuleName: name,
          InputParameters: JSON.stringify({
            PrerequisiteMode: 'report',
            RequireInternetPath: 'false',
            ExemptionTagKey: '',
            ExecutionRoleName: '',
            ResourceType: name.includes('serverless') ? 'AWS::RedshiftServerless::Workgroup' : 'AWS::Redshift::Cluster',
            S3Buckets: '',
            ...parameters,
          }),
        })),
      }));
  beforeEach(() => deployRules());

  /** Each started execution reports InProgress `polls` times, then `final`. */
  const fakeExecutions = (final: (cluster: string) => 'Success' | 'Failed', polls = 1) => {
    const clusterOf = new Map<string, string>();
    const calls = new Map<string, number>();
    let active = 0;
    let maxActive = 0;
    ssm()
      .on(StartAutomationExecutionCommand)
      .callsFake((input) => {
        const workgroup = input.Parameters?.WorkgroupName?.[0];
        const cluster = workgroup ? `workgroup/${workgroup}` : (input.Parameters?.ClusterIdentifier?.[0] ?? '?');
        const id = `exec-${cluster}`;
        clusterOf.set(id, cluster);
        active += 1;
        maxActive = Math.max(maxActive, active);
        return { AutomationExecutionId: id };
      });
    ssm()
      .on(GetAutomationExecutionCommand)
      .callsFake((input) => {
        const id = input.AutomationExecutionId ?? '';
        const n = (calls.get(id) ?? 0) + 1;
        calls.set(id, n);
        const cluster = clusterOf.get(id) ?? '?';
        if (n <= polls) {
          return {
            AutomationExecution: {
              AutomationExecutionStatus: 'InProgress',
              StepExecutions: [
                { StepName: 'DescribeCluster', StepStatus: 'Success' },
                { StepName: 'Preflight', StepStatus: 'InProgress' },
              ],
            },
          };
        }
        active -= 1;
        const status = final(cluster);
        return {
          AutomationExecution: {
            AutomationExecutionStatus: status,
            StepExecutions: [
              { StepName: 'DescribeCluster', StepStatus: 'Success' },
              { StepName: 'Preflight', StepStatus: 'Success' },
              ...(status === 'Success'
                ? [{ StepName: 'Report', StepStatus: 'Success' }]
                : [{ StepName: 'StopPreflightBlocked', StepStatus: 'Failed' }]),
            ],
            ...(status === 'Failed'
              ? {
                  FailureMessage: `Step fails when it is Execute/Cancelling action. Exception: Preflight blocked enabling enhanced VPC routing on ${cluster}, nothing was changed.`,
                }
              : {
                  Outputs: {
                    'Report.Result': [
                      `ENABLED: enhanced VPC routing is on for cluster ${cluster} and the cluster is available.`,
                    ],
                  },
                }),
          },
        };
      });
    return { maxActive: () => maxActive };
  };

  it('starts the deployed runbook for a cluster with the given role', async () => {
    fakeExecutions(() => 'Success');
    const io = testIo();
    const code = await runCli(['remediate', '--cluster', 'etl-prod', '--role', ROLE, '--region', 'us-east-1'], io);
    expect(code).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input).to.deep.equal({
      DocumentName: 'redshift-evr-EnableEnhancedVpcRouting',
      Parameters: { ClusterIdentifier: ['etl-prod'], AutomationAssumeRole: [ROLE] },
    });
    expect(io.out()).to.equal('[etl-prod] started exec-etl-prod\n');
    expect(ssm().commandCalls(GetAutomationExecutionCommand)).to.have.length(0);
  });

  it('passes the exemption tag, the preflight function and the execution role to the runbook (organization mode)', async () => {
    fakeExecutions(() => 'Success');
    const preflight = 'arn:aws:lambda:us-east-1:444455556666:function:redshift-evr-preflight';
    const code = await runCli(
      [
        'remediate',
        '--cluster',
        'etl-prod',
        '--exemption-tag-key',
        'evr-exempt',
        '--preflight-function',
        preflight,
        '--execution-role-name',
        'redshift-evr-execution',
      ],
      testIo(),
    );
    expect(code).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input.Parameters).to.deep.equal({
      ClusterIdentifier: ['etl-prod'],
      ExemptionTagKey: ['evr-exempt'],
      PreflightFunction: [preflight],
      ExecutionRoleName: ['redshift-evr-execution'],
    });
  });

  it('passes --s3-bucket (repeatable, comma-separated) to the runbook as S3Buckets, once per bucket', async () => {
    fakeExecutions(() => 'Success');
    const code = await runCli(
      [
        'remediate',
        '--workgroup',
        'wg-0',
        '--s3-bucket',
        'etl-staging,unload.archive',
        '--s3-bucket',
        'etl-staging',
        '--s3-bucket',
        'logs-2024',
      ],
      testIo(),
    );
    expect(code).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input.Parameters).to.deep.equal({
      WorkgroupName: ['wg-0'],
      S3Buckets: ['etl-staging,unload.archive,logs-2024'],
    });
  });

  it('checks restrictive S3 endpoint policies against --s3-bucket in a dry run and with --all-ready', async () => {
    installFakeAccount(redshift(), ec2(), restrictEndpoints(syntheticAccount(1, 1), ['etl-staging']), {
      serverless: serverless(),
    });
    ssm()
      .on(DescribeDocumentCommand)
      .resolves({ Document: { Name: 'redshift-evr-EnableEnhancedVpcRouting', DocumentType: 'Automation' } });
    const dryRun = async (...flags: string[]) => {
      const io = testIo();
      const code = await runCli(['remediate', '--cluster', 'c-0', '--dry-run', ...flags], io);
      return { code, line: io.out().split('\n')[0] };
    };
    const without = await dryRun();
    expect(without.code).to.equal(1);
    expect(without.line).to.contain('the preflight would stop it:');
    expect(without.line).to.contain('the endpoint policy of vpce-0 restricts S3');
    expect(await dryRun('--s3-bucket', 'etl-staging')).to.deep.equal({
      code: 0,
      line: 'Would start redshift-evr-EnableEnhancedVpcRouting for c-0 with {"ClusterIdentifier":["c-0"],"S3Buckets":["etl-staging"]}: ready; change window maintenance-window (sat:07:30-sat:08:00) UTC: planned start 2026-01-03T07:30:00.000Z',
    });
    expect((await dryRun('--s3-bucket', 'etl-staging,unload-archive')).line).to.match(
      /the preflight would stop it: .*unload-archive/,
    );

    fakeExecutions(() => 'Success');
    const ready = async (...flags: string[]) => {
      ssm().resetHistory();
      await runCli(['remediate', '--all-ready', '--kind', 'cluster', '--yes', ...flags], testIo());
      return ssm()
        .commandCalls(StartAutomationExecutionCommand)
        .map((c) => c.args[0].input.Parameters);
    };
    expect(await ready()).to.deep.equal([]);
    expect(await ready('--s3-bucket', 'etl-staging')).to.deep.equal([
      { ClusterIdentifier: ['c-0'], S3Buckets: ['etl-staging'] },
    ]);
  });

  it('follows an execution to success with each step and the result', async () => {
    fakeExecutions(() => 'Success', 2);
    const io = testIo();
    const code = await runCli(
      ['remediate', '--cluster', 'etl-prod', '--wait', '--skip-preflight', '--document', 'my-runbook'],
      io,
    );
    expect(code).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input).to.deep.include({
      DocumentName: 'my-runbook',
      Parameters: { ClusterIdentifier: ['etl-prod'], SkipPreflight: ['true'] },
    });
    expect(io.out()).to.equal(
      [
        '[etl-prod] started exec-etl-prod',
        '[etl-prod] DescribeCluster: Success',
        '[etl-prod] Preflight: InProgress',
        '[etl-prod] Preflight: Success',
        '[etl-prod] Report: Success',
        '[etl-prod] Success: ENABLED: enhanced VPC routing is on for cluster etl-prod and the cluster is available.',
        '1 of 1 execution(s) succeeded.',
        '',
      ].join('\n'),
    );
    expect(io.sleeps).to.deep.equal([15_000, 15_000]);
  });

  it('follows an execution to failure and exits 1 with the failure message', async () => {
    fakeExecutions(() => 'Failed');
    const io = testIo();
    const code = await runCli(['remediate', '--cluster', 'sandbox-isolated', '--wait'], io);
    expect(code).to.equal(1);
    expect(io.out()).to.contain(
      '[sandbox-isolated] Failed: Step fails when it is Execute/Cancelling action. Exception: Preflight blocked',
    );
    expect(io.out()).to.contain('0 of 1 execution(s) succeeded.');
  });

  const startedWith = () =>
    ssm()
      .commandCalls(StartAutomationExecutionCommand)
      .map((c) => c.args[0].input)
      .map((input) => `${input.DocumentName} ${JSON.stringify(input.Parameters)}`)
      .sort();

  it('selects with --all-ready only clusters and workgroups that are noncompliant, ready and modifiable', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    fakeExecutions(() => 'Success');
    const io = testIo();
    const code = await runCli(['remediate', '--all-ready', '--yes', '--exemption-tag-key', DEMO_EXEMPTION_TAG_KEY], io);
    expect(code).to.equal(0);
    const tag = `"ExemptionTagKey":["${DEMO_EXEMPTION_TAG_KEY}"]`;
    expect(startedWith()).to.deep.equal([
      `redshift-evr-EnableEnhancedVpcRouting {"ClusterIdentifier":["etl-prod"],${tag}}`,
      `redshift-evr-EnableEnhancedVpcRouting {"ClusterIdentifier":["legacy-dw"],${tag}}`,
      `redshift-evr-EnableEnhancedVpcRouting {"ClusterIdentifier":["marketing-public"],${tag}}`,
      // adhoc-serverless has no S3 path: not ready.
      `redshift-evr-EnableServerlessEnhancedVpcRouting {"WorkgroupName":["analytics-serverless"],${tag}}`,
    ]);
    expect(io.out()).to.contain('[workgroup/analytics-serverless] started exec-workgroup/analytics-serverless\n');
  });

  it('limits --all-ready to one kind with --kind', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    fakeExecutions(() => 'Success');
    expect(await runCli(['remediate', '--all-ready', '--kind', 'workgroup'], testIo())).to.equal(0);
    expect(startedWith()).to.deep.equal([
      'redshift-evr-EnableServerlessEnhancedVpcRouting {"WorkgroupName":["analytics-serverless"]}',
    ]);
    // Clusters were not even listed.
    expect(redshift().calls()).to.have.length(0);
  });

  it('starts the ready clusters with --all-ready when workgroups cannot be listed, and warns', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), {
      serverless: serverless(),
      fail: (op, input) =>
        op === 'ListWorkgroups' ? serviceError('AccessDeniedException') : demoFailures?.(op, input),
    });
    fakeExecutions(() => 'Success');
    const io = testIo();
    expect(
      await runCli(['remediate', '--all-ready', '--yes', '--exemption-tag-key', DEMO_EXEMPTION_TAG_KEY], io),
    ).to.equal(0);
    // etl-prod, legacy-dw, marketing-public: the clusters the full scan finds ready.
    expect(startedWith()).to.have.length(3);
    expect(startedWith().every((s) => s.startsWith('redshift-evr-EnableEnhancedVpcRouting '))).to.equal(true);
    expect(errorsOf(io)).to.match(
      /^warning: us-east-1: workgroups not scanned: redshift-serverless:ListWorkgroups was denied/,
    );
  });

  it('says so and starts nothing when nothing is ready', async () => {
    const data = demoAccountData();
    data.clusters = data.clusters.filter((c) => c.ClusterIdentifier === 'sandbox-isolated');
    data.workgroups = data.workgroups?.filter((w) => w.workgroupName === 'adhoc-serverless') ?? [];
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    const io = testIo();
    expect(await runCli(['remediate', '--all-ready'], io)).to.equal(0);
    expect(io.out()).to.equal('Nothing is noncompliant and ready to remediate: nothing to start.\n');
    expect(ssm().calls()).to.have.length(0);
  });

  it('starts the workgroup runbook for --workgroup, with the same runbook options', async () => {
    fakeExecutions(() => 'Success');
    const io = testIo();
    const code = await runCli(
      ['remediate', '--workgroup', 'analytics-serverless', '--role', ROLE, '--skip-preflight', '--yes'],
      io,
    );
    expect(code).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input).to.deep.equal({
      DocumentName: 'redshift-evr-EnableServerlessEnhancedVpcRouting',
      Parameters: { WorkgroupName: ['analytics-serverless'], AutomationAssumeRole: [ROLE], SkipPreflight: ['true'] },
    });
    expect(io.out()).to.equal('[workgroup/analytics-serverless] started exec-workgroup/analytics-serverless\n');
  });

  it('starts the runbook with the change window, the approvers and the SNS topic given', async () => {
    fakeExecutions(() => 'Success');
    const io = testIo();
    const args = ['--change-window', 'SUN:03:00-sun:05:00', '--approver', APPROVER, '--approver', 'Ops'];
    const code = await runCli(
      ['remediate', '--cluster', 'etl-prod', ...args, '--min-approvals', '2', '--notify', TOPIC],
      io,
    );
    expect(code, io.err()).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input.Parameters).to.deep.equal({
      ChangeWindow: ['sun:03:00-sun:05:00'],
      RequireApproval: ['true'],
      Approvers: [APPROVER, 'Ops'],
      MinRequiredApprovals: ['2'],
      ApprovalNotificationArn: [TOPIC],
      ClusterIdentifier: ['etl-prod'],
    });
  });

  it('plans each change in a dry run: the window open now, or its next start, after the approval', async () => {
    const plan = parseChangePlan({ 'change-window': 'thu:00:00-thu:02:00' }, ['cluster']);
    // testIo's clock: Thursday 2026-01-01 00:00 UTC.
    const now = new Date('2026-01-01T00:00:00.000Z');
    expect(plannedStart(plan, 'cluster', undefined, now)).to.equal(
      'change window thu:00:00-thu:02:00 UTC: the window is open now, until 2026-01-01T02:00:00.000Z',
    );
    expect(
      plannedStart({ ...plan, changeWindow: 'fri:22:00-sat:01:00', approvers: ['Ops'] }, 'workgroup', undefined, now),
    ).to.equal('change window fri:22:00-sat:01:00 UTC: planned start 2026-01-02T22:00:00.000Z, once approved');
    expect(plannedStart({ ...plan, changeWindow: undefined }, 'cluster', 'not-a-window', now)).to.match(
      /^no change: The cluster's maintenance window could not be read/,
    );
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    ssm()
      .on(DescribeDocumentCommand)
      .resolves({ Document: { Name: 'redshift-evr-EnableEnhancedVpcRouting', DocumentType: 'Automation' } });
    const io = testIo();
    const code = await runCli(
      ['remediate', '--cluster', 'etl-prod', '--dry-run', '--change-window', 'fri:22:00-sat:01:00'],
      io,
    );
    expect(code, io.out()).to.equal(0);
    expect(io.out()).to.contain(
      '"ChangeWindow":["fri:22:00-sat:01:00"]}: ready; change window fri:22:00-sat:01:00 UTC: planned start 2026-01-02T22:00:00.000Z\n',
    );
  });

  it('starts each kind with its own runbook, and asks naming both kinds', async () => {
    fakeExecutions(() => 'Success');
    const io = testIo({ confirm: true });
    const code = await runCli(
      ['remediate', '--cluster', 'etl-prod', '--workgroup', 'wg-one', '--workgroup-document', 'my-wg-runbook'],
      io,
    );
    expect(code).to.equal(0);
    expect(io.questions).to.deep.equal([
      'Start redshift-evr-EnableEnhancedVpcRouting and my-wg-runbook for 2 clusters and workgroups (etl-prod, workgroup/wg-one)?',
    ]);
    expect(startedWith()).to.deep.equal([
      'my-wg-runbook {"WorkgroupName":["wg-one"]}',
      'redshift-evr-EnableEnhancedVpcRouting {"ClusterIdentifier":["etl-prod"]}',
    ]);
  });

  it('checks workgroups in a dry run: ready, blocked and not found, with the workgroup runbook', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    ssm()
      .on(DescribeDocumentCommand)
      .resolves({ Document: { Name: 'x', DocumentType: 'Automation' } });
    const io = testIo();
    const code = await runCli(
      [
        'remediate',
        '--workgroup',
        'analytics-serverless',
        '--workgroup',
        'adhoc-serverless',
        '--workgroup',
        'no-such-wg',
        '--dry-run',
      ],
      io,
    );
    const lines = io.out().trim().split('\n');
    expect(lines[0]).to.equal(
      'Would start redshift-evr-EnableServerlessEnhancedVpcRouting for workgroup/analytics-serverless with {"WorkgroupName":["analytics-serverless"]}: ready; change window now: planned start 2026-01-01T00:00:00.000Z',
    );
    expect(lines[1]).to.match(
      /for workgroup\/adhoc-serverless .*: the preflight would stop it: Enhanced VPC routing is off\. Fix first: No S3 route/,
    );
    expect(lines[2]).to.match(/for workgroup\/no-such-wg .*: workgroup not found in us-east-1$/);
    expect(lines[3]).to.equal(
      "Checked: the workgroups and document redshift-evr-EnableServerlessEnhancedVpcRouting (found). Not checked: the caller's own permissions (no --role).",
    );
    expect(code).to.equal(1);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)).to.have.length(0);
  });

  it('names --workgroup-document when the workgroup runbook is not deployed', async () => {
    ssm().on(StartAutomationExecutionCommand).rejects(serviceError('InvalidDocument', 'Document does not exist.'));
    const io = testIo();
    expect(await runCli(['remediate', '--workgroup', 'wg-one'], io)).to.equal(1);
    expect(errorsOf(io)).to.match(
      /^\[workgroup\/wg-one\] not started: .*Deploy the stack, or pass --workgroup-document\.\n$/,
    );
  });

  it('asks before starting more than one execution and starts nothing when declined', async () => {
    fakeExecutions(() => 'Success');
    const io = testIo({ confirm: false });
    const code = await runCli(['remediate', '--cluster', 'a1', '--cluster', 'b2'], io);
    expect(code).to.equal(2);
    expect(io.questions).to.deep.equal(['Start redshift-evr-EnableEnhancedVpcRouting for 2 clusters (a1, b2)?']);
    expect(errorsOf(io)).to.equal('Nothing started: not confirmed. Pass --yes to start without asking.\n');
    expect(ssm().calls()).to.have.length(0);
  });

  it('starts after confirmation, and does not ask with --yes', async () => {
    fakeExecutions(() => 'Success');
    const asked = testIo({ confirm: true });
    expect(await runCli(['remediate', '--cluster', 'a1', '--cluster', 'b2'], asked)).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)).to.have.length(2);
    const unasked = testIo();
    expect(await runCli(['remediate', '--cluster', 'a1', '--cluster', 'b2', '--yes'], unasked)).to.equal(0);
    expect(unasked.questions).to.deep.equal([]);
  });

  it('runs at most --concurrency executions at once', async () => {
    const executions = fakeExecutions(() => 'Success', 3);
    const clusters = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    const io = testIo();
    const code = await runCli(
      ['remediate', ...clusters.flatMap((c) => ['--cluster', c]), '--yes', '--wait', '--concurrency', '2'],
      io,
    );
    expect(code).to.equal(0);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)).to.have.length(7);
    expect(executions.maxActive()).to.equal(2);
    expect(io.out()).to.contain('7 of 7 execution(s) succeeded.');
  });

  it('keeps the bound without --wait by following quietly when there are more clusters than --concurrency', async () => {
    const executions = fakeExecutions(() => 'Success', 2);
    const io = testIo();
    const code = await runCli(
      ['remediate', ...['c1', 'c2', 'c3', 'c4'].flatMap((c) => ['--cluster', c]), '--yes', '--concurrency', '2'],
      io,
    );
    expect(code).to.equal(0);
    expect(executions.maxActive()).to.equal(2);
    expect(errorsOf(io)).to.equal(
      'More clusters than --concurrency 2: waiting for executions to finish before starting more.\n',
    );
    expect(io.out()).to.not.contain('Preflight:');
    expect(io.out()).to.contain('4 of 4 execution(s) succeeded.');
  });

  it('does not wait when the clusters fit within --concurrency', async () => {
    fakeExecutions(() => 'Success');
    const io = testIo();
    expect(await runCli(['remediate', '--cluster', 'c1', '--cluster', 'c2', '--yes'], io)).to.equal(0);
    expect(ssm().commandCalls(GetAutomationExecutionCommand)).to.have.length(0);
  });

  it('says an execution started but could not be followed, with its id', async () => {
    ssm().on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'exec-1' });
    ssm().on(GetAutomationExecutionCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
    const io = testIo();
    expect(await runCli(['remediate', '--cluster', 'etl-prod', '--wait'], io)).to.equal(1);
    expect(io.out()).to.contain('[etl-prod] started exec-1');
    expect(errorsOf(io)).to.match(
      /^\[etl-prod\] started exec-1 but could not follow it: ssm:GetAutomationExecution was denied \(AccessDeniedException\)\. Follow it in the Systems Manager console/,
    );
  });

  it('defaults to 3 executions at once', async () => {
    const executions = fakeExecutions(() => 'Success', 2);
    await runCli(
      ['remediate', ...['c1', 'c2', 'c3', 'c4', 'c5'].flatMap((c) => ['--cluster', c]), '--yes', '--wait'],
      testIo(),
    );
    expect(executions.maxActive()).to.equal(3);
  });

  it('checks what it can read with --dry-run (clusters, document), says what it did not, and starts nothing', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    ssm()
      .on(DescribeDocumentCommand)
      .resolves({ Document: { Name: 'redshift-evr-EnableEnhancedVpcRouting', DocumentType: 'Automation' } });
    const io = testIo();
    const code = await runCli(
      [
        'remediate',
        '--cluster',
        'etl-prod',
        '--cluster',
        'ml-sandbox',
        '--cluster',
        'ghost',
        '--dry-run',
        '--role',
        ROLE,
      ],
      io,
    );
    const lines = io.out().trim().split('\n');
    expect(lines[0]).to.equal(
      `Would start redshift-evr-EnableEnhancedVpcRouting for etl-prod with {"ClusterIdentifier":["etl-prod"],"AutomationAssumeRole":["${ROLE}"]}: ready; change window maintenance-window (sat:07:30-sat:08:00) UTC: planned start 2026-01-03T07:30:00.000Z`,
    );
    expect(lines[1]).to.match(
      /for ml-sandbox .*: the preflight would stop it: Enhanced VPC routing is off\. Fix first: No S3 route/,
    );
    expect(lines[2]).to.match(/for ghost .*: cluster not found in us-east-1$/);
    expect(lines[3]).to.equal(
      `Checked: the clusters and document redshift-evr-EnableEnhancedVpcRouting (found). Not checked: role ${ROLE} (redshift-evr does not read IAM; iam:GetRole would).`,
    );
    // Something would not go through: exit 1, and nothing was started.
    expect(code).to.equal(1);
    expect(ssm().commandCalls(StartAutomationExecutionCommand)).to.have.length(0);
  });

  it('says in a dry run that --skip-preflight lets a cluster with an unverified network through', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    ssm()
      .on(DescribeDocumentCommand)
      .resolves({ Document: { Name: 'redshift-evr-EnableEnhancedVpcRouting', DocumentType: 'Automation' } });
    const io = testIo();
    expect(await runCli(['remediate', '--cluster', 'hub-analytics', '--dry-run', '--skip-preflight'], io)).to.equal(0);
    expect(io.out()).to.match(
      /for hub-analytics with .*"SkipPreflight":\["true"\]\}: ready; change window maintenance-window/,
    );
  });

  it('reports a runbook that is not deployed in a dry run', async () => {
    installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
    ssm().on(DescribeDocumentCommand).rejects(serviceError('InvalidDocument', 'Document does not exist.'));
    const io = testIo();
    expect(await runCli(['remediate', '--cluster', 'etl-prod', '--dry-run'], io)).to.equal(1);
    expect(io.out()).to.contain(
      'Checked: the clusters and document redshift-evr-EnableEnhancedVpcRouting (ssm:DescribeDocument failed (InvalidDocument: Document does not exist.)).',
    );
  });

  it('reports a runbook that is not deployed and exits 1', async () => {
    ssm()
      .on(StartAutomationExecutionCommand)
      .rejects(
        serviceError('InvalidDocument', 'Document with name redshift-evr-EnableEnhancedVpcRouting does not exist.'),
      );
    const io = testIo();
    const code = await runCli(['remediate', '--cluster', 'etl-prod'], io);
    expect(code).to.equal(1);
    expect(errorsOf(io)).to.equal(
      '[etl-prod] not started: ssm:StartAutomationExecution failed (InvalidDocument: Document with name redshift-evr-EnableEnhancedVpcRouting does not exist.). Deploy the stack, or pass --document.\n',
    );
  });

  describe("the deployed rule's settings", () => {
    const documentFound = () =>
      ssm()
        .on(DescribeDocumentCommand)
        .resolves({ Document: { Name: 'x', DocumentType: 'Automation' } });
    const wouldStart = (io: ReturnType<typeof testIo>) =>
      io
        .out()
        .split('\n')
        .filter((l) => l.startsWith('Would start'));

    it("leaves out a cluster exempt by the deployed rule's ExemptionTagKey with --all-ready --dry-run, no flag needed, and says where the key came from", async () => {
      installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
      deployRules({ ExemptionTagKey: DEMO_EXEMPTION_TAG_KEY });
      documentFound();
      const io = testIo();
      expect(await runCli(['remediate', '--all-ready', '--dry-run', '--kind', 'cluster'], io)).to.equal(0);
      const lines = wouldStart(io);
      // partner-share is tagged evr-exempt (and otherwise ready, beside legacy-dw): left out.
      expect(lines.join('\n')).not.to.contain('partner-share');
      expect(lines).to.have.length(3);
      expect(lines[0]).to.equal(
        `Would start redshift-evr-EnableEnhancedVpcRouting for etl-prod with {"ClusterIdentifier":["etl-prod"],"ExemptionTagKey":["${DEMO_EXEMPTION_TAG_KEY}"]}: ready; change window maintenance-window (sat:07:30-sat:08:00) UTC: planned start 2026-01-03T07:30:00.000Z`,
      );
      expect(io.err()).to.equal(
        `clusters: exemption tag key ${DEMO_EXEMPTION_TAG_KEY} (from AWS Config rule redshift-evr-enhanced-vpc-routing)\n`,
      );
      expect(config().commandCalls(DescribeConfigRulesCommand)[0]?.args[0].input).to.deep.equal({
        ConfigRuleNames: ['redshift-evr-enhanced-vpc-routing'],
      });
      expect(ssm().commandCalls(StartAutomationExecutionCommand)).to.have.length(0);
    });

    it('lists that cluster when no exemption key is deployed or given (the key is what left it out)', async () => {
      installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
      documentFound();
      const io = testIo();
      await runCli(['remediate', '--all-ready', '--dry-run', '--kind', 'cluster'], io);
      expect(wouldStart(io).join('\n')).to.contain('for partner-share');
      expect(io.err()).to.equal(
        'clusters: no exemption tag key (AWS Config rule redshift-evr-enhanced-vpc-routing sets none)\n',
      );
    });

    it("reads each kind's own rule, and says where each kind's key came from", async () => {
      installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
      deployRules({ ExemptionTagKey: DEMO_EXEMPTION_TAG_KEY });
      documentFound();
      const io = testIo();
      await runCli(['remediate', '--all-ready', '--dry-run'], io);
      expect(io.err()).to.equal(
        `clusters: exemption tag key ${DEMO_EXEMPTION_TAG_KEY} (from AWS Config rule redshift-evr-enhanced-vpc-routing)\n` +
          `workgroups: exemption tag key ${DEMO_EXEMPTION_TAG_KEY} (from AWS Config rule redshift-evr-serverless-enhanced-vpc-routing)\n`,
      );
      expect(wouldStart(io).join('\n')).to.contain(
        `for workgroup/analytics-serverless with {"WorkgroupName":["analytics-serverless"],"ExemptionTagKey":["${DEMO_EXEMPTION_TAG_KEY}"]}: ready`,
      );
    });

    it("starts a named cluster with the rule's ExemptionTagKey, S3Buckets and RequireInternetPath", async () => {
      fakeExecutions(() => 'Success');
      deployRules({
        ExemptionTagKey: 'evr-exempt',
        S3Buckets: 'etl-staging,unload.archive',
        RequireInternetPath: 'true',
      });
      const io = testIo();
      expect(await runCli(['remediate', '--cluster', 'etl-prod'], io)).to.equal(0);
      expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input.Parameters).to.deep.equal({
        ClusterIdentifier: ['etl-prod'],
        RequireInternetPath: ['true'],
        ExemptionTagKey: ['evr-exempt'],
        S3Buckets: ['etl-staging,unload.archive'],
      });
      expect(io.err()).to.equal(
        'clusters: exemption tag key evr-exempt (from AWS Config rule redshift-evr-enhanced-vpc-routing); S3Buckets etl-staging,unload.archive (from the rule); RequireInternetPath true (from the rule)\n',
      );
    });

    it("has the runbook update the Security Hub finding when the rule's SecurityHubSync is on, as the remediation does", async () => {
      fakeExecutions(() => 'Success');
      deployRules({ SecurityHubSync: 'true' });
      const io = testIo();
      expect(await runCli(['remediate', '--cluster', 'etl-prod'], io)).to.equal(0);
      expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input.Parameters).to.deep.equal({
        ClusterIdentifier: ['etl-prod'],
        UpdateSecurityHubFinding: ['true'],
      });
      expect(io.err()).to.equal(
        "clusters: no exemption tag key (AWS Config rule redshift-evr-enhanced-vpc-routing sets none); UpdateSecurityHubFinding true (from the rule's SecurityHubSync)\n",
      );
    });

    it('adds --exemption-tag-key to the deployed key: resources tagged with either are left out', async () => {
      const data = demoAccountData();
      const etl = data.clusters.find((c) => c.ClusterIdentifier === 'etl-prod') as { Tags?: unknown[] };
      etl.Tags = [...(etl.Tags ?? []), { Key: 'owner-opt-out', Value: 'quarter close' }];
      installFakeAccount(redshift(), ec2(), data, { serverless: serverless(), fail: demoFailures });
      deployRules({ ExemptionTagKey: DEMO_EXEMPTION_TAG_KEY });
      documentFound();
      const io = testIo();
      const code = await runCli(
        ['remediate', '--all-ready', '--dry-run', '--kind', 'cluster', '--exemption-tag-key', 'owner-opt-out'],
        io,
      );
      expect(code).to.equal(0);
      const lines = wouldStart(io).join('\n');
      expect(lines).not.to.contain('partner-share');
      expect(lines).not.to.contain('for etl-prod');
      expect(lines).to.contain(
        'for legacy-dw with {"ClusterIdentifier":["legacy-dw"],"ExemptionTagKey":["owner-opt-out"]}',
      );
      expect(io.err()).to.equal(
        `clusters: exemption tag keys ${DEMO_EXEMPTION_TAG_KEY} (from AWS Config rule redshift-evr-enhanced-vpc-routing) and owner-opt-out (from --exemption-tag-key); the runbook takes one and is passed owner-opt-out, its preflight applies ${DEMO_EXEMPTION_TAG_KEY} from the stack's ExemptionTagKey\n`,
      );
    });

    it('says in a dry run of a named cluster that it is exempt by the deployed key', async () => {
      installFakeAccount(redshift(), ec2(), demoAccountData(), { serverless: serverless(), fail: demoFailures });
      deployRules({ ExemptionTagKey: DEMO_EXEMPTION_TAG_KEY });
      documentFound();
      const io = testIo();
      expect(await runCli(['remediate', '--cluster', 'partner-share', '--dry-run'], io)).to.equal(1);
      expect(io.out()).to.match(
        /for partner-share with .*: exempt \(Vendor-managed; risk accepted in SEC-1432 until 2027-03-31\): the runbook will change nothing\n/,
      );
    });

    const unreadable: [string, () => void, string][] = [
      [
        'denied',
        () =>
          config()
            .on(DescribeConfigRulesCommand)
            .rejects(serviceError('AccessDeniedException', 'not authorized to perform: config:DescribeConfigRules')),
        'config:DescribeConfigRules was denied (AccessDeniedException)',
      ],
      [
        'not deployed',
        () =>
          config()
            .on(DescribeConfigRulesCommand)
            .rejects(serviceError('NoSuchConfigRuleException', 'The ConfigRule does not exist.')),
        'it is not deployed in this account and Region (NoSuchConfigRuleException)',
      ],
    ];
    for (const [what, arrange, why] of unreadable) {
      it(`warns when the rule cannot be read (${what}) and goes on with only what was given`, async () => {
        fakeExecutions(() => 'Success');
        arrange();
        const io = testIo();
        expect(await runCli(['remediate', '--cluster', 'etl-prod', '--exemption-tag-key', 'evr-exempt'], io)).to.equal(
          0,
        );
        expect(ssm().commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input.Parameters).to.deep.equal({
          ClusterIdentifier: ['etl-prod'],
          ExemptionTagKey: ['evr-exempt'],
        });
        expect(io.err()).to.contain(
          `warning: clusters: could not read AWS Config rule redshift-evr-enhanced-vpc-routing in us-east-1 (${why}). Going on with what you gave, exemption tag key evr-exempt (from --exemption-tag-key) only;`,
        );
        expect(io.err()).to.contain(
          'Grant config:DescribeConfigRules, check --region, or pass --exemption-tag-key KEY.\n',
        );
      });
    }

    it('warns plainly that nothing is exempt when the rule cannot be read and no key is given', async () => {
      fakeExecutions(() => 'Success');
      config().on(DescribeConfigRulesCommand).rejects(serviceError('AccessDeniedException'));
      const io = testIo();
      expect(await runCli(['remediate', '--cluster', 'etl-prod'], io)).to.equal(0);
      expect(io.err()).to.match(
        /^warning: clusters: could not read AWS Config rule redshift-evr-enhanced-vpc-routing in us-east-1 \(config:DescribeConfigRules was denied \(AccessDeniedException\)\)\. Going on with what you gave, no exemption tag key: clusters tagged with the deployed ExemptionTagKey are not left out here;/,
      );
    });

    it('takes a rule whose parameters cannot be read as unreadable: a warning, not a crash', async () => {
      fakeExecutions(() => 'Success');
      config()
        .on(DescribeConfigRulesCommand)
        .resolves({
          ConfigRules: [
            {
              ConfigRuleName: 'redshift-evr-enhanced-vpc-routing',
              Source: { Owner: 'CUSTOM_LAMBDA' },
              InputParameters: 'not json',
            },
          ],
        });
      const io = testIo();
      expect(await runCli(['remediate', '--cluster', 'etl-prod'], io)).to.equal(0);
      expect(io.err()).to.contain('(its InputParameters are not JSON: "not json")');
    });
  });

  const usage: [string[], RegExp][] = [
    [['remediate'], /^error: remediate needs --cluster ID or --workgroup NAME \(repeatable\), or --all-ready/],
    [['remediate', '--cluster', 'Bad_Id'], /^error: --cluster "Bad_Id" is not a Redshift cluster identifier/],
    [['remediate', '--workgroup', 'WG'], /^error: --workgroup "WG" is not a Redshift Serverless workgroup name/],
    [
      ['remediate', '--cluster', 'a1', '--kind', 'workgroup'],
      /^error: --kind only selects what --all-ready remediates/,
    ],
    [['remediate', '--all-ready', '--kind', 'namespace'], /^error: --kind must be one of cluster\|workgroup\|all/],
    [['remediate', '--cluster', 'a1', '--role', 'admin'], /^error: --role must be an IAM role ARN/],
    [
      ['remediate', '--cluster', 'a1', '--s3-bucket', 'etl-staging', '--s3-bucket', 'ETL'],
      /^error: --s3-bucket must be S3 bucket names separated by commas \(each 3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit\), got "ETL": "ETL" has an uppercase letter\.\n$/,
    ],
    [
      ['remediate', '--cluster', 'a1', '--execution-role-name', 'arn:aws:iam::111122223333:role/x'],
      /^error: --execution-role-name must be an IAM role name without a path \(letters, digits and \+=,\.@_-, at most 64 characters\) \(the role the central preflight assumes/,
    ],
    [
      ['remediate', '--cluster', 'a1', '--concurrency', '0'],
      /^error: --concurrency must be a whole number from 1 to 50, got "0"/,
    ],
    [
      ['remediate', '--cluster', 'a1', '--change-window', 'weekends'],
      /^error: --change-window must be now, maintenance-window/,
    ],
    [
      ['remediate', '--workgroup', 'wg-one', '--change-window', 'maintenance-window'],
      /^error: --change-window maintenance-window: Redshift Serverless workgroups have no maintenance window: .* Remediate workgroups in a run of their own\./,
    ],
    [
      ['remediate', '--cluster', 'a1', '--approver', APPROVER, '--notify', 'arn:aws:sns:us-east-1:111122223333:evr'],
      /^error: --notify must be the ARN of an SNS topic whose name starts with "Automation"/,
    ],
    [
      ['remediate', '--cluster', 'a1', '--notify', TOPIC],
      /^error: --notify tells the approvers: name them with --approver\./,
    ],
    [
      ['remediate', '--cluster', 'a1', '--approver', APPROVER, '--min-approvals', '2'],
      /^error: --min-approvals 2 needs at least 2 --approver \(got 1\)\./,
    ],
  ];
  for (const [args, message] of usage) {
    it(`exits 2 for ${args.slice(1).join(' ') || 'no target'}`, async () => {
      const io = testIo();
      expect(await runCli(args, io)).to.equal(2);
      expect(io.err()).to.match(message);
      expect(ssm().calls()).to.have.length(0);
    });
  }
});
