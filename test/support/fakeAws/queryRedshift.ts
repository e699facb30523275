/** Redshift's reads of the account: clusters and cluster subnet groups, paged by MaxRecords and Marker. */
import type { DescribeClusterSubnetGroupsCommandInput, DescribeClustersCommandInput } from '@aws-sdk/client-redshift';
import { page } from './pages.ts';
import type { Operation } from './query.ts';
import { serviceError } from './serviceError.ts';

/** DescribeClusters and DescribeClusterSubnetGroups. */
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
};
