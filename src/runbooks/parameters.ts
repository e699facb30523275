/** The runbook's parameters: the resource's name, then the same options for both kinds. */
import { CHANGE_WINDOW_PATTERN } from '../core/changeWindow.ts';
import {
  APPROVAL_TOPIC_ARN_PATTERN,
  BUCKET_LIST_PATTERN,
  DATABASE_NAME_PATTERN,
  DB_USER_PATTERN,
  ROLE_ARN_PATTERN,
  ROLE_NAME_PATTERN,
  TAG_KEY_PATTERN,
} from '../core/identifiers.ts';
import { WATCH_MINUTES } from '../core/postChangeWatch.ts';
import { DEFAULT_USAGE_DAYS, USAGE_DAYS_CHOICES } from '../core/usage.ts';
import { PREFLIGHT_FUNCTION_NAME } from '../deploy/names.ts';
import type { ParameterSpec } from './automationDocument.ts';
import type { RunbookKind } from './runbookKinds.ts';

/** A Lambda function's name, or its ARN in any partition, with an optional version or alias. */
const FUNCTION_PATTERN =
  '^(arn:aws[a-z0-9-]*:lambda:[a-z0-9-]+:\\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$';

/** An optional parameter: empty, or the whole value matches `pattern` (unanchored). */
const optional = (pattern: string): string => `^$|^${pattern}$`;

/** The parameters of one kind's runbook, in the order the console shows them. */
export const runbookParameters = (k: RunbookKind): Record<string, ParameterSpec> => ({
  [k.resourceIdParameter]: {
    type: 'String',
    description: k.resourceIdDescription,
    allowedPattern: k.resourceIdPattern,
    maxChars: k.resourceIdMaxChars,
  },
  AutomationAssumeRole: {
    type: 'String',
    description: `(Optional) ARN of the IAM role Automation uses. It needs ${k.service}:${k.readApi}, ${k.service}:${k.changeApi} and lambda:InvokeFunction on PreflightFunction. Empty: the caller's own permissions.`,
    default: '',
    allowedPattern: optional(ROLE_ARN_PATTERN),
  },
  PreflightFunction: {
    type: 'String',
    description: '(Optional) Name or ARN of the redshift-evr preflight Lambda function.',
    default: PREFLIGHT_FUNCTION_NAME,
    allowedPattern: FUNCTION_PATTERN,
  },
  SkipPreflight: {
    type: 'Boolean',
    description: `(Optional) true does not check the network prerequisites (the exemption and the ${k.noun}'s state are still checked). Only use it after confirming yourself that every subnet of ${k.subnetsOf} reaches S3 (for example through a NAT instance or a transit gateway) and that VPC DNS resolution and hostnames are on.`,
    default: false,
  },
  RequireInternetPath: {
    type: 'Boolean',
    description: `(Optional) true also requires a NAT gateway (private ${k.noun}) or internet gateway (publicly accessible ${k.noun}) default route, for COPY/UNLOAD from other Regions, DynamoDB, EMR or remote hosts.`,
    default: false,
  },
  ChangeWindow: {
    type: 'String',
    description: `(Optional) When the change may happen, in UTC: now; maintenance-window (the ${k.noun}'s own PreferredMaintenanceWindow${k.maintenanceWindowSelector === null ? ', which Redshift Serverless workgroups do not have' : ''}); or a weekly window ddd:hh24:mi-ddd:hh24:mi such as sun:03:00-sun:05:00. The runbook waits for the window (after any approval), checks again at its start, and changes the ${k.noun} only inside it; a window missed twice (a long approval or wait) ends the run unchanged.`,
    default: k.defaultChangeWindow,
    allowedPattern: `^(${CHANGE_WINDOW_PATTERN})$`,
  },
  RequireApproval: {
    type: 'Boolean',
    description: `(Optional) true waits for an approval from one of Approvers before changing the ${k.noun}.`,
    default: false,
  },
  Approvers: {
    type: 'StringList',
    description:
      '(Optional) IAM users, groups or roles (names or ARNs) who may approve the change. Required when RequireApproval is true: the approval step fails without an approver.',
    default: [],
  },
  MinRequiredApprovals: {
    type: 'Integer',
    description: '(Optional) How many of Approvers must approve (RequireApproval true).',
    default: 1,
    allowedValues: [1, 2, 3, 4, 5],
  },
  ApprovalNotificationArn: {
    type: 'String',
    description:
      '(Optional) The ARN of an Amazon SNS topic whose name starts with Automation (an SSM requirement): SSM notifies it when the approval is requested, with what the preflight found and when the change will happen. The automation role needs sns:Publish on it. Empty: approvers find the execution themselves.',
    default: '',
    allowedPattern: optional(APPROVAL_TOPIC_ARN_PATTERN),
  },
  ExecutionRoleName: {
    type: 'String',
    description:
      '(Optional) Organization mode: the role the preflight function assumes in this account (the same ExecutionRoleName as the AWS Config rule). Empty: the function reads this account with its own role.',
    default: '',
    allowedPattern: optional(ROLE_NAME_PATTERN),
  },
  ExemptionTagKey: {
    type: 'String',
    description: `(Optional) A ${k.noun} tagged with this key is left unchanged (the tag value is the reason). The preflight always applies the stack's own ExemptionTagKey as well, whatever this says: a key here adds to it and cannot remove it. Empty: the stack's key alone.`,
    default: '',
    allowedPattern: optional(TAG_KEY_PATTERN),
    maxChars: 128,
  },
  S3Buckets: {
    type: 'String',
    description:
      "(Optional) The AWS Config rule's S3Buckets: the buckets COPY/UNLOAD use, comma-separated. A restrictive S3 endpoint policy is checked against them; empty: such a policy stops the run.",
    default: '',
    allowedPattern: optional(BUCKET_LIST_PATTERN),
  },
  UpdateSecurityHubFinding: {
    type: 'Boolean',
    description: `(Optional) true also updates the ${k.noun}'s Security Hub finding: SUPPRESSED with the reason when exempt, NOTIFIED with the problems when the preflight blocks the change, and RESOLVED with a note naming this execution after a verified change. The preflight function needs securityhub:GetFindings and securityhub:BatchUpdateFindings (the stack's SecurityHubSync grants them). A missing Security Hub, no finding or a denied call never fails the run.`,
    default: false,
  },
  DiscoverUsage: {
    type: 'Boolean',
    description: `(Optional) true also judges readiness from what the ${k.noun} really uses: the S3 buckets it loaded from and unloaded to in the last UsageDays days (with their Regions), its external schemas (Spectrum) and COPY sources that are not S3, read from its own system tables through the Redshift Data API. A bucket in another Region then needs a NAT or internet path, the endpoint policy is checked against the buckets in use, Spectrum needs a path to AWS Glue. Usage that cannot be read blocks the change (unverified). The preflight function needs the Data API and S3 actions (the stack's DiscoverUsage grants them).`,
    default: false,
  },
  UsageDays: {
    type: 'Integer',
    description: '(Optional) With DiscoverUsage: how many days of history to read.',
    default: DEFAULT_USAGE_DAYS,
    allowedValues: [...USAGE_DAYS_CHOICES],
  },
  WatchMinutes: {
    type: 'Integer',
    description: `(Optional) After a verified change, wait this many minutes and read the ${k.noun}'s own records (through the Redshift Data API) for COPY, UNLOAD and S3 requests that started failing after the change, at places that worked in the day before it. 0: no watch. The preflight function needs the Data API actions (the stack's WatchMinutes grants them).`,
    default: 0,
    allowedValues: [...WATCH_MINUTES],
  },
  RollbackOnFailure: {
    type: 'Boolean',
    description: `(Optional) With WatchMinutes: true turns enhanced VPC routing off again when the watch finds such failures (the pipelines keep working; the control fails again until the path is fixed). false: the run fails saying what failed, and the routing stays on.`,
    default: false,
  },
  Database: {
    type: 'String',
    description: '(Optional) With DiscoverUsage or WatchMinutes: the database the Data API connects to.',
    default: 'dev',
    allowedPattern: `^${DATABASE_NAME_PATTERN}$`,
  },
  ...(k.takesDbUser
    ? {
        DbUser: {
          type: 'String' as const,
          description:
            "(Optional) With DiscoverUsage or WatchMinutes: the database user the Data API connects as (temporary credentials, redshift:GetClusterCredentials). Empty: the preflight function's IAM identity (redshift:GetClusterCredentialsWithIAM).",
          default: '',
          allowedPattern: optional(DB_USER_PATTERN),
        },
      }
    : {}),
  AvailabilityTimeoutSeconds: {
    type: 'Integer',
    description: `(Optional) How long to wait for the ${k.noun} to be ${k.availableStatus} before the change (while it is ${k.busyWords}). The run ends unchanged when it is not ${k.availableStatus} by then.`,
    default: 3600,
    allowedValues: [600, 1800, 3600, 7200, 14400],
  },
});
