/**
 * The two remediation runbooks, for provisioned clusters and for Redshift Serverless workgroups, have the same
 * steps and safety properties: the scenario tests run once per kind through these adapters. Each says how to set
 * its resource up, which API changes it, and the words its runbook uses where the two differ.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, ModifyClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  RedshiftServerlessClient,
  UpdateWorkgroupCommand,
} from '@aws-sdk/client-redshift-serverless';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { RUNBOOK_PATH, WORKGROUP_RUNBOOK_PATH } from '../../../src/deploy/names.ts';
import type { AccountData } from '../fakeAws/account.ts';
import { installFakeAccount } from '../fakeAws/mock.ts';
import { serviceError } from '../fakeAws/serviceError.ts';
import { installStatefulCluster } from '../fakeAws/statefulCluster.ts';
import type { StatefulResource, StatefulResourceSpec } from '../fakeAws/statefulResource.ts';
import { installStatefulWorkgroup } from '../fakeAws/statefulWorkgroup.ts';
import { useClientMock } from '../mocks.ts';
import { syntheticAccount } from '../syntheticAccount.ts';

/** The client mocks of one `describe` (see useClientMock). */
export interface RunbookMocks {
  readonly redshift: () => AwsClientStub<RedshiftClient>;
  readonly ec2: () => AwsClientStub<EC2Client>;
  readonly serverless: () => AwsClientStub<RedshiftServerlessClient>;
}

/** A status the runbook will not change. */
export interface StopStatus {
  readonly status: string;
  /** As a test name says it: "the cluster is …". */
  readonly words: string;
  /** The preflight's reason, as the runbook's stop message ends. */
  readonly reason: string;
}

/** A stateful fake of either kind; `arn` where tags are read apart, by ARN (workgroups). */
export type KindResource = StatefulResource & { readonly arn?: string };

export interface RunbookKind {
  /** The word the runbooks and the test names use for the resource. */
  readonly name: 'cluster' | 'workgroup';
  readonly document: string;
  /** The runbook parameter that names the resource, and the resource the scenarios use. */
  readonly nameParameter: 'ClusterIdentifier' | 'WorkgroupName';
  readonly id: string;
  /** The first step (it reads the resource) and the status output of the reading steps. */
  readonly describeStep: 'DescribeCluster' | 'DescribeWorkgroup';
  readonly statusOutput: 'ClusterStatus' | 'WorkgroupStatus';
  /** Statuses as this service spells them. */
  readonly available: string;
  readonly modifying: string;
  /** Statuses that end in `available` by themselves: the runbook waits them out. */
  readonly busyStatuses: readonly string[];
  readonly stopStatuses: readonly StopStatus[];
  /** What the verification step reads. */
  readonly flagSelector: string;
  /** The change API's verb, for test names ("before modifying it"). */
  readonly changing: 'modifying' | 'updating';
  /** How the stop messages name the resource (the cluster runbook by its identifier alone). */
  readonly stopTarget: string;
  /** How the approval message names it. */
  readonly approvalTarget: string;
  /** What the preflight's answer names, and the key of the other kind it must not carry. */
  readonly preflightTarget: Readonly<Record<string, string>>;
  readonly otherTargetKey: string;
  /** The first step's failure for a resource that does not exist (`ghost`). */
  readonly ghostFailure: string;
  /** An account in which the resource's subnets (vpc-0: subnet-0a, subnet-0b) meet every prerequisite. */
  readonly readyAccount: () => AccountData;
  /** Serve `data` and the stateful resource through the mocks. */
  readonly install: (mocks: RunbookMocks, spec: StatefulResourceSpec, data: AccountData) => KindResource;
  /** The inputs of the change API's calls, and the one input the runbook must send. */
  readonly changeRequests: (mocks: RunbookMocks) => unknown[];
  readonly changeInput: Readonly<Record<string, unknown>>;
  /** Delete the resource behind the runbook's back: reads of it now fail as AWS's do. */
  readonly deleteFromOutside: (mocks: RunbookMocks) => void;
  /** Calls to the other kind's service, which neither the runbook nor the preflight may make. */
  readonly otherServiceCalls: (mocks: RunbookMocks) => readonly unknown[];
}

export const CLUSTER_KIND: RunbookKind = {
  name: 'cluster',
  document: RUNBOOK_PATH,
  nameParameter: 'ClusterIdentifier',
  id: 'c-0',
  describeStep: 'DescribeCluster',
  statusOutput: 'ClusterStatus',
  available: 'available',
  modifying: 'modifying',
  busyStatuses: ['resizing'],
  stopStatuses: [
    {
      status: 'paused',
      words: 'paused',
      reason: 'Cluster is paused: resume it (ResumeCluster), then remediate once it is available.',
    },
    {
      status: 'deleting',
      words: 'being deleted',
      reason: 'Cluster is deleting: it is being deleted; nothing to remediate.',
    },
  ],
  flagSelector: '$.Clusters[0].EnhancedVpcRouting',
  changing: 'modifying',
  stopTarget: 'c-0',
  approvalTarget: 'Redshift cluster c-0',
  preflightTarget: { kind: 'cluster', clusterIdentifier: 'c-0' },
  otherTargetKey: 'workgroupName',
  ghostFailure:
    'Step DescribeCluster failed: An error occurred (ClusterNotFoundFault) when calling the DescribeClusters operation: Cluster ghost not found.',
  readyAccount: () => syntheticAccount(1, 1),
  install: ({ redshift, ec2 }, spec, data) => {
    installFakeAccount(redshift(), ec2(), data);
    return installStatefulCluster(redshift(), { id: 'c-0', ...spec });
  },
  changeRequests: ({ redshift }) =>
    redshift()
      .commandCalls(ModifyClusterCommand)
      .map((call) => call.args[0].input),
  changeInput: { ClusterIdentifier: 'c-0', EnhancedVpcRouting: true },
  deleteFromOutside: ({ redshift }) => {
    redshift().on(DescribeClustersCommand).rejects(serviceError('ClusterNotFoundFault', 'Cluster c-0 not found.'));
  },
  otherServiceCalls: ({ serverless }) => serverless().calls(),
};

export const WORKGROUP_KIND: RunbookKind = {
  name: 'workgroup',
  document: WORKGROUP_RUNBOOK_PATH,
  nameParameter: 'WorkgroupName',
  id: 'wg-0',
  describeStep: 'DescribeWorkgroup',
  statusOutput: 'WorkgroupStatus',
  available: 'AVAILABLE',
  modifying: 'MODIFYING',
  busyStatuses: ['MODIFYING', 'CREATING'],
  stopStatuses: [
    {
      status: 'DELETING',
      words: 'being deleted',
      reason: 'Workgroup is DELETING: it is being deleted; nothing to remediate.',
    },
  ],
  flagSelector: '$.workgroup.enhancedVpcRouting',
  changing: 'updating',
  stopTarget: 'workgroup wg-0',
  approvalTarget: 'Redshift Serverless workgroup wg-0',
  preflightTarget: { kind: 'workgroup', workgroupName: 'wg-0' },
  otherTargetKey: 'clusterIdentifier',
  ghostFailure:
    'Step DescribeWorkgroup failed: An error occurred (ResourceNotFoundException) when calling the GetWorkgroup operation: Workgroup ghost not found.',
  // vpc-0 without any cluster: the workgroup's subnets are subnet-0a and subnet-0b.
  readyAccount: () => syntheticAccount(0, 1),
  install: ({ redshift, ec2, serverless }, spec, data) => {
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    return installStatefulWorkgroup(serverless(), { name: 'wg-0', ...spec });
  },
  changeRequests: ({ serverless }) =>
    serverless()
      .commandCalls(UpdateWorkgroupCommand)
      .map((call) => call.args[0].input),
  changeInput: { workgroupName: 'wg-0', enhancedVpcRouting: true },
  deleteFromOutside: ({ serverless }) => {
    serverless()
      .on(GetWorkgroupCommand)
      .rejects(serviceError('ResourceNotFoundException', 'Workgroup wg-0 not found.'));
  },
  otherServiceCalls: ({ redshift }) => redshift().calls(),
};

export const KINDS: readonly RunbookKind[] = [CLUSTER_KIND, WORKGROUP_KIND];

/** The client mocks a runbook test installs its kind's fakes on (call inside a describe: hooks reset them). */
export const useRunbookMocks = (): RunbookMocks => ({
  redshift: useClientMock(RedshiftClient),
  ec2: useClientMock(EC2Client),
  serverless: useClientMock(RedshiftServerlessClient),
});
