import { isAccountId, isRecord } from '../core/identifiers.ts';
import { KINDS, kindOfConfigType } from '../core/resourceKinds.ts';
import { parseRuleOptions, type RuleParameters } from '../core/ruleOptions.ts';
import type { ResourceKind } from '../core/types.ts';
import { EventError } from '../errors.ts';

/** `configurationItemStatus` values of AWS Config. */
export type ConfigurationItemStatus =
  | 'OK'
  | 'ResourceDiscovered'
  | 'ResourceNotRecorded'
  | 'ResourceDeleted'
  | 'ResourceDeletedNotRecorded';

/** The parts of a configuration item (or its oversized summary) the rule reads. */
export interface ConfigurationItem {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly configurationItemStatus: ConfigurationItemStatus;
  readonly configurationItemCaptureTime: string;
  /** Absent in an oversized notification's summary. */
  readonly configuration?: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
}

export type InvokingEvent =
  | {
      readonly messageType: 'ConfigurationItemChangeNotification';
      readonly configurationItem: ConfigurationItem;
      readonly notificationCreationTime: string;
    }
  | {
      readonly messageType: 'OversizedConfigurationItemChangeNotification';
      readonly configurationItemSummary: ConfigurationItem;
      readonly notificationCreationTime: string;
    }
  | { readonly messageType: 'ScheduledNotification'; readonly notificationCreationTime: string };

/** A validated invocation of the rule's Lambda by AWS Config. */
export interface ConfigRuleEvent {
  readonly invokingEvent: InvokingEvent;
  readonly options: RuleParameters;
  readonly resultToken: string;
  readonly eventLeftScope: boolean;
  readonly accountId: string;
  readonly configRuleName: string;
  readonly configRuleArn: string | undefined;
  readonly executionRoleArn: string | undefined;
}

const FIX = 'AWS Config sends this field; invoke the function from a Config rule or fix the test event.';
const STATUSES: readonly ConfigurationItemStatus[] = [
  'OK',
  'ResourceDiscovered',
  'ResourceNotRecorded',
  'ResourceDeleted',
  'ResourceDeletedNotRecorded',
];

/**
 * AWS Config's limit for an evaluation's `ComplianceResourceId`: PutEvaluations refuses a longer one
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_Evaluation.html, "Maximum length of 768").
 */
export const MAX_RESOURCE_ID_LENGTH = 768;

const show = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
const bad = (field: string, value: unknown, expected: string): never => {
  throw new EventError(`Event field "${field}" must be ${expected}, got ${show(value)}. ${FIX}`);
};

const requireString = (record: Record<string, unknown>, field: string, path = field): string => {
  const value = record[field];
  if (typeof value !== 'string' || value === '') return bad(path, value, 'a non-empty string');
  return value;
};

const requireTime = (record: Record<string, unknown>, field: string, path: string): string => {
  const value = requireString(record, field, path);
  if (Number.isNaN(Date.parse(value))) return bad(path, value, 'an ISO 8601 time');
  return value;
};

const parseJsonField = (record: Record<string, unknown>, field: string): Record<string, unknown> => {
  const text = record[field];
  if (typeof text !== 'string') return bad(field, text, 'a JSON string');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad(field, text, 'a JSON string');
  }
  if (!isRecord(value)) return bad(field, value, 'a JSON object');
  return value;
};

const parseItem = (value: unknown, path: string, needsConfiguration: boolean): ConfigurationItem => {
  if (!isRecord(value)) return bad(path, value, 'an object');
  const status = value.configurationItemStatus;
  if (!STATUSES.includes(status as ConfigurationItemStatus)) {
    bad(`${path}.configurationItemStatus`, status, `one of ${STATUSES.join('|')}`);
  }
  const resourceType = requireString(value, 'resourceType', `${path}.resourceType`);
  const deleted = status !== 'OK' && status !== 'ResourceDiscovered';
  // Deleted or unrecorded items carry no configuration; Config sends null there.
  if (
    needsConfiguration &&
    !deleted &&
    KINDS[kindOfConfigType(resourceType) ?? 'workgroup'].recordedByConfig &&
    !isRecord(value.configuration)
  ) {
    bad(`${path}.configuration`, value.configuration, 'an object');
  }
  const tags = value.tags;
  if (tags !== undefined && tags !== null && !isRecord(tags)) bad(`${path}.tags`, tags, 'an object of strings');
  const resourceId = requireString(value, 'resourceId', `${path}.resourceId`);
  // Whatever its type, an id AWS Config would refuse in PutEvaluations is never sent back.
  if (resourceId.length > MAX_RESOURCE_ID_LENGTH) {
    throw new EventError(
      `Event field "${path}.resourceId" must be at most ${MAX_RESOURCE_ID_LENGTH} characters (AWS Config's limit for an evaluation's ComplianceResourceId), got ${resourceId.length}: ${show(resourceId)}. Nothing was evaluated or sent. ${FIX}`,
    );
  }
  return {
    resourceType,
    resourceId,
    configurationItemStatus: status as ConfigurationItemStatus,
    configurationItemCaptureTime: requireTime(
      value,
      'configurationItemCaptureTime',
      `${path}.configurationItemCaptureTime`,
    ),
    ...(isRecord(value.configuration) ? { configuration: value.configuration } : {}),
    ...(isRecord(tags) ? { tags: tags as Record<string, string> } : {}),
  };
};

const parseInvokingEvent = (record: Record<string, unknown>): InvokingEvent => {
  const event = parseJsonField(record, 'invokingEvent');
  const notificationCreationTime = requireTime(
    event,
    'notificationCreationTime',
    'invokingEvent.notificationCreationTime',
  );
  switch (event.messageType) {
    case 'ConfigurationItemChangeNotification':
      return {
        messageType: event.messageType,
        configurationItem: parseItem(event.configurationItem, 'invokingEvent.configurationItem', true),
        notificationCreationTime,
      };
    case 'OversizedConfigurationItemChangeNotification':
      return {
        messageType: event.messageType,
        configurationItemSummary: parseItem(
          event.configurationItemSummary,
          'invokingEvent.configurationItemSummary',
          false,
        ),
        notificationCreationTime,
      };
    case 'ScheduledNotification':
      return { messageType: event.messageType, notificationCreationTime };
    default:
      return bad(
        'invokingEvent.messageType',
        event.messageType,
        'ConfigurationItemChangeNotification, OversizedConfigurationItemChangeNotification or ScheduledNotification',
      );
  }
};

/**
 * The item of a change notification, if it is of the type the rule evaluates, must name such a resource:
 * its id is what the rule's evaluation, the remediation's RESOURCE_ID and the runbook's ClusterIdentifier
 * or WorkgroupName carry. Items of other types are ignored by the rule and not checked here.
 */
const checkResourceId = (invokingEvent: InvokingEvent, kind: ResourceKind): void => {
  const [item, path] =
    invokingEvent.messageType === 'ConfigurationItemChangeNotification'
      ? [invokingEvent.configurationItem, 'invokingEvent.configurationItem']
      : invokingEvent.messageType === 'OversizedConfigurationItemChangeNotification'
        ? [invokingEvent.configurationItemSummary, 'invokingEvent.configurationItemSummary']
        : [undefined, ''];
  const spec = KINDS[kind];
  if (item === undefined || item.resourceType !== spec.configResourceType) return;
  // The id the rule sends back and the runbooks take.
  if (!spec.name.valid(item.resourceId)) {
    bad(`${path}.resourceId`, item.resourceId, `${spec.name.rule} for ${spec.configResourceType}`);
  }
  // An evaluation is sent for the identifier the item's configuration records: the same resource, or none.
  const field = spec.configurationIdField;
  const recorded = field === undefined ? undefined : item.configuration?.[field];
  if (typeof recorded === 'string' && recorded !== '' && recorded !== item.resourceId) {
    bad(`${path}.configuration.${field}`, recorded, `the item's resourceId ${show(item.resourceId)}`);
  }
};

/**
 * Parse and validate the event AWS Config sends to a custom Lambda rule.
 * https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html
 * @throws EventError for a malformed event (a resource id longer than AWS Config accepts, or not an id of the
 *   rule's kind, included); InputError for a bad rule parameter (both name the field and the fix).
 */
export const parseConfigEvent = (event: unknown): ConfigRuleEvent => {
  if (!isRecord(event)) return bad('(event)', event, 'an object');
  const accountId = requireString(event, 'accountId');
  if (!isAccountId(accountId)) bad('accountId', accountId, 'a 12-digit account id');
  const leftScope = event.eventLeftScope;
  if (leftScope !== undefined && typeof leftScope !== 'boolean') bad('eventLeftScope', leftScope, 'a boolean');
  const optional = (field: string): string | undefined => {
    const value = event[field];
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? value : bad(field, value, 'a string');
  };
  const ruleParameters =
    event.ruleParameters === undefined || event.ruleParameters === '' ? {} : parseJsonField(event, 'ruleParameters');
  const invokingEvent = parseInvokingEvent(event);
  const options = parseRuleOptions(ruleParameters);
  checkResourceId(invokingEvent, options.resourceKind);
  return {
    invokingEvent,
    options,
    resultToken: requireString(event, 'resultToken'),
    eventLeftScope: leftScope === true,
    accountId,
    configRuleName: requireString(event, 'configRuleName'),
    configRuleArn: optional('configRuleArn'),
    executionRoleArn: optional('executionRoleArn'),
  };
};
