/**
 * Redshift's reads of the account (clusters and cluster subnet groups, paged by MaxRecords and Marker), and the
 * answer to ModifyCluster.
 */
import type {
  DescribeClusterSubnetGroupsCommandInput,
  DescribeClustersCommandInput,
  ModifyClusterCommandInput,
} from '@aws-sdk/client-redshift';
import { page } from './pages.ts';
import type { Operation } from './query.ts';
import { serviceError } from './serviceError.ts';

/** DescribeClusters, DescribeClusterSubnetGroups and ModifyCluster. */
export const REDSHIFT_OPERATIONS: Readonly<Record<string, Operation>> = {
  DescribeClusters: (data, input: DescribeClustersCommandInput, { size }) => {
    const id = input.ClusterIdentifier;
    const all = id ? data.clusters.filter((c) => c.ClusterIdentifier === id) : data.clusters;
    if (id && all.length === 0) throw serviceError('ClusterNotFoundFault', `Cluster ${id} not found.`);
    const { items, next } = page(all, input.Marker, size(input.MaxRecords));
    return { Clusters: items, Marker: next };
  },
  DescribeClusterSubnetGroups: (data, input: DescribeClusterSubnetGroupsCommandInput, { size }) => {
    const name = input.ClusterSubnetGroupName;
    const all = name ? data.subnetGroups.filter((g) => g.ClusterSubnetGroupName === name) : data.subnetGroups;
    if (name && all.length === 0) {
      throw serviceError('ClusterSubnetGroupNotFoundFault', `ClusterSubnetGroup ${name} not found.`);
    }
    const { items, next } = page(all, input.Marker, size(input.MaxRecords));
    return { ClusterSubnetGroups: items, Marker: next };
  },
  /**
   * The account model is read-only: ModifyCluster answers with the cluster as the account holds it. A handler
   * that keeps state (emulatedAccount) applies the change to its account before this answers.
   */
  ModifyCluster: (data, input: ModifyClusterCommandInput) => {
    const found = data.clusters.find((c) => c.ClusterIdentifier === input.ClusterIdentifier);
    if (found === undefined)
      throw serviceError('ClusterNotFoundFault', `Cluster ${input.ClusterIdentifier} not found.`);
    return { Cluster: found };
  },
};
