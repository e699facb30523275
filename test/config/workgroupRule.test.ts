import { GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import {
  ListTagsForResourceCommand,
  ListWorkgroupsCommand,
  RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { VPC_BATCH_SIZE } from '../../src/aws/gatherFacts.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { changeEvent, NOTIFICATION_TIME, oversizedEvent, scheduledEvent } from '../support/configEvents.ts';
import { evaluationResult, useConfigService } from '../support/configService.ts';
import type { AccountData } from '../support/fakeAws/account.ts';
import { workgroup } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { testRuntime } from '../support/ruleRuntime.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const WORKGROUP = 'AWS::RedshiftServerless::Workgroup';
const workgroupRule = (parameters: Record<string, string> = {}) => ({
  ruleParameters: { ResourceType: WORKGROUP, ...parameters },
});

/** Two workgroups beside one cluster: `wg-ready` routes through vpc-0's S3 endpoint; `wg-dark` has no route. */
const account = (): AccountData => ({
  ...syntheticAccount(1, 1),
  workgroups: [
    workgroup({ name: 'wg-ready', subnetIds: ['subnet-0a', 'subnet-0b'] }),
    workgroup({ name: 'wg-dark', subnetIds: ['subnet-0x'] }),
    workgroup({ name: 'wg-on', subnetIds: ['subnet-0a'], evr: true }),
  ],
  // subnet-0x has no explicit association: the main table (local + internet gateway) serves a private workgroup.
  subnets: [{ SubnetId: 'subnet-0x', VpcId: 'vpc-0' }],
});

/** The error a run ends with, or undefined when it succeeds. */
const failureOf = (event: unknown): Promise<Error | undefined> =>
  runConfigRule(event, testRuntime()).then(
    () => undefined,
    (e: Error) => e,
  );

describe('the Config rule for Redshift Serverless workgroups (ResourceType=AWS::RedshiftServerless::Workgroup)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const { config, sent, byId } = useConfigService();

  it('evaluates every workgroup on a periodic run, and no cluster', async () => {
    installFakeAccount(redshift(), ec2(), account(), { serverless: serverless() });
    const result = await runConfigRule(scheduledEvent(workgroupRule()), testRuntime());
    expect(result.evaluations).to.equal(3);
    expect(sent().map((e) => e.ComplianceResourceType)).to.deep.equal([WORKGROUP, WORKGROUP, WORKGROUP]);
    expect(byId()['wg-ready']).to.deep.include({
      ComplianceType: 'NON_COMPLIANT',
      OrderingTimestamp: new Date(NOTIFICATION_TIME),
    });
    expect(byId()['wg-ready']?.Annotation).to.match(/^Enhanced VPC routing is off\. Ready to remediate/);
    expect(byId()['wg-dark']?.ComplianceType).to.equal('NON_COMPLIANT');
    expect(byId()['wg-dark']?.Annotation).to.match(
      /^Enhanced VPC routing is off\. Fix first: No S3 route from subnet-0x/,
    );
    expect(byId()['wg-on']?.ComplianceType).to.equal('COMPLIANT');
    expect(redshift().commandCalls(DescribeClustersCommand)).to.have.length(0);
  });

  it('lists earlier results of workgroups only, and turns those of deleted workgroups NOT_APPLICABLE', async () => {
    installFakeAccount(redshift(), ec2(), account(), { serverless: serverless() });
    config()
      .on(GetComplianceDetailsByConfigRuleCommand)
      .resolves({
        EvaluationResults: [
          evaluationResult('wg-deleted', WORKGROUP),
          // A cluster result under the same id is not this rule's business.
          evaluationResult('c-9', 'AWS::Redshift::Cluster'),
        ],
      });
    await runConfigRule(scheduledEvent(workgroupRule()), testRuntime());
    expect(byId()['wg-deleted']).to.deep.include({
      ComplianceResourceType: WORKGROUP,
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'The workgroup no longer exists in this account and Region.',
    });
    expect(byId()['c-9']).to.equal(undefined);
  });

  it('honours the exemption tag, read with ListTagsForResource', async () => {
    const data = account();
    const arn = data.workgroups?.[1]?.workgroupArn ?? '';
    data.workgroupTags = { [arn]: [{ key: 'evr-exempt', value: 'CHG-1234 until 2027-01-31' }] };
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    await runConfigRule(scheduledEvent(workgroupRule({ ExemptionTagKey: 'evr-exempt' })), testRuntime());
    expect(byId()['wg-dark']).to.deep.include({
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'Exempt by tag evr-exempt: CHG-1234 until 2027-01-31',
    });
    expect(serverless().commandCalls(ListTagsForResourceCommand)).to.have.length(3);
  });

  it('sends nothing when an exemption tag is configured but the tags cannot be read (never a wrong verdict)', async () => {
    installFakeAccount(redshift(), ec2(), account(), {
      serverless: serverless(),
      fail: (operation) => (operation === 'ListTagsForResource' ? serviceError('AccessDeniedException') : undefined),
    });
    const error = await failureOf(scheduledEvent(workgroupRule({ ExemptionTagKey: 'evr-exempt' })));
    expect(error?.message).to.match(/redshift-serverless:ListTagsForResource was denied/);
    expect(sent()).to.have.length(0);
  });

  it('reads no tags without an exemption tag key (they only matter for exemptions)', async () => {
    installFakeAccount(redshift(), ec2(), account(), { serverless: serverless() });
    await runConfigRule(scheduledEvent(workgroupRule()), testRuntime());
    expect(byId()['wg-ready']?.ComplianceType).to.equal('NON_COMPLIANT');
    expect(serverless().commandCalls(ListTagsForResourceCommand)).to.have.length(0);
  });

  it('leaves out a workgroup deleted between the listing and the tag read (the next run cleans it up)', async () => {
    const data = account();
    const gone = data.workgroups?.[0]?.workgroupArn;
    installFakeAccount(redshift(), ec2(), data, {
      serverless: serverless(),
      fail: (operation, input) =>
        operation === 'ListTagsForResource' && input.resourceArn === gone
          ? serviceError('ResourceNotFoundException')
          : undefined,
    });
    await runConfigRule(scheduledEvent(workgroupRule({ ExemptionTagKey: 'evr-exempt' })), testRuntime());
    expect(Object.keys(byId()).sort()).to.deep.equal(['wg-dark', 'wg-on']);
  });

  it('sends nothing when an exemption tag is configured and a workgroup has no ARN to read its tags by', async () => {
    const data = account();
    const [first, ...rest] = data.workgroups ?? [];
    data.workgroups = [{ ...first, workgroupArn: undefined }, ...rest];
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    const error = await failureOf(scheduledEvent(workgroupRule({ ExemptionTagKey: 'evr-exempt' })));
    expect(error?.message).to.contain('returned no ARN for wg-ready: its exemption tag cannot be read');
    expect(sent()).to.have.length(0);
  });

  it('marks the prerequisites unverified, naming the call, when DescribeSubnets is denied', async () => {
    installFakeAccount(redshift(), ec2(), account(), {
      serverless: serverless(),
      fail: (operation) => (operation === 'DescribeSubnets' ? serviceError('UnauthorizedOperation') : undefined),
    });
    await runConfigRule(scheduledEvent(workgroupRule({ PrerequisiteMode: 'enforce' })), testRuntime());
    expect(byId()['wg-on']?.ComplianceType).to.equal('NON_COMPLIANT');
    expect(byId()['wg-on']?.Annotation).to.contain('ec2:DescribeSubnets was denied');
    expect(byId()['wg-ready']?.Annotation).to.match(/^Enhanced VPC routing is off\. Not verified safe to remediate/);
  });

  it('names the listing call when the workgroups cannot be listed', async () => {
    installFakeAccount(redshift(), ec2(), account(), {
      serverless: serverless(),
      fail: (operation) => (operation === 'ListWorkgroups' ? serviceError('AccessDeniedException') : undefined),
    });
    const error = await failureOf(scheduledEvent(workgroupRule()));
    expect(error?.message).to.match(/redshift-serverless:ListWorkgroups was denied/);
    expect(sent()).to.have.length(0);
  });

  it('ignores a cluster change notification (not its resource type)', async () => {
    installFakeAccount(redshift(), ec2(), account(), { serverless: serverless() });
    const result = await runConfigRule(changeEvent({}, workgroupRule()), testRuntime());
    expect(result.evaluations).to.equal(0);
    expect(serverless().commandCalls(ListWorkgroupsCommand)).to.have.length(0);
  });

  it('reads the workgroup live for an oversized notification of a workgroup item', async () => {
    installFakeAccount(redshift(), ec2(), account(), { serverless: serverless() });
    const event = oversizedEvent({ resourceType: WORKGROUP, resourceId: 'wg-on' }, workgroupRule());
    await runConfigRule(event, testRuntime());
    expect(sent()).to.have.length(1);
    expect(sent()[0]).to.deep.include({ ComplianceResourceType: WORKGROUP, ComplianceType: 'COMPLIANT' });
  });

  it('marks a workgroup that no longer exists NOT_APPLICABLE on a change notification', async () => {
    installFakeAccount(redshift(), ec2(), account(), { serverless: serverless() });
    const event = oversizedEvent({ resourceType: WORKGROUP, resourceId: 'wg-gone' }, workgroupRule());
    await runConfigRule(event, testRuntime());
    expect(sent()[0]).to.deep.include({
      ComplianceResourceType: WORKGROUP,
      ComplianceResourceId: 'wg-gone',
      ComplianceType: 'NOT_APPLICABLE',
    });
  });

  it('stops before the Lambda times out, with whole batches of VPCs sent, like the cluster rule', async () => {
    // Workgroups in two whole batches of VPCs and 50 more; a clock that only the endpoint reads move (each
    // batch "takes" 40 s of a 120 s budget).
    const total = 2 * VPC_BATCH_SIZE + 50;
    const data = syntheticAccount(0, total);
    data.workgroups = Array.from({ length: total }, (_, i) =>
      workgroup({ name: `wg-${i}`, subnetIds: [`subnet-${i}a`] }),
    );
    let elapsed = 0;
    installFakeAccount(redshift(), ec2(), data, {
      serverless: serverless(),
      fail: (operation, input) => {
        // Once a batch: its first page of endpoints.
        if (operation === 'DescribeVpcEndpoints' && input.NextToken === undefined) elapsed += 40_000;
        return undefined;
      },
    });
    const runtime = testRuntime({ remainingTimeMs: () => 120_000 - elapsed });
    const result = await runConfigRule(scheduledEvent(workgroupRule()), runtime);
    const sentCount = 2 * VPC_BATCH_SIZE;
    expect(result).to.deep.equal({
      evaluations: sentCount,
      putEvaluationsCalls: Math.ceil(sentCount / 100),
      notEvaluated: 50,
    });
    expect(sent().every((e) => e.ComplianceResourceType === WORKGROUP)).to.equal(true);
    const warning = runtime.logs.find((l) => l.level === 'warn');
    expect(warning?.attributes).to.include({ evaluated: sentCount, notEvaluated: 50 });
    expect(warning?.attributes.notEvaluatedClusters).to.have.nested.property('[0]', `wg-${sentCount}`);
  });
});
