import { expect } from 'chai';
import { MAX_RESOURCE_ID_LENGTH, parseConfigEvent } from '../../src/config/configEvent.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { EventError, InputError } from '../../src/errors.ts';
import {
  ACCOUNT,
  CAPTURE_TIME,
  changeEvent,
  oversizedEvent,
  RULE_NAME,
  scheduledEvent,
} from '../support/configEvents.ts';
import { testRuntime } from '../support/ruleRuntime.ts';

const failure = (event: unknown): Error => {
  try {
    parseConfigEvent(event);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected parseConfigEvent to fail');
};

describe('parseConfigEvent', () => {
  it('parses a change notification with its item and default options', () => {
    const event = parseConfigEvent(changeEvent({ enhancedVpcRouting: true, tags: { team: 'bi' } }));
    expect(event.accountId).to.equal(ACCOUNT);
    expect(event.configRuleName).to.equal(RULE_NAME);
    expect(event.options).to.deep.equal({
      prerequisiteMode: 'report',
      requireInternetPath: false,
      resourceKind: 'cluster',
    });
    expect(event.invokingEvent.messageType).to.equal('ConfigurationItemChangeNotification');
    if (event.invokingEvent.messageType !== 'ConfigurationItemChangeNotification') return;
    expect(event.invokingEvent.configurationItem).to.include({
      resourceId: 'etl-prod',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: CAPTURE_TIME,
    });
    expect(event.invokingEvent.configurationItem.configuration).to.include({ enhancedVpcRouting: true });
    expect(event.invokingEvent.configurationItem.tags).to.deep.equal({ team: 'bi' });
  });

  it('parses a deleted item whose configuration is null', () => {
    const event = parseConfigEvent(changeEvent({ status: 'ResourceDeleted' }));
    if (event.invokingEvent.messageType !== 'ConfigurationItemChangeNotification') throw new Error('type');
    expect(event.invokingEvent.configurationItem.configurationItemStatus).to.equal('ResourceDeleted');
    expect(event.invokingEvent.configurationItem.configuration).to.equal(undefined);
  });

  it('parses an oversized notification summary and a scheduled notification', () => {
    expect(parseConfigEvent(oversizedEvent()).invokingEvent.messageType).to.equal(
      'OversizedConfigurationItemChangeNotification',
    );
    expect(parseConfigEvent(scheduledEvent()).invokingEvent.messageType).to.equal('ScheduledNotification');
  });

  it('reads all rule parameters', () => {
    const event = parseConfigEvent(
      scheduledEvent({
        ruleParameters: {
          PrerequisiteMode: 'enforce',
          RequireInternetPath: 'TRUE',
          ExemptionTagKey: 'evr-exempt',
          ExecutionRoleName: 'EvrRule',
          ResourceType: 'AWS::RedshiftServerless::Workgroup',
          S3Buckets: 'etl-staging,unload.archive-2024',
        },
      }),
    );
    expect(event.options).to.deep.equal({
      prerequisiteMode: 'enforce',
      requireInternetPath: true,
      exemptionTagKey: 'evr-exempt',
      executionRoleName: 'EvrRule',
      s3Buckets: ['etl-staging', 'unload.archive-2024'],
      resourceKind: 'workgroup',
    });
  });

  it('reads S3Buckets with spaces around the commas, once per bucket', () => {
    const event = parseConfigEvent(
      scheduledEvent({ ruleParameters: { S3Buckets: ' etl-staging , abc,etl-staging ' } }),
    );
    expect(event.options.s3Buckets).to.deep.equal(['etl-staging', 'abc']);
    const edges = ['abc', 'b'.repeat(63), '123', 'a.b-c', 'logs.example.com', '1.2.3.4.5'];
    expect(
      parseConfigEvent(scheduledEvent({ ruleParameters: { S3Buckets: edges.join() } })).options.s3Buckets,
    ).to.deep.equal(edges);
  });

  it('treats empty optional parameters (as conformance packs send them) as unset', () => {
    const event = parseConfigEvent(
      scheduledEvent({ ruleParameters: { ExemptionTagKey: '', ExecutionRoleName: ' ', S3Buckets: '' } }),
    );
    expect(event.options).to.deep.equal({
      prerequisiteMode: 'report',
      requireInternetPath: false,
      resourceKind: 'cluster',
    });
  });

  const malformed: [string, unknown, RegExp][] = [
    ['a non-object event', 'hello', /^Event field "\(event\)" must be an object, got "hello"\./],
    [
      'invokingEvent that is not JSON',
      { ...scheduledEvent(), invokingEvent: '{oops' },
      /^Event field "invokingEvent" must be a JSON string, got "\{oops"/,
    ],
    [
      'a missing resultToken',
      { ...scheduledEvent(), resultToken: undefined },
      /^Event field "resultToken" must be a non-empty string, got undefined/,
    ],
    [
      'a bad accountId',
      { ...scheduledEvent(), accountId: '12' },
      /^Event field "accountId" must be a 12-digit account id, got "12"/,
    ],
    [
      'eventLeftScope as a string',
      { ...scheduledEvent(), eventLeftScope: 'yes' },
      /^Event field "eventLeftScope" must be a boolean/,
    ],
    [
      'an unknown messageType',
      {
        ...scheduledEvent(),
        invokingEvent: JSON.stringify({ messageType: 'Weird', notificationCreationTime: CAPTURE_TIME }),
      },
      /^Event field "invokingEvent\.messageType" must be ConfigurationItemChangeNotification, OversizedConfigurationItemChangeNotification or ScheduledNotification, got "Weird"/,
    ],
    [
      'an item without configuration',
      (() => {
        const e = changeEvent();
        const inv = JSON.parse(e.invokingEvent);
        inv.configurationItem.configuration = null;
        return { ...e, invokingEvent: JSON.stringify(inv) };
      })(),
      /^Event field "invokingEvent\.configurationItem\.configuration" must be an object, got null/,
    ],
    [
      'a bad configurationItemStatus',
      changeEvent({ status: 'Gone' }),
      /^Event field "invokingEvent\.configurationItem\.configurationItemStatus" must be one of OK\|ResourceDiscovered/,
    ],
  ];
  for (const [name, event, message] of malformed) {
    it(`rejects ${name} with an EventError naming the field and the fix`, () => {
      const error = failure(event);
      expect(error).to.be.instanceOf(EventError);
      expect(error.message).to.match(message);
      expect(error.message).to.contain('invoke the function from a Config rule or fix the test event');
    });
  }

  const badParameters: [string, unknown, RegExp][] = [
    [
      'an unknown key',
      { PrerequisteMode: 'report' },
      /^Unknown rule parameter\(s\) "PrerequisteMode"; expected PrerequisiteMode, RequireInternetPath, ExemptionTagKey, ExecutionRoleName, ResourceType, S3Buckets, SecurityHubSync\. Fix the rule's InputParameters\.$/,
    ],
    [
      'a resource type the rule does not evaluate',
      { ResourceType: 'AWS::Redshift::ClusterSubnetGroup' },
      /^Rule parameter "ResourceType" must be one of AWS::Redshift::Cluster\|AWS::RedshiftServerless::Workgroup, got "AWS::Redshift::ClusterSubnetGroup"\. Fix the rule's InputParameters\.$/,
    ],
    [
      'a bad mode',
      { PrerequisiteMode: 'strict' },
      /^Rule parameter "PrerequisiteMode" must be one of report\|enforce\|off, got "strict"\. Fix the rule's InputParameters\.$/,
    ],
    [
      'a bad boolean',
      { RequireInternetPath: 'yes' },
      /^Rule parameter "RequireInternetPath" must be true or false, got "yes"/,
    ],
    [
      'an aws: tag key',
      { ExemptionTagKey: 'aws:cloudformation:stack-name' },
      /^Rule parameter "ExemptionTagKey" must be a tag key/,
    ],
    [
      'a role ARN instead of a name',
      { ExecutionRoleName: 'arn:aws:iam::111122223333:role/X' },
      /^Rule parameter "ExecutionRoleName" must be an IAM role name/,
    ],
    ['a number', { PrerequisiteMode: 3 }, /^Rule parameter "PrerequisiteMode" must be a string, got 3/],
    [
      'a bucket name with an uppercase letter',
      { S3Buckets: 'etl-staging,My-Bucket' },
      /^Rule parameter "S3Buckets" must be S3 bucket names separated by commas \(each 3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit\), got "etl-staging,My-Bucket": "My-Bucket" has an uppercase letter\. Fix the rule's InputParameters\.$/,
    ],
    ['a bucket name too short', { S3Buckets: 'ab' }, /got "ab": "ab" has 2 characters\. Fix/],
    ['a bucket name too long', { S3Buckets: 'b'.repeat(64) }, /"b{64}" has 64 characters\. Fix/],
    ['an underscore', { S3Buckets: 'etl_staging' }, /"etl_staging" has "_"\. Fix/],
    ['a hyphen at the end', { S3Buckets: 'etl-' }, /"etl-" does not begin and end with a letter or digit\. Fix/],
    ['a dot at the start', { S3Buckets: '.etl' }, /"\.etl" does not begin and end with a letter or digit\. Fix/],
    ['adjacent dots', { S3Buckets: 'etl..staging' }, /"etl\.\.staging" has two adjacent dots\. Fix/],
    ['an IP address', { S3Buckets: '192.168.5.4' }, /"192\.168\.5\.4" is an IP address\. Fix/],
    [
      'an s3:// URL',
      { S3Buckets: 's3://etl-staging/in' },
      /"s3:\/\/etl-staging\/in" is a URL or ARN: give the bucket name alone\. Fix/,
    ],
    ['a bucket ARN', { S3Buckets: 'arn:aws:s3:::etl-staging' }, /is a URL or ARN: give the bucket name alone\. Fix/],
    [
      'a stray comma',
      { S3Buckets: 'etl-staging,,abc' },
      /got "etl-staging,,abc": a name is empty \(a stray comma\?\)\. Fix/,
    ],
    ['a trailing comma', { S3Buckets: 'etl-staging,' }, /a name is empty/],
    [
      'a list instead of a string',
      { S3Buckets: ['etl-staging'] },
      /^Rule parameter "S3Buckets" must be a string, got \["etl-staging"\]/,
    ],
  ];
  for (const [name, parameters, message] of badParameters) {
    it(`rejects ${name} in ruleParameters with an InputError`, () => {
      const error = failure(scheduledEvent({ ruleParameters: parameters as Record<string, unknown> }));
      expect(error).to.be.instanceOf(InputError);
      expect(error.message).to.match(message);
    });
  }

  describe('resource ids', () => {
    const WORKGROUP = 'AWS::RedshiftServerless::Workgroup';
    const workgroupRule = { ruleParameters: { ResourceType: WORKGROUP } };

    it("takes AWS Config's limit for ComplianceResourceId from its API reference: 768 characters", () => {
      expect(MAX_RESOURCE_ID_LENGTH).to.equal(768);
    });

    it('refuses a 2,000-character id, whatever its type, saying how long it is and that nothing was sent', () => {
      for (const event of [
        changeEvent({ resourceId: 'a'.repeat(2000) }),
        changeEvent({ resourceId: 'a'.repeat(2000), status: 'ResourceDeleted' }),
        oversizedEvent({ resourceId: 'a'.repeat(2000) }),
        changeEvent({ resourceType: 'AWS::EC2::VPC', resourceId: 'a'.repeat(2000) }),
      ]) {
        const error = failure(event);
        expect(error).to.be.instanceOf(EventError);
        expect(error.message).to.match(
          /^Event field "invokingEvent\.configurationItem(Summary)?\.resourceId" must be at most 768 characters \(AWS Config's limit for an evaluation's ComplianceResourceId\), got 2000: "a{76}\.{4} Nothing was evaluated or sent\. AWS Config sends this field/,
        );
        expect(error.message.length).to.be.below(400);
      }
    });

    it('accepts 768 characters of another type (which the rule ignores) and refuses 769', () => {
      const vpc = (length: number) => changeEvent({ resourceType: 'AWS::EC2::VPC', resourceId: 'v'.repeat(length) });
      expect(() => parseConfigEvent(vpc(MAX_RESOURCE_ID_LENGTH))).not.to.throw();
      expect(failure(vpc(MAX_RESOURCE_ID_LENGTH + 1)).message).to.contain('got 769');
    });

    it("refuses an id of the rule's own type that is not a cluster identifier, in any status", () => {
      const ok = ['a', 'etl-prod', `a${'b'.repeat(62)}`];
      for (const id of ok) expect(() => parseConfigEvent(changeEvent({ resourceId: id })), id).not.to.throw();
      const bad = [
        'Etl-Prod',
        'etl_prod',
        '1etl',
        'etl--prod',
        'etl-',
        `a${'b'.repeat(63)}`,
        'arn:aws:redshift:us-east-1:111122223333:cluster:etl',
      ];
      for (const id of bad) {
        for (const event of [
          changeEvent({ resourceId: id }),
          changeEvent({ resourceId: id, status: 'ResourceDeleted' }),
          oversizedEvent({ resourceId: id }),
        ]) {
          const error = failure(event);
          expect(error, id).to.be.instanceOf(EventError);
          expect(error.message, id).to.match(
            /^Event field "invokingEvent\.configurationItem(Summary)?\.resourceId" must be a Redshift cluster identifier \(1-63 lowercase letters, digits and single hyphens, starting with a letter\) for AWS::Redshift::Cluster, got "/,
          );
        }
      }
    });

    it("refuses a workgroup rule's item whose id is not a workgroup name; leaves other types to be ignored", () => {
      expect(() =>
        parseConfigEvent(oversizedEvent({ resourceType: WORKGROUP, resourceId: 'wg-1' }, workgroupRule)),
      ).not.to.throw();
      for (const id of ['wg', 'Analytics', 'w'.repeat(65), 'analytics_wg']) {
        const error = failure(oversizedEvent({ resourceType: WORKGROUP, resourceId: id }, workgroupRule));
        expect(error, id).to.be.instanceOf(EventError);
        expect(error.message, id).to.match(
          /^Event field "invokingEvent\.configurationItemSummary\.resourceId" must be a Redshift Serverless workgroup name \(3-64 lowercase letters, digits and hyphens\) for AWS::RedshiftServerless::Workgroup, got "/,
        );
      }
      // A cluster item reaching the workgroup rule is not its to judge (nor to check): it is ignored.
      expect(() => parseConfigEvent(changeEvent({ resourceId: 'Not_A_Workgroup' }, workgroupRule))).not.to.throw();
    });

    it('refuses a cluster item whose configuration names another cluster than its resourceId', () => {
      const event = changeEvent({ resourceId: 'etl-prod' });
      const invoking = JSON.parse(event.invokingEvent);
      invoking.configurationItem.configuration.clusterIdentifier = 'x'.repeat(2000);
      const error = failure({ ...event, invokingEvent: JSON.stringify(invoking) });
      expect(error).to.be.instanceOf(EventError);
      expect(error.message).to.match(
        /^Event field "invokingEvent\.configurationItem\.configuration\.clusterIdentifier" must be the item's resourceId "etl-prod", got "x{76}\.{4} AWS Config sends this field/,
      );
    });

    it('never reaches AWS (no PutEvaluations) for a refused id', async () => {
      for (const event of [changeEvent({ resourceId: 'a'.repeat(2000) }), changeEvent({ resourceId: 'Etl_Prod' })]) {
        let reachedAws = false;
        const runtime = testRuntime({
          clientsFor: async () => {
            reachedAws = true;
            throw new Error('must not be reached');
          },
        });
        const error = await runConfigRule(event, runtime).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(EventError);
        expect(reachedAws).to.equal(false);
      }
    });
  });
});
