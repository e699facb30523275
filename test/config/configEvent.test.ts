import { expect } from 'chai';
import { parseConfigEvent } from '../../src/config/configEvent.ts';
import { EventError, InputError } from '../../src/errors.ts';
import {
  ACCOUNT,
  CAPTURE_TIME,
  changeEvent,
  oversizedEvent,
  RULE_NAME,
  scheduledEvent,
} from '../support/configEvents.ts';

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
      /^Unknown rule parameter\(s\) "PrerequisteMode"; expected PrerequisiteMode, RequireInternetPath, ExemptionTagKey, ExecutionRoleName, ResourceType, S3Buckets\. Fix the rule's InputParameters\.$/,
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
});
