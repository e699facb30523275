/** Redshift's and Redshift Serverless's reads: the resources themselves, and a workgroup's tags. */
import {
  type Cluster,
  type ClusterSubnetGroup,
  paginateDescribeClusterSubnetGroups,
  paginateDescribeClusters,
} from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  paginateListWorkgroups,
  type Workgroup,
  type Tag as WorkgroupTag,
} from '@aws-sdk/client-redshift-serverless';
import { KINDS } from '../../core/resourceKinds.ts';
import { collect, emptyIfNotFound, oneOrAll, read, recordedEntry } from './readSpec.ts';

export const redshiftReads = {
  /** All clusters, or one by identifier (an unknown identifier yields []). */
  describeClusters: read<[clusterIdentifier?: string], Cluster[]>({
    actions: { 'redshift:DescribeClusters': 'any' },
    scope: oneOrAll,
    live: ({ clients, sendOptions }, clusterIdentifier?: string): Promise<Cluster[]> =>
      emptyIfNotFound(KINDS.cluster.api.notFound, () =>
        collect(
          paginateDescribeClusters(
            { client: clients.redshift, pageSize: 100 },
            { ClusterIdentifier: clusterIdentifier },
            ...sendOptions,
          ),
          (p) => p.Clusters,
        ),
      ),
    record: (draft, clusters) => draft.keep('clusters', clusters, (c) => c.ClusterIdentifier),
    replay: (snapshot, id) => snapshot.redshift.clusters.filter((c) => id === undefined || c.ClusterIdentifier === id),
  }),
  /** All cluster subnet groups, or one by name. */
  describeClusterSubnetGroups: read<[name?: string], ClusterSubnetGroup[]>({
    actions: { 'redshift:DescribeClusterSubnetGroups': 'any' },
    scope: oneOrAll,
    live: ({ clients, sendOptions }, name?: string): Promise<ClusterSubnetGroup[]> =>
      emptyIfNotFound('ClusterSubnetGroupNotFoundFault', () =>
        collect(
          paginateDescribeClusterSubnetGroups(
            { client: clients.redshift, pageSize: 100 },
            { ClusterSubnetGroupName: name },
            ...sendOptions,
          ),
          (p) => p.ClusterSubnetGroups,
        ),
      ),
    record: (draft, groups) => draft.keep('clusterSubnetGroups', groups, (g) => g.ClusterSubnetGroupName),
    replay: (snapshot, name) =>
      snapshot.redshift.clusterSubnetGroups.filter((g) => name === undefined || g.ClusterSubnetGroupName === name),
  }),
  /** All Redshift Serverless workgroups (ListWorkgroups), or one by name (GetWorkgroup; unknown yields []). */
  listWorkgroups: read<[workgroupName?: string], Workgroup[]>({
    actions: { 'redshift-serverless:ListWorkgroups': 'any', 'redshift-serverless:GetWorkgroup': 'workgroup' },
    operation: (name?: string) =>
      name === undefined ? 'redshift-serverless:ListWorkgroups' : 'redshift-serverless:GetWorkgroup',
    scope: oneOrAll,
    live: async ({ clients, sendOptions }, workgroupName?: string): Promise<Workgroup[]> =>
      workgroupName === undefined
        ? collect(
            paginateListWorkgroups({ client: clients.redshiftServerless, pageSize: 100 }, {}, ...sendOptions),
            (p) => p.workgroups,
          )
        : emptyIfNotFound(KINDS.workgroup.api.notFound, async () => {
            const out = await clients.redshiftServerless.send(
              new GetWorkgroupCommand({ workgroupName }),
              ...sendOptions,
            );
            return out.workgroup ? [out.workgroup] : [];
          }),
    record: (draft, workgroups) => draft.keep('workgroups', workgroups, (w) => w.workgroupName),
    replay: (snapshot, name) =>
      snapshot.redshiftServerless.workgroups.filter((w) => name === undefined || w.workgroupName === name),
  }),
  /** A workgroup's tags (ListTagsForResource): ListWorkgroups does not return them. */
  listWorkgroupTags: read({
    actions: { 'redshift-serverless:ListTagsForResource': 'workgroup' },
    scope: (workgroupArn: string) => [workgroupArn],
    live: async ({ clients, sendOptions }, workgroupArn: string): Promise<WorkgroupTag[]> => {
      const out = await clients.redshiftServerless.send(
        new ListTagsForResourceCommand({ resourceArn: workgroupArn }),
        ...sendOptions,
      );
      return out.tags ?? [];
    },
    record: (draft, tags, arn) => draft.workgroupTags.set(arn, tags),
    replay: (snapshot, arn) =>
      recordedEntry(snapshot.redshiftServerless.workgroupTags, arn, 'tags', 'redshiftServerless.workgroupTags'),
  }),
};
