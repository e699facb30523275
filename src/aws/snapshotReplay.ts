import { AwsCallError, InputError } from '../errors.ts';
import type { FactSource } from './factSource.ts';
import type { Snapshot } from './snapshotFormat.ts';

const intersects = (a: readonly string[], b: readonly string[]) => a.length === 0 || a.some((x) => b.includes(x));

/** Replays a snapshot: the same answers (and failures) the recorded account gave. */
export const snapshotFactSource = (snapshot: Snapshot): FactSource => {
  const failIfRecorded = (operation: string, scope: readonly string[]) => {
    const failure = snapshot.failures.find((f) => f.operation === operation && intersects(f.scope, scope));
    if (failure !== undefined) {
      // Older snapshots kept only the message: replayed as a plain failure with that message.
      throw new AwsCallError(operation, failure.message, {
        failure: failure.failure ?? 'failed',
        errorName: failure.errorName ?? `recorded: ${failure.message}`,
      });
    }
  };
  const { redshift, redshiftServerless, ec2 } = snapshot;
  return {
    region: snapshot.region,
    describeClusters: async (id) => {
      failIfRecorded('redshift:DescribeClusters', id === undefined ? [] : [id]);
      return redshift.clusters.filter((c) => id === undefined || c.ClusterIdentifier === id);
    },
    describeClusterSubnetGroups: async (name) => {
      failIfRecorded('redshift:DescribeClusterSubnetGroups', name === undefined ? [] : [name]);
      return redshift.clusterSubnetGroups.filter((g) => name === undefined || g.ClusterSubnetGroupName === name);
    },
    listWorkgroups: async (name) => {
      if (name === undefined) failIfRecorded('redshift-serverless:ListWorkgroups', []);
      else failIfRecorded('redshift-serverless:GetWorkgroup', [name]);
      return redshiftServerless.workgroups.filter((w) => name === undefined || w.workgroupName === name);
    },
    listWorkgroupTags: async (arn) => {
      failIfRecorded('redshift-serverless:ListTagsForResource', [arn]);
      const tags = Object.hasOwn(redshiftServerless.workgroupTags, arn)
        ? redshiftServerless.workgroupTags[arn]
        : undefined;
      if (tags === undefined) {
        throw new InputError(
          `The snapshot has no tags for ${arn} (redshiftServerless.workgroupTags). Record the snapshot again, or add them.`,
        );
      }
      return tags;
    },
    describeSubnets: async (subnetIds) => {
      failIfRecorded('ec2:DescribeSubnets', subnetIds);
      const wanted = new Set(subnetIds);
      return ec2.subnets.filter((s) => wanted.has(s.SubnetId ?? ''));
    },
    describeRouteTables: async (vpcIds) => {
      failIfRecorded('ec2:DescribeRouteTables', vpcIds);
      const wanted = new Set(vpcIds);
      return ec2.routeTables.filter((t) => wanted.has(t.VpcId ?? ''));
    },
    describeVpcEndpoints: async (vpcIds) => {
      failIfRecorded('ec2:DescribeVpcEndpoints', vpcIds);
      const wanted = new Set(vpcIds);
      return ec2.vpcEndpoints.filter((e) => wanted.has(e.VpcId ?? ''));
    },
    describePrefixLists: async () => {
      failIfRecorded('ec2:DescribePrefixLists', []);
      return ec2.prefixLists;
    },
    describeVpcAttribute: async (vpcId, attribute) => {
      failIfRecorded('ec2:DescribeVpcAttribute', [`${vpcId}/${attribute}`]);
      const value = Object.hasOwn(ec2.vpcAttributes, vpcId) ? ec2.vpcAttributes[vpcId]?.[attribute] : undefined;
      if (value === undefined) {
        throw new InputError(
          `The snapshot has no ${attribute} for ${vpcId} (ec2.vpcAttributes). Record the snapshot again, or add it.`,
        );
      }
      return value;
    },
  };
};
