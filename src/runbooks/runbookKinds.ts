/**
 * What the two remediation runbooks say differently, one entry per resource kind: the template
 * (renderRunbook.ts) reads these fields and never asks which kind it renders. Facts the code already holds
 * elsewhere are taken from there, so that a runbook cannot drift from the rule, the preflight or the stack.
 */
import { CONTROLS } from '../cli/findings.ts';
import { NEEDS_PERSON_STATUSES, WORKGROUP_NEEDS_PERSON_STATUSES } from '../core/clusterStates.ts';
import {
  CLUSTER_IDENTIFIER_MAX_CHARS,
  CLUSTER_IDENTIFIER_PATTERN,
  WORKGROUP_NAME_MAX_CHARS,
  WORKGROUP_NAME_PATTERN,
} from '../core/identifiers.ts';
import type { ResourceKind } from '../core/types.ts';
import { RULE_SPECS } from '../deploy/ruleSpec.ts';

/** One kind's runbook facts. */
export interface RunbookKind {
  /** Where the generated runbook is written (and read by serverless.yml, org:render and the tests). */
  readonly runbookPath: string;
  /** The Security Hub control the runbook makes pass. */
  readonly controlId: string;
  /** The resource in a sentence ("cluster"), and the service that runs it ("Redshift"). */
  readonly noun: string;
  readonly serviceName: string;
  /** What the resource's subnets belong to, as "every subnet of …" ends. */
  readonly subnetsOf: string;
  /** The statuses that need a person, and those that end by themselves, as a sentence lists them. */
  readonly needsPersonWords: string;
  readonly busyWords: string;
  /** How the change interrupts the resource: the description's last sentence, and the approval message's. */
  readonly interruption: string;
  readonly approvalInterruption: string;
  /** The runbook parameter that names the resource (the Config rule sends it RESOURCE_ID), and its rule. */
  readonly resourceIdParameter: string;
  readonly resourceIdDescription: string;
  readonly resourceIdPattern: string;
  readonly resourceIdMaxChars: number;
  /** How the stop messages name the resource. */
  readonly stopTarget: string;
  /** The SDK service (`Service` of the API steps), its read and change APIs, and their inputs. */
  readonly service: string;
  readonly readApi: string;
  readonly changeApi: string;
  /** The API input that names the resource, and the one that turns the flag on. */
  readonly nameInput: string;
  readonly flagInput: string;
  /** The first step (it reads the resource) and the status output of the reading steps. */
  readonly readStep: string;
  readonly statusOutput: string;
  /** Where the read API's answer holds the status and the flag. */
  readonly statusSelector: string;
  readonly flagSelector: string;
  /** The status in which the change can be made, as the service spells it. */
  readonly availableStatus: string;
  /** Statuses that never end in the available one by themselves: the wait before the change ends on them. */
  readonly needsPersonStatuses: readonly string[];
}

/** The runbook facts of clusters and of workgroups. */
export const RUNBOOK_KINDS: Readonly<Record<ResourceKind, RunbookKind>> = {
  cluster: {
    runbookPath: RULE_SPECS.cluster.runbookPath,
    controlId: CONTROLS.cluster.id,
    noun: 'cluster',
    serviceName: 'Redshift',
    subnetsOf: 'the cluster subnet group',
    needsPersonWords: 'paused, being deleted or unhealthy',
    busyWords: 'modifying, resizing or rebooting',
    interruption: 'The cluster restarts during the change: schedule it like any other restart.',
    approvalInterruption: 'Redshift restarts the cluster to apply it.',
    resourceIdParameter: RULE_SPECS.cluster.resourceIdParameter,
    resourceIdDescription:
      '(Required) Identifier of the provisioned Redshift cluster (the resource id AWS Config reports).',
    resourceIdPattern: CLUSTER_IDENTIFIER_PATTERN,
    resourceIdMaxChars: CLUSTER_IDENTIFIER_MAX_CHARS,
    // The cluster's stop messages have always named it by its identifier alone.
    stopTarget: `{{ ${RULE_SPECS.cluster.resourceIdParameter} }}`,
    service: 'redshift',
    readApi: 'DescribeClusters',
    changeApi: 'ModifyCluster',
    nameInput: 'ClusterIdentifier',
    flagInput: 'EnhancedVpcRouting',
    readStep: 'DescribeCluster',
    statusOutput: 'ClusterStatus',
    statusSelector: '$.Clusters[0].ClusterStatus',
    flagSelector: '$.Clusters[0].EnhancedVpcRouting',
    availableStatus: 'available',
    needsPersonStatuses: NEEDS_PERSON_STATUSES,
  },
  workgroup: {
    runbookPath: RULE_SPECS.workgroup.runbookPath,
    controlId: CONTROLS.workgroup.id,
    noun: 'workgroup',
    serviceName: 'Redshift Serverless',
    subnetsOf: 'the workgroup',
    needsPersonWords: 'being deleted',
    busyWords: 'being created or modified',
    interruption:
      'The workgroup is `MODIFYING` while the change is applied: schedule it like any other workgroup change.',
    approvalInterruption: 'The workgroup is MODIFYING while Redshift Serverless applies it.',
    resourceIdParameter: RULE_SPECS.workgroup.resourceIdParameter,
    resourceIdDescription:
      '(Required) Name of the Redshift Serverless workgroup (3-64 lowercase letters, digits and hyphens).',
    resourceIdPattern: WORKGROUP_NAME_PATTERN,
    resourceIdMaxChars: WORKGROUP_NAME_MAX_CHARS,
    stopTarget: `workgroup {{ ${RULE_SPECS.workgroup.resourceIdParameter} }}`,
    service: 'redshift-serverless',
    readApi: 'GetWorkgroup',
    changeApi: 'UpdateWorkgroup',
    nameInput: 'workgroupName',
    flagInput: 'enhancedVpcRouting',
    readStep: 'DescribeWorkgroup',
    statusOutput: 'WorkgroupStatus',
    statusSelector: '$.workgroup.status',
    flagSelector: '$.workgroup.enhancedVpcRouting',
    availableStatus: 'AVAILABLE',
    needsPersonStatuses: WORKGROUP_NEEDS_PERSON_STATUSES,
  },
};
