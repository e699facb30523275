/**
 * Everything that differs between a provisioned cluster and a Redshift Serverless workgroup, in one table: the
 * words, the Security Hub control, the Config resource type, the identifier rule, the statuses, the API calls
 * and IAM actions, and the deployed rule and runbook. The engine, the adapters, the CLI, the deployment and the
 * organization rendering read it; adding a kind (or a call) starts here.
 *
 * Statuses: Redshift API Reference, `Cluster.ClusterStatus`; Redshift Serverless API Reference,
 * `Workgroup.status`. Controls: the Security Hub controls reference ("Security Hub controls for Amazon
 * Redshift", Redshift.7; "… for Amazon Redshift Serverless", RedshiftServerless.1).
 */
import {
  CLUSTER_IDENTIFIER_MAX_CHARS,
  CLUSTER_IDENTIFIER_PATTERN,
  isClusterIdentifier,
  isWorkgroupName,
  WORKGROUP_NAME_MAX_CHARS,
  WORKGROUP_NAME_PATTERN,
} from './identifiers.ts';
import type { ClusterFacts, ResourceKind, UnverifiedReason } from './types.ts';

const RESUME = 'resume it (ResumeCluster), then remediate once it is available';
const DELETED = 'it is being deleted; nothing to remediate';
const REPAIR = "Redshift refuses changes in this state; resolve it (see the cluster's events), then remediate";

/** One kind of resource, as every layer needs to know it. */
export interface ResourceKindSpec {
  readonly kind: ResourceKind;
  /** Words: "cluster"/"clusters", capitalised at the start of a sentence, and the service's name. */
  readonly noun: string;
  readonly plural: string;
  readonly label: string;
  readonly service: string;
  /**
   * How a name is qualified where both kinds appear (`workgroup/NAME`, "NAME (workgroup)"): a cluster is the
   * default and goes bare; a workgroup says so, since a cluster may bear the same name.
   */
  readonly qualifiers: readonly string[];
  /** The Security Hub control a FAILED finding of this kind belongs to. */
  readonly control: {
    readonly id: ControlId;
    readonly title: string;
    readonly severity: 'MEDIUM' | 'HIGH';
    readonly docUrl: string;
  };
  /** The Config resource type (the rule's `ResourceType` parameter; evaluations' ComplianceResourceType). */
  readonly configResourceType: string;
  /**
   * Whether AWS Config records the type: only then do change notifications arrive and a Scope matches. AWS
   * Config does not record AWS::RedshiftServerless::Workgroup (AWS's own
   * redshift-serverless-workgroup-routes-within-vpc rule is periodic for that reason).
   */
  readonly recordedByConfig: boolean;
  /** The field of a recorded configuration item's `configuration` that repeats the resource id. */
  readonly configurationIdField?: string;
  /** The resource's name: the rule's resource id and the runbook's parameter. */
  readonly name: {
    readonly parameter: 'ClusterIdentifier' | 'WorkgroupName';
    readonly valid: (value: unknown) => value is string;
    /** The same rule as a pattern and a length, for templates (the runbook's allowedPattern and maxChars). */
    readonly pattern: string;
    readonly maxChars: number;
    /** What a valid name is, in an error message's words. */
    readonly rule: string;
    /** The field that carries the name in the preflight's input and result (the parameter in lowerCamelCase). */
    readonly field: 'clusterIdentifier' | 'workgroupName';
    /** The CLI flag that names one (`--cluster`, `--workgroup`), and the one that names its runbook. */
    readonly flag: '--cluster' | '--workgroup';
    readonly documentFlag: '--document' | '--workgroup-document';
  };
  /**
   * The resource's ARN from its name, where one can be built (a workgroup's ends in a UUID that only Redshift
   * Serverless knows).
   */
  readonly arnFromName?: (partition: string, region: string, accountId: string, name: string) => string;
  /** The AWS CLI command that turns enhanced VPC routing on, and what it costs. */
  readonly enableCommand: (name: string) => string;
  /** Statuses: the one a change waits for, and those that need a person first (with what to do). */
  readonly statuses: {
    readonly available: string;
    readonly needsPerson: ReadonlyMap<string, string>;
    /** A status family Redshift may add to (cluster `incompatible-*`): also needs a person. */
    readonly needsPersonPrefix?: { readonly prefix: string; readonly advice: string };
  };
  /** The API calls the runbook makes, and the IAM actions they need (the preflight is a Lambda invoke). */
  readonly api: {
    readonly service: 'redshift' | 'redshift-serverless';
    readonly read: 'DescribeClusters' | 'GetWorkgroup';
    readonly change: 'ModifyCluster' | 'UpdateWorkgroup';
    /** The error code of a read of one resource that does not exist. */
    readonly notFound: 'ClusterNotFoundFault' | 'ResourceNotFoundException';
  };
  /**
   * In a scan of every kind that nobody narrowed, a listing this kind cannot make (the service's actions not
   * granted, or not offered in the Region) is a warning, not the end of the other kinds' results: so that a
   * Redshift.7 scan that worked before workgroups were covered keeps working.
   */
  readonly mayGoUnlisted: boolean;
  /** How the remediation runbook reads, changes and words this kind (the template in src/runbooks reads it). */
  readonly runbook: {
    /** The API input that names the resource, and the one that turns the flag on. */
    readonly nameInput: string;
    readonly flagInput: string;
    /** The first step (it reads the resource) and the status output of the reading steps. */
    readonly readStep: string;
    readonly statusOutput: string;
    /** Where the read API's answer holds the status and the flag. */
    readonly statusSelector: string;
    readonly flagSelector: string;
    /** The name parameter's description. */
    readonly resourceIdDescription: string;
    /** What the resource's subnets belong to, as "every subnet of …" ends. */
    readonly subnetsOf: string;
    /** The statuses that need a person, and those that end by themselves, as a sentence lists them. */
    readonly needsPersonWords: string;
    readonly busyWords: string;
    /** How the change interrupts the resource: the description's last sentence, and the approval message's. */
    readonly interruption: string;
    readonly approvalInterruption: string;
    /** Where the read API's answer holds the resource's own weekly maintenance window; null: it has none. */
    readonly maintenanceWindowSelector: string | null;
    /**
     * The runbook's ChangeWindow when none is given (and the stack's): when the change may happen. Chosen so
     * that a remediation started by AWS Config (automatically, at a time it picks) never restarts a cluster
     * outside a time its owners already accepted for restarts.
     */
    readonly defaultChangeWindow: 'maintenance-window' | 'now';
    /** Where the deployments set this kind's ChangeWindow: the stack parameter, and `org:render`'s flag. */
    readonly changeWindowSetting: { readonly stackParameter: string; readonly flag: string };
  };
  /** Where a person looks when the subnets' answers were incomplete. */
  readonly setupToCheck: string;
  /** Usage discovery (`scan --discover-usage`, src/core/usage.ts). */
  readonly usage: {
    /**
     * Which system tables record loads, unloads and COPY texts: the STL tables of a provisioned cluster, the SYS
     * views of Redshift Serverless (where STL tables are not visible).
     */
    readonly logTables: 'stl' | 'sys';
    /**
     * Whether Spectrum's S3 requests go through the VPC once enhanced VPC routing is on (a workgroup's do; a
     * provisioned cluster's Spectrum reads S3 outside it, only its catalog needs a path).
     */
    readonly spectrumThroughVpc: boolean;
    /** The Data API parameter that names the resource. */
    readonly dataApiParameter: 'ClusterIdentifier' | 'WorkgroupName';
    /** Whether the Data API takes a database user (temporary credentials) for it: a cluster's only. */
    readonly takesDbUser: boolean;
  };
}

/** The two kinds, in the order reports list them. */
export const KINDS: Readonly<Record<ResourceKind, ResourceKindSpec>> = {
  cluster: {
    kind: 'cluster',
    noun: 'cluster',
    plural: 'clusters',
    label: 'Cluster',
    service: 'Redshift',
    qualifiers: [],
    control: {
      id: 'Redshift.7',
      title: 'Amazon Redshift clusters should use enhanced VPC routing',
      severity: 'MEDIUM',
      docUrl: 'https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-7',
    },
    configResourceType: 'AWS::Redshift::Cluster',
    recordedByConfig: true,
    configurationIdField: 'clusterIdentifier',
    name: {
      parameter: 'ClusterIdentifier',
      valid: isClusterIdentifier,
      pattern: CLUSTER_IDENTIFIER_PATTERN,
      maxChars: CLUSTER_IDENTIFIER_MAX_CHARS,
      rule: 'a Redshift cluster identifier (1-63 lowercase letters, digits and single hyphens, starting with a letter)',
      field: 'clusterIdentifier',
      flag: '--cluster',
      documentFlag: '--document',
    },
    arnFromName: (partition, region, accountId, name) =>
      `arn:${partition}:redshift:${region}:${accountId}:cluster:${name}`,
    enableCommand: (name) =>
      `aws redshift modify-cluster --cluster-identifier ${name} --enhanced-vpc-routing (the cluster restarts)`,
    statuses: {
      available: 'available',
      needsPerson: new Map([
        ['paused', RESUME],
        ['pausing', RESUME],
        ['deleting', DELETED],
        ['final-snapshot', DELETED],
        ['hardware-failure', REPAIR],
        ['storage-full', REPAIR],
        ['incompatible-hsm', REPAIR],
        ['incompatible-network', REPAIR],
        ['incompatible-parameters', REPAIR],
        ['incompatible-restore', REPAIR],
      ]),
      needsPersonPrefix: { prefix: 'incompatible-', advice: REPAIR },
    },
    api: { service: 'redshift', read: 'DescribeClusters', change: 'ModifyCluster', notFound: 'ClusterNotFoundFault' },
    runbook: {
      nameInput: 'ClusterIdentifier',
      flagInput: 'EnhancedVpcRouting',
      readStep: 'DescribeCluster',
      statusOutput: 'ClusterStatus',
      statusSelector: '$.Clusters[0].ClusterStatus',
      flagSelector: '$.Clusters[0].EnhancedVpcRouting',
      resourceIdDescription:
        '(Required) Identifier of the provisioned Redshift cluster (the resource id AWS Config reports).',
      subnetsOf: 'the cluster subnet group',
      needsPersonWords: 'paused, being deleted or unhealthy',
      busyWords: 'modifying, resizing or rebooting',
      interruption: 'The cluster restarts during the change: schedule it like any other restart.',
      approvalInterruption: 'Redshift restarts the cluster to apply it.',
      maintenanceWindowSelector: '$.Clusters[0].PreferredMaintenanceWindow',
      // The cluster's own maintenance window: its owners already accept a restart then (Redshift applies its
      // patches in it), and ModifyCluster has no "apply in the maintenance window" option for this setting.
      defaultChangeWindow: 'maintenance-window',
      changeWindowSetting: { stackParameter: 'ChangeWindow', flag: 'change-window' },
    },
    mayGoUnlisted: false,
    setupToCheck: 'check the cluster subnet group and its route tables',
    usage: { logTables: 'stl', spectrumThroughVpc: false, dataApiParameter: 'ClusterIdentifier', takesDbUser: true },
  },
  workgroup: {
    kind: 'workgroup',
    noun: 'workgroup',
    plural: 'workgroups',
    label: 'Workgroup',
    service: 'Redshift Serverless',
    qualifiers: ['workgroup'],
    control: {
      id: 'RedshiftServerless.1',
      title: 'Amazon Redshift Serverless workgroups should use enhanced VPC routing',
      severity: 'HIGH',
      docUrl:
        'https://docs.aws.amazon.com/securityhub/latest/userguide/redshiftserverless-controls.html#redshiftserverless-1',
    },
    configResourceType: 'AWS::RedshiftServerless::Workgroup',
    recordedByConfig: false,
    name: {
      parameter: 'WorkgroupName',
      valid: isWorkgroupName,
      pattern: WORKGROUP_NAME_PATTERN,
      maxChars: WORKGROUP_NAME_MAX_CHARS,
      rule: 'a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens)',
      field: 'workgroupName',
      flag: '--workgroup',
      documentFlag: '--workgroup-document',
    },
    enableCommand: (name) => `aws redshift-serverless update-workgroup --workgroup-name ${name} --enhanced-vpc-routing`,
    // A workgroup is AVAILABLE, CREATING, MODIFYING or DELETING: only DELETING never ends in AVAILABLE.
    statuses: {
      available: 'AVAILABLE',
      needsPerson: new Map([['DELETING', DELETED]]),
    },
    api: {
      service: 'redshift-serverless',
      read: 'GetWorkgroup',
      change: 'UpdateWorkgroup',
      notFound: 'ResourceNotFoundException',
    },
    runbook: {
      nameInput: 'workgroupName',
      flagInput: 'enhancedVpcRouting',
      readStep: 'DescribeWorkgroup',
      statusOutput: 'WorkgroupStatus',
      statusSelector: '$.workgroup.status',
      flagSelector: '$.workgroup.enhancedVpcRouting',
      resourceIdDescription:
        '(Required) Name of the Redshift Serverless workgroup (3-64 lowercase letters, digits and hyphens).',
      subnetsOf: 'the workgroup',
      needsPersonWords: 'being deleted',
      busyWords: 'being created or modified',
      interruption:
        'The workgroup is `MODIFYING` while the change is applied: schedule it like any other workgroup change.',
      approvalInterruption: 'The workgroup is MODIFYING while Redshift Serverless applies it.',
      // Redshift Serverless has no maintenance window to borrow: the person who starts the remediation picks
      // the moment (Remediate, remediate); automatic remediation needs an explicit window (the stack's).
      maintenanceWindowSelector: null,
      defaultChangeWindow: 'now',
      changeWindowSetting: { stackParameter: 'WorkgroupChangeWindow', flag: 'workgroup-change-window' },
    },
    mayGoUnlisted: true,
    setupToCheck: "check the workgroup's subnets (subnetIds) and their route tables",
    usage: { logTables: 'sys', spectrumThroughVpc: true, dataApiParameter: 'WorkgroupName', takesDbUser: false },
  },
};

/** The kind whose Config resource type this is; undefined for any other type. */
export const kindOfConfigType = (resourceType: string | undefined): ResourceKind | undefined =>
  (Object.keys(KINDS) as ResourceKind[]).find((kind) => KINDS[kind].configResourceType === resourceType);

/** The control ids, as reports name them. */
export type ControlId = 'Redshift.7' | 'RedshiftServerless.1';

/** The IAM actions a kind's runbook calls (its read, its change, and the preflight function). */
export const runbookActions = (kind: ResourceKind): readonly string[] => [
  'lambda:InvokeFunction',
  apiAction(kind, 'read'),
  apiAction(kind, 'change'),
  // SSM notifies the approvers' topic (ApprovalNotificationArn) as the automation role.
  'sns:Publish',
];

/** The IAM action of a kind's read or change call (`redshift:ModifyCluster`), as AwsCallError names it. */
export const apiAction = (kind: ResourceKind, call: 'read' | 'change'): string =>
  `${KINDS[kind].api.service}:${KINDS[kind].api[call]}`;

/** A name as it is shown where both kinds appear: `workgroup/NAME`, or a cluster's bare identifier. */
export const qualifiedName = (kind: ResourceKind, name: string): string => [...KINDS[kind].qualifiers, name].join('/');

/**
 * Where a resource's partition, Region and account come from: a cluster's namespace ARN
 * (`arn:<partition>:redshift:<region>:<account>:namespace:<id>`), a workgroup's own ARN
 * (`arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<id>`).
 */
export const locatingArnOf = (resource: ClusterFacts): string | undefined =>
  resource.kind === 'workgroup' ? resource.workgroupArn : resource.namespaceArn;

/** A workgroup always runs in a VPC; a cluster does unless it is an EC2-Classic leftover. */
export const isInVpc = (resource: ClusterFacts): boolean =>
  resource.kind === 'workgroup' || resource.subnetGroupName !== undefined || resource.vpcId !== undefined;

/** Why the VPC is unknown although the subnets are known (only a workgroup's subnets are described apart). */
export const vpcUnknownReasonOf = (resource: ClusterFacts): UnverifiedReason | undefined =>
  resource.kind === 'workgroup' ? resource.vpcUnknownReason : undefined;

/** What an empty subnet list means: an empty cluster subnet group, or a workgroup without subnets. */
export const noSubnetsReason = (resource: ClusterFacts): UnverifiedReason =>
  resource.kind === 'workgroup'
    ? { kind: 'workgroup-no-subnets', workgroup: resource.clusterIdentifier }
    : { kind: 'subnet-group-empty', subnetGroup: resource.subnetGroupName ?? '?' };
