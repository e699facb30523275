import type { RecordedFact } from '../core/types.ts';
import { AwsCallError, InputError, NotRecordedError } from '../errors.ts';
import type { FactSource } from './factSource.ts';
import type { Snapshot } from './snapshotFormat.ts';

const intersects = (a: readonly string[], b: readonly string[]) => a.length === 0 || a.some((x) => b.includes(x));

/**
 * What a snapshot recorded under a key (keys come from outside: own properties only).
 * @throws InputError naming what is missing and where, when a hand-edited file lacks it.
 */
const recordedEntry = <T>(map: Readonly<Record<string, T>>, key: string, what: string, where: string): T => {
  const value = Object.hasOwn(map, key) ? map[key] : undefined;
  if (value === undefined) {
    throw new InputError(`The snapshot has no ${what} for ${key} (${where}). Record the snapshot again, or add them.`);
  }
  return value;
};

/** Replays a snapshot: the same answers (and failures) the recorded account gave. */
export const snapshotFactSource = (snapshot: Snapshot): FactSource => {
  const recordedBlockPublicAccess = () => {
    if (snapshot.ec2.blockPublicAccess === undefined) {
      throw new InputError(
        'The snapshot has no VPC Block Public Access options (ec2.blockPublicAccess). Record the snapshot again, or add them.',
      );
    }
    return snapshot.ec2.blockPublicAccess;
  };
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
  /** An older snapshot did not record the VPC's filters: their checks are unverified, never assumed open. */
  const requireRecorded = (fact: RecordedFact) => {
    if (snapshot.upgradedFrom !== undefined) throw new NotRecordedError(fact);
  };
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
      return recordedEntry(redshiftServerless.workgroupTags, arn, 'tags', 'redshiftServerless.workgroupTags');
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
    describeSecurityGroups: async (vpcIds) => {
      requireRecorded('security groups');
      failIfRecorded('ec2:DescribeSecurityGroups', vpcIds);
      const wanted = new Set(vpcIds);
      return ec2.securityGroups.filter((g) => wanted.has(g.VpcId ?? ''));
    },
    describeNetworkAcls: async (vpcIds) => {
      requireRecorded('network ACLs');
      failIfRecorded('ec2:DescribeNetworkAcls', vpcIds);
      const wanted = new Set(vpcIds);
      return ec2.networkAcls.filter((a) => wanted.has(a.VpcId ?? ''));
    },
    getManagedPrefixListEntries: async (prefixListId) => {
      requireRecorded('S3 prefix list entries');
      failIfRecorded('ec2:GetManagedPrefixListEntries', [prefixListId]);
      return recordedEntry(ec2.prefixListEntries, prefixListId, 'entries', 'ec2.prefixListEntries');
    },
    describeVpcBlockPublicAccessOptions: async () => {
      requireRecorded('VPC Block Public Access');
      failIfRecorded('ec2:DescribeVpcBlockPublicAccessOptions', []);
      // The two halves are recorded together: when one failed, neither is in the file.
      failIfRecorded('ec2:DescribeVpcBlockPublicAccessExclusions', []);
      return recordedBlockPublicAccess().options;
    },
    describeVpcBlockPublicAccessExclusions: async () => {
      requireRecorded('VPC Block Public Access');
      failIfRecorded('ec2:DescribeVpcBlockPublicAccessExclusions', []);
      failIfRecorded('ec2:DescribeVpcBlockPublicAccessOptions', []);
      return recordedBlockPublicAccess().exclusions;
    },
  };
};
