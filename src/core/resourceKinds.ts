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
import { isClusterIdentifier, isWorkgroupName } from './identifiers.ts';
import type { ClusterFacts, ResourceKind } from './types.ts';

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
    /** What a valid name is, in an error message's words. */
    readonly rule: string;
    /** The CLI flag that names one (`--cluster`, `--workgroup`). */
    readonly flag: string;
  };
  /** Statuses: the one a change waits for, and those that need a person first (with what to do). */
  readonly statuses: {
    readonly available: string;
    /** Statuses that end by themselves; a change waits them out. */
    readonly busy: readonly string[];
    readonly needsPerson: ReadonlyMap<string, string>;
    /** A status family Redshift may add to (cluster `incompatible-*`): also needs a person. */
    readonly needsPersonPrefix?: { readonly prefix: string; readonly advice: string };
  };
  /** The API calls the runbook makes, and the IAM actions they need (the preflight is a Lambda invoke). */
  readonly api: {
    readonly service: 'redshift' | 'redshift-serverless';
    readonly read: 'DescribeClusters' | 'GetWorkgroup';
    readonly change: 'ModifyCluster' | 'UpdateWorkgroup';
  };
  /**
   * The engine's reads of this kind, by how IAM scopes them (Service Authorization Reference): actions without
   * resource-level permissions (granted on "*"), and actions granted on the kind's own ARNs.
   */
  readonly reads: {
    readonly unscoped: readonly string[];
    readonly scoped: readonly string[];
  };
  /** Where a person looks when the subnets' answers were incomplete. */
  readonly setupToCheck: string;
  /** Sentences of the rule's annotations that name the kind. */
  readonly gone: string;
}

/** The two kinds, in the order reports list them. */
export const KINDS: Readonly<Record<ResourceKind, ResourceKindSpec>> = {
  cluster: {
    kind: 'cluster',
    noun: 'cluster',
    plural: 'clusters',
    label: 'Cluster',
    service: 'Redshift',
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
      rule: 'a Redshift cluster identifier (1-63 lowercase letters, digits and single hyphens, starting with a letter)',
      flag: '--cluster',
    },
    statuses: {
      available: 'available',
      busy: ['modifying', 'resizing', 'rebooting', 'creating', 'renaming'],
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
    api: { service: 'redshift', read: 'DescribeClusters', change: 'ModifyCluster' },
    reads: { unscoped: ['redshift:DescribeClusterSubnetGroups', 'redshift:DescribeClusters'], scoped: [] },
    setupToCheck: 'check the cluster subnet group and its route tables',
    gone: 'The cluster no longer exists in this account and Region.',
  },
  workgroup: {
    kind: 'workgroup',
    noun: 'workgroup',
    plural: 'workgroups',
    label: 'Workgroup',
    service: 'Redshift Serverless',
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
      rule: 'a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens)',
      flag: '--workgroup',
    },
    // A workgroup is AVAILABLE, CREATING, MODIFYING or DELETING: only DELETING never ends in AVAILABLE.
    statuses: {
      available: 'AVAILABLE',
      busy: ['MODIFYING', 'CREATING'],
      needsPerson: new Map([['DELETING', DELETED]]),
    },
    api: { service: 'redshift-serverless', read: 'GetWorkgroup', change: 'UpdateWorkgroup' },
    reads: {
      unscoped: ['redshift-serverless:ListWorkgroups'],
      scoped: ['redshift-serverless:GetWorkgroup', 'redshift-serverless:ListTagsForResource'],
    },
    setupToCheck: "check the workgroup's subnets (subnetIds) and their route tables",
    gone: 'The workgroup no longer exists in this account and Region.',
  },
};

/** The kind whose Config resource type this is; undefined for any other type. */
export const kindOfConfigType = (resourceType: string | undefined): ResourceKind | undefined =>
  (Object.keys(KINDS) as ResourceKind[]).find((kind) => KINDS[kind].configResourceType === resourceType);

/** The control ids, as reports name them. */
export type ControlId = 'Redshift.7' | 'RedshiftServerless.1';

/** The IAM actions a kind's runbook calls (its read, its change, and the preflight function). */
export const runbookActions = (kind: ResourceKind): readonly string[] => {
  const { service, read, change } = KINDS[kind].api;
  return ['lambda:InvokeFunction', `${service}:${read}`, `${service}:${change}`];
};

/**
 * The ARN a resource's own facts give: a cluster's is built from its namespace ARN
 * (`arn:<partition>:redshift:<region>:<account>:namespace:<id>`, which carries the account), a workgroup's is its
 * own (`arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<id>`).
 */
export const arnSourceOf = (
  resource: ClusterFacts,
): {
  readonly source: string | undefined;
  readonly ownArn: (partition: string, region: string, account: string) => string;
} =>
  resource.kind === 'workgroup'
    ? { source: resource.workgroupArn, ownArn: () => resource.workgroupArn as string }
    : {
        source: resource.namespaceArn,
        ownArn: (partition, region, account) =>
          `arn:${partition}:redshift:${region}:${account}:cluster:${resource.clusterIdentifier}`,
      };
