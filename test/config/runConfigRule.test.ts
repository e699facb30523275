import { GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { expect } from 'chai';
import { VPC_BATCH_SIZE } from '../../src/aws/gatherFacts.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { EventError } from '../../src/errors.ts';
import {
  CAPTURE_TIME,
  changeEvent,
  NOTIFICATION_TIME,
  oversizedEvent,
  RULE_NAME,
  scheduledEvent,
} from '../support/configEvents.ts';
import { evaluationResult, useConfigService } from '../support/configService.ts';
import { cluster } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { testRuntime } from '../support/ruleRuntime.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

describe('runConfigRule', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const { config, sent, byId } = useConfigService();

  describe('ConfigurationItemChangeNotification', () => {
    it('takes the flag from the item and the network live, ordered at the capture time', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      await runConfigRule(changeEvent({ enhancedVpcRouting: false }), testRuntime());
      expect(sent()).to.have.length(1);
      expect(sent()[0]).to.deep.include({
        ComplianceResourceType: 'AWS::Redshift::Cluster',
        ComplianceResourceId: 'etl-prod',
        ComplianceType: 'NON_COMPLIANT',
        OrderingTimestamp: new Date(CAPTURE_TIME),
      });
      expect(sent()[0]?.Annotation).to.match(/^Enhanced VPC routing is off\. Ready to remediate/);
      // The flag is in the item: the cluster itself is not described again.
      expect(redshift().commandCalls(DescribeClustersCommand)).to.have.length(0);
    });

    it('is COMPLIANT when the item says EVR is on', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      await runConfigRule(changeEvent({ enhancedVpcRouting: true }), testRuntime());
      expect(sent()[0]?.ComplianceType).to.equal('COMPLIANT');
    });

    it('honours an exemption tag from the item', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      const event = changeEvent(
        { tags: { 'evr-exempt': 'CHG-77' } },
        { ruleParameters: { ExemptionTagKey: 'evr-exempt' } },
      );
      await runConfigRule(event, testRuntime());
      expect(sent()[0]).to.include({
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'Exempt by tag evr-exempt: CHG-77',
      });
    });

    const notApplicable: [string, ReturnType<typeof changeEvent>, string][] = [
      ['deleted', changeEvent({ status: 'ResourceDeleted' }), 'The cluster was deleted; nothing to evaluate.'],
      [
        'deleted and not recorded',
        changeEvent({ status: 'ResourceDeletedNotRecorded' }),
        'The cluster was deleted; nothing to evaluate.',
      ],
      [
        'not recorded',
        changeEvent({ status: 'ResourceNotRecorded' }),
        'AWS Config does not record this cluster (ResourceNotRecorded); nothing to evaluate.',
      ],
      ['out of scope', changeEvent({}, { eventLeftScope: true }), "The cluster left the rule's scope."],
    ];
    for (const [name, event, annotation] of notApplicable) {
      it(`is NOT_APPLICABLE without any describe call for a cluster ${name}`, async () => {
        await runConfigRule(event, testRuntime());
        expect(sent()).to.deep.equal([
          {
            ComplianceResourceType: 'AWS::Redshift::Cluster',
            ComplianceResourceId: 'etl-prod',
            ComplianceType: 'NOT_APPLICABLE',
            Annotation: annotation,
            OrderingTimestamp: new Date(CAPTURE_TIME),
          },
        ]);
        expect(redshift().calls().length + ec2().calls().length).to.equal(0);
      });
    }

    it('ignores other resource types', async () => {
      await runConfigRule(changeEvent({ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-1' }), testRuntime());
      expect(sent()).to.deep.equal([]);
      expect(redshift().calls()).to.have.length(0);
    });
  });

  describe('OversizedConfigurationItemChangeNotification', () => {
    it('describes the cluster as it is now and evaluates it', async () => {
      const data = syntheticAccount(1, 1);
      data.clusters = [cluster({ id: 'etl-prod', evr: true, subnetGroup: 'g-0', vpcId: 'vpc-0' })];
      installFakeAccount(redshift(), ec2(), data);
      await runConfigRule(oversizedEvent({ enhancedVpcRouting: false }), testRuntime());
      expect(redshift().commandCalls(DescribeClustersCommand)[0]?.args[0].input).to.include({
        ClusterIdentifier: 'etl-prod',
      });
      expect(sent()[0]).to.include({ ComplianceType: 'COMPLIANT', ComplianceResourceId: 'etl-prod' });
      expect(sent()[0]?.OrderingTimestamp).to.deep.equal(new Date(CAPTURE_TIME));
    });

    it('is NOT_APPLICABLE when the cluster no longer exists', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(0, 1));
      await runConfigRule(oversizedEvent(), testRuntime());
      expect(sent()[0]).to.include({
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'The cluster no longer exists in this account and Region.',
      });
    });

    it('is NOT_APPLICABLE for a deleted summary without describing', async () => {
      await runConfigRule(oversizedEvent({ status: 'ResourceDeleted' }), testRuntime());
      expect(sent()[0]?.ComplianceType).to.equal('NOT_APPLICABLE');
      expect(redshift().calls()).to.have.length(0);
    });
  });

  describe('ScheduledNotification', () => {
    it('evaluates every cluster at the notification time', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(3, 2));
      const result = await runConfigRule(scheduledEvent(), testRuntime());
      expect(result).to.deep.equal({ evaluations: 3, putEvaluationsCalls: 1, notEvaluated: 0 });
      // Sent as decided, VPC by VPC: vpc-0 holds c-0 and c-2.
      expect(sent().map((e) => [e.ComplianceResourceId, e.ComplianceType])).to.deep.equal([
        ['c-0', 'NON_COMPLIANT'],
        ['c-2', 'NON_COMPLIANT'],
        ['c-1', 'NON_COMPLIANT'],
      ]);
      expect(sent().every((e) => e.OrderingTimestamp?.getTime() === Date.parse(NOTIFICATION_TIME))).to.equal(true);
    });

    it('marks clusters evaluated before but now gone NOT_APPLICABLE, across result pages', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(2, 1));
      config()
        .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: undefined })
        .resolves({ EvaluationResults: [evaluationResult('c-0'), evaluationResult('old-1')], NextToken: 'p2' })
        .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: 'p2' })
        .resolves({
          EvaluationResults: [evaluationResult('old-2'), evaluationResult('sg-1', 'AWS::EC2::SecurityGroup')],
        });
      await runConfigRule(scheduledEvent(), testRuntime());
      const input = config().commandCalls(GetComplianceDetailsByConfigRuleCommand)[0]?.args[0].input;
      // NOT_APPLICABLE results need no clean-up: they are not listed (see cleanup.test.ts).
      expect(input).to.deep.include({
        ConfigRuleName: RULE_NAME,
        ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'],
      });
      expect(config().commandCalls(GetComplianceDetailsByConfigRuleCommand)).to.have.length(2);
      // The clean-up needs no facts: it fills the run's last call, ahead of the evaluations in it.
      expect(Object.keys(byId())).to.deep.equal(['old-1', 'old-2', 'c-0', 'c-1']);
      expect(byId()['old-2']).to.include({
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'The cluster no longer exists in this account and Region.',
      });
    });

    it('still sends fresh results when the clean-up cannot list earlier ones, and warns', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(2, 1));
      config()
        .on(GetComplianceDetailsByConfigRuleCommand)
        .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
      const runtime = testRuntime();
      const result = await runConfigRule(scheduledEvent(), runtime);
      expect(result.evaluations).to.equal(2);
      expect(Object.keys(byId())).to.deep.equal(['c-0', 'c-1']);
      expect(runtime.logs.find((l) => l.level === 'warn')?.message).to.equal(
        'Earlier results not listed (config:GetComplianceDetailsByConfigRule was denied (AccessDeniedException)): no clean-up of deleted clusters, and no oldest-first order this run.',
      );
    });

    it('keeps going when one VPC cannot be described: that cluster is NETWORK_UNVERIFIED', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(4, 2), {
        fail: (op, input) =>
          op === 'DescribeVpcAttribute' && input.VpcId === 'vpc-1' ? serviceError('UnauthorizedOperation') : undefined,
      });
      const runtime = testRuntime();
      await runConfigRule(scheduledEvent({ ruleParameters: { PrerequisiteMode: 'enforce' } }), runtime);
      expect(sent()).to.have.length(4);
      expect(byId()['c-1']?.Annotation).to.contain('ec2:DescribeVpcAttribute was denied');
      const logged = runtime.logs
        .filter((l) => l.message === 'evaluation')
        .map((l) => [l.attributes.clusterIdentifier, l.attributes.missing]);
      expect(logged).to.deep.equal([
        ['c-0', []],
        ['c-1', ['NETWORK_UNVERIFIED']],
        ['c-2', []],
        ['c-3', ['NETWORK_UNVERIFIED']],
      ]);
    });

    it('stops before the Lambda times out, sends what it has and says how far it got', async () => {
      // Two whole batches of VPCs and 50 more; a clock that only the describe calls move: each batch (one
      // endpoint read) "takes" 40 s of a 120 s budget.
      const total = 2 * VPC_BATCH_SIZE + 50;
      let elapsed = 0;
      installFakeAccount(redshift(), ec2(), syntheticAccount(total, total), {
        fail: (operation, input) => {
          // Once a batch: its first page of endpoints.
          if (operation === 'DescribeVpcEndpoints' && input.NextToken === undefined) elapsed += 40_000;
          return undefined;
        },
      });
      const runtime = testRuntime({ remainingTimeMs: () => 120_000 - elapsed });
      const result = await runConfigRule(scheduledEvent(), runtime);
      // The third batch would not fit in the 40 s left (the slowest batch took 40 s): two are sent.
      const sentCount = 2 * VPC_BATCH_SIZE;
      expect(result).to.deep.equal({
        evaluations: sentCount,
        putEvaluationsCalls: Math.ceil(sentCount / 100),
        notEvaluated: 50,
      });
      const warning = runtime.logs.find((l) => l.level === 'warn');
      expect(warning?.attributes).to.include({ evaluated: sentCount, notEvaluated: 50 });
      expect(warning?.attributes.notEvaluatedClusters).to.have.nested.property('[0]', `c-${sentCount}`);
    });

    it('reaches every cluster over consecutive time-limited runs: the oldest results first', async () => {
      // An AWS Config that keeps each result with the time it recorded it, and lists them back.
      const recorded = new Map<string, { type: string; at: Date }>();
      let now = Date.parse('2026-11-28T00:00:00Z');
      config()
        .on(PutEvaluationsCommand)
        .callsFake((input) => {
          for (const e of input.Evaluations ?? [])
            recorded.set(e.ComplianceResourceId ?? '', { type: e.ComplianceType ?? '', at: new Date(now) });
          return { FailedEvaluations: [] };
        });
      config()
        .on(GetComplianceDetailsByConfigRuleCommand)
        .callsFake(() => ({
          EvaluationResults: [...recorded].map(([id, r]) => ({
            ...evaluationResult(id),
            ComplianceType: r.type as 'NON_COMPLIANT',
            ResultRecordedTime: r.at,
          })),
        }));
      // Three batches of VPCs, a cluster in each VPC; each run has time for 2 batches.
      const total = 3 * VPC_BATCH_SIZE;
      const runOnce = async () => {
        let elapsed = 0;
        redshift().reset();
        ec2().reset();
        installFakeAccount(redshift(), ec2(), syntheticAccount(total, total), {
          fail: (operation, input) => {
            // Once a batch: its first page of endpoints.
            if (operation === 'DescribeVpcEndpoints' && input.NextToken === undefined) elapsed += 40_000;
            return undefined;
          },
        });
        const before = new Set(recorded.keys());
        const stamps = new Map([...recorded].map(([id, r]) => [id, r.at.getTime()]));
        const result = await runConfigRule(scheduledEvent(), testRuntime({ remainingTimeMs: () => 120_000 - elapsed }));
        now += 24 * 3_600_000;
        const reached = [...recorded].filter(([id, r]) => !before.has(id) || r.at.getTime() !== stamps.get(id));
        return { result, reached: new Set(reached.map(([id]) => id)) };
      };
      const first = await runOnce();
      const second = await runOnce();
      expect(first.result).to.include({ evaluations: 2 * VPC_BATCH_SIZE, notEvaluated: VPC_BATCH_SIZE });
      expect(second.result).to.include({ evaluations: 2 * VPC_BATCH_SIZE, notEvaluated: VPC_BATCH_SIZE });
      // The second run starts with the batch the first could not reach…
      const missedByFirst = Array.from({ length: total }, (_, i) => `c-${i}`).filter((id) => !first.reached.has(id));
      expect(missedByFirst).to.have.length(VPC_BATCH_SIZE);
      for (const id of missedByFirst) expect(second.reached.has(id), id).to.equal(true);
      // …so that together they reached every cluster.
      expect(new Set([...first.reached, ...second.reached]).size).to.equal(total);
    });

    it('keeps time for what is still to be sent: with too little left, nothing is gathered and one empty call says so', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      // 3 s margin + 3 s for the last PutEvaluations (not measured yet): 5 s is not enough to gather anything.
      const runtime = testRuntime({ remainingTimeMs: () => 5_000 });
      const result = await runConfigRule(scheduledEvent(), runtime);
      expect(result).to.deep.equal({ evaluations: 0, putEvaluationsCalls: 1, notEvaluated: 0 });
      expect(redshift().calls()).to.have.length(0);
      expect(ec2().calls()).to.have.length(0);
      expect(runtime.logs.map((l) => l.message)).to.include(
        'No cluster evaluated: redshift:DescribeClusters was not started: no time left.',
      );
      redshift().reset();
      ec2().reset();
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      expect(
        (await runConfigRule(scheduledEvent(), testRuntime({ remainingTimeMs: () => 7_000 }))).evaluations,
      ).to.equal(1);
    });

    it('logs one structured line per decision, without secrets', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(2, 1));
      const runtime = testRuntime();
      await runConfigRule(scheduledEvent(), runtime);
      expect(runtime.logs.map((l) => l.attributes)).to.deep.equal([
        {
          accountId: '111122223333',
          kind: 'cluster',
          clusterIdentifier: 'c-0',
          complianceType: 'NON_COMPLIANT',
          missing: [],
          prerequisitesMet: true,
        },
        {
          accountId: '111122223333',
          kind: 'cluster',
          clusterIdentifier: 'c-1',
          complianceType: 'NON_COMPLIANT',
          missing: [],
          prerequisitesMet: true,
        },
      ]);
      expect(JSON.stringify(runtime.logs)).to.not.match(/resultToken|eyJlbmNyeXB0ZWRE|secret/i);
    });
  });

  describe('PutEvaluations', () => {
    it('sends a failed evaluation again once', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(2, 1));
      config()
        .on(PutEvaluationsCommand)
        .resolvesOnce({
          FailedEvaluations: [
            {
              ComplianceResourceType: 'AWS::Redshift::Cluster',
              ComplianceResourceId: 'c-1',
              ComplianceType: 'NON_COMPLIANT',
              OrderingTimestamp: new Date(),
            },
          ],
        })
        .resolves({ FailedEvaluations: [] });
      const result = await runConfigRule(scheduledEvent(), testRuntime());
      expect(result.putEvaluationsCalls).to.equal(2);
      expect(
        config()
          .commandCalls(PutEvaluationsCommand)[1]
          ?.args[0].input.Evaluations?.map((e) => e.ComplianceResourceId),
      ).to.deep.equal(['c-1']);
    });

    it('reports evaluations rejected twice as an error naming them', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(2, 1));
      const failed = {
        ComplianceResourceType: 'AWS::Redshift::Cluster',
        ComplianceResourceId: 'c-1',
        ComplianceType: 'NON_COMPLIANT' as const,
        OrderingTimestamp: new Date(),
      };
      config()
        .on(PutEvaluationsCommand)
        .resolves({ FailedEvaluations: [failed] });
      const error = await runConfigRule(scheduledEvent(), testRuntime()).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.equal(
        'config:PutEvaluations accepted 1 of 2 evaluation(s); not accepted: c-1 (rejected twice as FailedEvaluations). Those clusters keep their previous results until the next evaluation.',
      );
    });

    it('uses TestMode for the console test token', async () => {
      await runConfigRule(changeEvent({ status: 'ResourceDeleted' }, { resultToken: 'TESTMODE' }), testRuntime());
      expect(config().commandCalls(PutEvaluationsCommand)[0]?.args[0].input).to.include({
        TestMode: true,
        ResultToken: 'TESTMODE',
      });
    });
  });

  it('writes nothing for a malformed event', async () => {
    const error = await runConfigRule({ ...scheduledEvent(), invokingEvent: 'nope' }, testRuntime()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(EventError);
    expect(config().calls()).to.have.length(0);
  });
});
