import { ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeClustersCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  RedshiftServerlessClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-redshift-serverless';
import { BatchUpdateFindingsCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import { runCli } from '../../src/cli/runCli.ts';
import { cluster } from '../support/fakeAws/builders.ts';
import { hubFinding } from '../support/fakeAws/hubFinding.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { testIo } from '../support/testIo.ts';

const CLUSTER_ARN = 'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod';
const WORKGROUP_ARN = 'arn:aws:redshift-serverless:us-east-1:111122223333:workgroup/0000-wg';

/** The cluster's active Redshift.7 finding, as Security Hub answers it. */
const finding = (workflow: 'NEW' | 'SUPPRESSED', note?: string) =>
  hubFinding('finding-etl-prod', CLUSTER_ARN, { workflow, ...(note ? { note } : {}) });

describe('redshift-evr exempt', () => {
  const redshift = useClientMock(RedshiftClient);
  const serverless = useClientMock(RedshiftServerlessClient);
  const config = useClientMock(ConfigServiceClient);
  const hub = useClientMock(SecurityHubClient);
  beforeEach(() => {
    // No finding unless a test says otherwise.
    hub().on(GetFindingsCommand).resolves({ Findings: [] });
  });

  /** The deployed cluster rule, with this ExemptionTagKey (none: a stack deployed without one). */
  const deployedKey = (key?: string) =>
    config()
      .on(DescribeConfigRulesCommand)
      .resolves({
        ConfigRules: [
          {
            ConfigRuleName: 'redshift-evr-enhanced-vpc-routing',
            InputParameters: JSON.stringify({ PrerequisiteMode: 'report', ...(key ? { ExemptionTagKey: key } : {}) }),
            Source: undefined,
          },
        ],
      });
  const withCluster = (tags: Record<string, string> = {}) =>
    redshift()
      .on(DescribeClustersCommand)
      .resolves({ Clusters: [cluster({ id: 'etl-prod', vpcId: 'vpc-0', subnetGroup: 'g', tags })] });
  const run = async (args: string[]) => {
    const io = testIo();
    const code = await runCli(['exempt', '--region', 'us-east-1', ...args], io);
    return { code, out: io.out(), err: io.err() };
  };

  it("tags a cluster with the deployed rule's key, the reason and the last day, and says what follows", async () => {
    deployedKey('evr-exempt');
    withCluster();
    redshift().on(CreateTagsCommand).resolves({});
    const { code, out, err } = await run([
      '--cluster',
      'etl-prod',
      '--reason',
      'Vendor-managed; SEC-1432',
      '--until',
      '2027-03-31',
    ]);
    expect(code, err).to.equal(0);
    expect(
      redshift()
        .commandCalls(CreateTagsCommand)
        .map((c) => c.args[0].input),
    ).to.deep.equal([
      { ResourceName: CLUSTER_ARN, Tags: [{ Key: 'evr-exempt', Value: 'Vendor-managed; SEC-1432 until 2027-03-31' }] },
    ]);
    expect(err).to.equal(
      'note: exemption tag key evr-exempt (from AWS Config rule redshift-evr-enhanced-vpc-routing).\n',
    );
    expect(out).to.match(
      /^Tagged cluster etl-prod \(us-east-1\) with evr-exempt="Vendor-managed; SEC-1432 until 2027-03-31"\. The AWS Config rule reports it NOT_APPLICABLE/,
    );
    expect(out).to.contain('Security Hub: no active Redshift.7 finding for it in this Region.\n');
  });

  it('suppresses the Security Hub finding with the reason, and undoes it with --remove', async () => {
    withCluster();
    redshift().on(CreateTagsCommand).resolves({});
    hub()
      .on(GetFindingsCommand)
      .resolves({ Findings: [finding('NEW')] });
    hub().on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const args = ['--cluster', 'etl-prod', '--exemption-tag-key', 'evr-exempt'];
    const tagged = await run([...args, '--reason', 'Vendor-managed']);
    expect(tagged.code, tagged.err).to.equal(0);
    const update = (n: number) => hub().commandCalls(BatchUpdateFindingsCommand)[n]?.args[0].input;
    expect(update(0)).to.deep.include({
      FindingIdentifiers: [
        { Id: 'finding-etl-prod', ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub' },
      ],
      Workflow: { Status: 'SUPPRESSED' },
    });
    expect(update(0)?.Note?.Text).to.equal('Exempt by tag evr-exempt: Vendor-managed (redshift-evr)');
    expect(tagged.out).to.contain('Security Hub: its Redshift.7 finding is SUPPRESSED, with the reason in its note.\n');
    // Removed: our suppression is undone.
    withCluster({ 'evr-exempt': 'Vendor-managed' });
    redshift().on(DeleteTagsCommand).resolves({});
    hub()
      .on(GetFindingsCommand)
      .resolves({ Findings: [finding('SUPPRESSED', 'Exempt by tag evr-exempt: Vendor-managed (redshift-evr)')] });
    const removed = await run([...args, '--remove']);
    expect(removed.code, removed.err).to.equal(0);
    expect(update(1)?.Workflow).to.deep.equal({ Status: 'NEW' });
    expect(removed.out).to.contain('Security Hub: its Redshift.7 finding is NEW again (our suppression undone).\n');
  });

  it('still tags when Security Hub is not enabled, and warns', async () => {
    withCluster();
    redshift().on(CreateTagsCommand).resolves({});
    hub()
      .on(GetFindingsCommand)
      .rejects(serviceError('InvalidAccessException', 'Account is not subscribed to AWS Security Hub'));
    const { code, err } = await run(['--cluster', 'etl-prod', '--exemption-tag-key', 'evr-exempt', '--reason', 'x']);
    expect(code).to.equal(0);
    expect(redshift().commandCalls(CreateTagsCommand)).to.have.length(1);
    expect(err).to.match(/^warning: its Security Hub Redshift\.7 finding was not updated \(/);
  });

  it('tags a workgroup by its ARN, with --exemption-tag-key and no rule read', async () => {
    serverless()
      .on(GetWorkgroupCommand)
      .resolves({ workgroup: { workgroupName: 'wg-one', workgroupArn: WORKGROUP_ARN } as never });
    serverless().on(ListTagsForResourceCommand).resolves({ tags: [] });
    serverless().on(TagResourceCommand).resolves({});
    const { code } = await run(['--workgroup', 'wg-one', '--reason', 'Sandbox', '--exemption-tag-key', 'evr-exempt']);
    expect(code).to.equal(0);
    expect(serverless().commandCalls(TagResourceCommand)[0]?.args[0].input).to.deep.equal({
      resourceArn: WORKGROUP_ARN,
      tags: [{ key: 'evr-exempt', value: 'Sandbox' }],
    });
    expect(config().calls()).to.have.length(0);
    serverless()
      .on(ListTagsForResourceCommand)
      .resolves({ tags: [{ key: 'evr-exempt', value: 'Sandbox' }] });
    serverless().on(UntagResourceCommand).resolves({});
    expect((await run(['--workgroup', 'wg-one', '--remove', '--exemption-tag-key', 'evr-exempt'])).code).to.equal(0);
    expect(serverless().commandCalls(UntagResourceCommand)[0]?.args[0].input).to.deep.equal({
      resourceArn: WORKGROUP_ARN,
      tagKeys: ['evr-exempt'],
    });
  });

  it('removes the tag with --remove, and says when there is none', async () => {
    deployedKey('evr-exempt');
    withCluster({ 'evr-exempt': 'old reason' });
    redshift().on(DeleteTagsCommand).resolves({});
    const removed = await run(['--cluster', 'etl-prod', '--remove']);
    expect(removed.code).to.equal(0);
    expect(redshift().commandCalls(DeleteTagsCommand)[0]?.args[0].input).to.deep.equal({
      ResourceName: CLUSTER_ARN,
      TagKeys: ['evr-exempt'],
    });
    expect(removed.out).to.match(
      /^Removed evr-exempt from cluster etl-prod \(us-east-1\)\. The AWS Config rule judges it again/,
    );
    withCluster();
    const none = await run(['--cluster', 'etl-prod', '--remove']);
    expect(none.out).to.equal('cluster etl-prod (us-east-1) has no evr-exempt tag: nothing to remove.\n');
    expect(redshift().commandCalls(DeleteTagsCommand)).to.have.length(1);
  });

  it('changes nothing with --dry-run, or when the tag already says the same', async () => {
    deployedKey('evr-exempt');
    withCluster({ 'evr-exempt': 'Sandbox' });
    const dry = await run(['--cluster', 'etl-prod', '--reason', 'Vendor-managed', '--dry-run']);
    expect(dry.out).to.equal(
      'Would tag cluster etl-prod (us-east-1) with evr-exempt="Vendor-managed" (now "Sandbox").\n',
    );
    const same = await run(['--cluster', 'etl-prod', '--reason', 'Sandbox']);
    expect(same.out).to.match(/is already exempt: evr-exempt="Sandbox"\. Nothing to change\.\n$/);
    const dryRemove = await run(['--cluster', 'etl-prod', '--remove', '--dry-run']);
    expect(dryRemove.out).to.equal('Would remove evr-exempt from cluster etl-prod (us-east-1) (now "Sandbox").\n');
    expect(redshift().commandCalls(CreateTagsCommand)).to.have.length(0);
    expect(redshift().commandCalls(DeleteTagsCommand)).to.have.length(0);
  });

  it('refuses when no exemption key is deployed or given, saying how to set one', async () => {
    deployedKey();
    withCluster();
    const { code, err } = await run(['--cluster', 'etl-prod', '--reason', 'x']);
    expect(code).to.equal(2);
    expect(err).to.match(
      /^error: AWS Config rule redshift-evr-enhanced-vpc-routing has no ExemptionTagKey \(the stack was deployed without one\): the rules would not read any tag as an exemption\. Deploy the stack with --param="ExemptionTagKey=evr-exempt", or pass --exemption-tag-key KEY as deployed\./,
    );
    expect(redshift().commandCalls(CreateTagsCommand)).to.have.length(0);
  });

  it('names the denied action and a missing cluster', async () => {
    withCluster();
    redshift().on(CreateTagsCommand).rejects(serviceError('AccessDenied', 'not authorized'));
    const denied = await run(['--cluster', 'etl-prod', '--reason', 'x', '--exemption-tag-key', 'evr-exempt']);
    expect(denied.code).to.equal(2);
    expect(denied.err).to.contain('redshift:CreateTags was denied');
    redshift().on(DescribeClustersCommand).rejects(serviceError('ClusterNotFoundFault', 'Cluster ghost not found.'));
    const missing = await run(['--cluster', 'ghost', '--reason', 'x', '--exemption-tag-key', 'evr-exempt']);
    expect(missing.err).to.match(/^error: cluster ghost was not found in us-east-1: check --cluster and --region/);
  });

  const usage: [string[], RegExp][] = [
    [[], /^error: exempt needs exactly one of --cluster ID or --workgroup NAME\./],
    [['--cluster', 'a1', '--workgroup', 'wg-one', '--reason', 'x'], /, not both\./],
    [['--cluster', 'a1'], /^error: exempt needs --reason TEXT/],
    [
      ['--cluster', 'a1', '--reason', 'x', '--until', '2027-02-30'],
      /^error: --until must be a calendar date YYYY-MM-DD/,
    ],
    [['--cluster', 'a1', '--reason', 'x', '--until', '2025-12-31'], /^error: --until 2025-12-31 has passed/],
    [
      ['--cluster', 'a1', '--reason', 'ok until 2027-01-01', '--until', '2027-02-01'],
      /give the date once, with --until/,
    ],
    [['--cluster', 'a1', '--reason', 'CHG-1 until 2027-3-31'], /which the rules read as an end date that is not one/],
    [['--cluster', 'a1', '--reason', 'CHG-1 until 2025-03-31'], /until 2025-03-31", which has passed/],
    [
      ['--cluster', 'a1', '--reason', 'r'.repeat(250), '--until', '2027-01-01'],
      /comes to 267 characters; AWS takes at most 256/,
    ],
    [['--cluster', 'a1', '--remove', '--reason', 'x'], /^error: --remove takes the tag off/],
    [
      ['--cluster', 'a1', '--reason', 'x', '--exemption-tag-key', 'aws:x'],
      /^error: --exemption-tag-key must be a tag key/,
    ],
  ];
  for (const [args, message] of usage) {
    it(`refuses ${args.join(' ') || 'no target'} before any call, naming the flag`, async () => {
      const { code, err } = await run(args);
      expect(code).to.equal(2);
      expect(err).to.match(message);
      expect(redshift().calls().length + config().calls().length).to.equal(0);
    });
  }
});
