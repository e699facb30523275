/** Realistic AWS Config events for a custom Lambda rule (shapes as AWS documents and sends them). */

export const ACCOUNT = '111122223333';
export const RULE_NAME = 'redshift-evr-enhanced-vpc-routing';
export const RULE_ARN = `arn:aws:config:us-east-1:${ACCOUNT}:config-rule/config-rule-a1b2c3`;
export const CAPTURE_TIME = '2026-11-28T10:15:30.123Z';
export const NOTIFICATION_TIME = '2026-11-28T10:16:02.456Z';

export interface ItemSpec {
  readonly resourceId?: string;
  readonly resourceType?: string;
  readonly status?: string;
  readonly enhancedVpcRouting?: boolean;
  readonly publiclyAccessible?: boolean;
  readonly subnetGroup?: string;
  readonly vpcId?: string;
  readonly tags?: Record<string, string>;
}

export const configurationItem = (spec: ItemSpec = {}) => {
  const id = spec.resourceId ?? 'etl-prod';
  const status = spec.status ?? 'OK';
  const deleted = status !== 'OK' && status !== 'ResourceDiscovered';
  return {
    relatedEvents: [],
    relationships: [{ resourceId: spec.vpcId ?? 'vpc-0', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' }],
    configuration: deleted
      ? null
      : {
          clusterIdentifier: id,
          nodeType: 'ra3.xlplus',
          clusterStatus: 'available',
          clusterAvailabilityStatus: 'Available',
          masterUsername: 'admin',
          dBName: 'dev',
          endpoint: { address: `${id}.cxxxxx.us-east-1.redshift.amazonaws.com`, port: 5439 },
          clusterCreateTime: '2024-03-01T08:00:00.000Z',
          clusterSubnetGroupName: spec.subnetGroup ?? 'g-0',
          vpcId: spec.vpcId ?? 'vpc-0',
          publiclyAccessible: spec.publiclyAccessible ?? false,
          encrypted: true,
          enhancedVpcRouting: spec.enhancedVpcRouting ?? false,
          vpcSecurityGroups: [{ vpcSecurityGroupId: 'sg-0123456789abcdef0', status: 'active' }],
          pendingModifiedValues: {},
          tags: Object.entries(spec.tags ?? {}).map(([key, value]) => ({ key, value })),
        },
    supplementaryConfiguration: { LoggingStatus: { loggingEnabled: false } },
    tags: spec.tags ?? {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: CAPTURE_TIME,
    configurationStateId: 1732788930123,
    awsAccountId: ACCOUNT,
    configurationItemStatus: status,
    resourceType: spec.resourceType ?? 'AWS::Redshift::Cluster',
    resourceId: id,
    resourceName: id,
    ARN: `arn:aws:redshift:us-east-1:${ACCOUNT}:cluster:${id}`,
    awsRegion: 'us-east-1',
    availabilityZone: 'us-east-1a',
    configurationStateMd5Hash: '',
    resourceCreationTime: '2024-03-01T08:00:00.000Z',
  };
};

interface EventSpec {
  readonly ruleParameters?: Record<string, unknown> | string;
  readonly eventLeftScope?: boolean;
  readonly accountId?: string;
  readonly configRuleArn?: string;
  readonly resultToken?: string;
}

const envelope = (invokingEvent: unknown, spec: EventSpec) => ({
  version: '1.0',
  invokingEvent: JSON.stringify(invokingEvent),
  ruleParameters:
    typeof spec.ruleParameters === 'string' ? spec.ruleParameters : JSON.stringify(spec.ruleParameters ?? {}),
  resultToken: spec.resultToken ?? 'eyJlbmNyeXB0ZWREYXRhIjpbLTEyLDU0XX0=',
  eventLeftScope: spec.eventLeftScope ?? false,
  executionRoleArn: `arn:aws:iam::${spec.accountId ?? ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
  configRuleArn: spec.configRuleArn ?? RULE_ARN,
  configRuleName: RULE_NAME,
  configRuleId: 'config-rule-a1b2c3',
  accountId: spec.accountId ?? ACCOUNT,
  evaluationMode: 'DETECTIVE',
});

export const changeEvent = (item: ItemSpec = {}, spec: EventSpec = {}) =>
  envelope(
    {
      configurationItemDiff: null,
      configurationItem: configurationItem(item),
      notificationCreationTime: NOTIFICATION_TIME,
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    },
    spec,
  );

export const oversizedEvent = (item: ItemSpec = {}, spec: EventSpec = {}) => {
  const full = configurationItem(item);
  return envelope(
    {
      configurationItemSummary: {
        changeType: 'UPDATE',
        configurationItemVersion: '1.3',
        configurationItemCaptureTime: full.configurationItemCaptureTime,
        configurationStateId: full.configurationStateId,
        awsAccountId: full.awsAccountId,
        configurationItemStatus: full.configurationItemStatus,
        resourceType: full.resourceType,
        resourceId: full.resourceId,
        resourceName: full.resourceName,
        ARN: full.ARN,
        awsRegion: full.awsRegion,
        availabilityZone: full.availabilityZone,
        configurationStateMd5Hash: '8f1ee69b287895a0f8bc5753eca68e96',
        resourceCreationTime: full.resourceCreationTime,
      },
      s3DeliverySummary: {
        s3BucketLocation:
          'config-bucket/AWSLogs/111122223333/Config/us-east-1/2026/11/28/OversizedChangeNotification/x.json.gz',
      },
      notificationCreationTime: NOTIFICATION_TIME,
      messageType: 'OversizedConfigurationItemChangeNotification',
      recordVersion: '1.0',
    },
    spec,
  );
};

export const scheduledEvent = (spec: EventSpec = {}) =>
  envelope(
    {
      awsAccountId: spec.accountId ?? ACCOUNT,
      notificationCreationTime: NOTIFICATION_TIME,
      messageType: 'ScheduledNotification',
      recordVersion: '1.0',
    },
    spec,
  );
