/**
 * A stateful fake of one Redshift cluster behind aws-sdk-client-mock: ModifyCluster EnhancedVpcRouting=true
 * leaves it "available" with the change pending for a few polls (the race), then "modifying", and only then
 * flips the flag and returns to "available" — as Redshift does while it restarts the cluster.
 */
import {
  type Cluster,
  DescribeClustersCommand,
  ModifyClusterCommand,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { cluster as aCluster } from './awsShapes.ts';
import { serviceError } from './fakeAccount.ts';

export interface StatefulClusterSpec {
  readonly id: string;
  readonly evr?: boolean;
  readonly status?: string;
  readonly subnetGroup?: string;
  readonly vpcId?: string;
  /** Describes that still show "available" with the change pending after ModifyCluster. */
  readonly pendingPolls?: number;
  /** Describes that show "modifying" before the flag flips. */
  readonly modifyingPolls?: number;
  /** With a busy `status` (resizing, modifying …): describes until it turns "available". */
  readonly busyPolls?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface StatefulCluster {
  readonly modifyCalls: () => number;
  readonly describeCalls: () => number;
  /** Change the cluster's state from outside, as an operator or Redshift would (a pause, a deletion). */
  readonly setStatus: (status: string) => void;
  /** Tag the cluster from outside (an exemption added while the runbook waits). */
  readonly setTags: (tags: Readonly<Record<string, string>>) => void;
  /** Turn enhanced VPC routing on from outside (someone else's change). */
  readonly enableFromOutside: () => void;
}

export const installStatefulCluster = (
  redshift: AwsClientStub<RedshiftClient>,
  spec: StatefulClusterSpec,
): StatefulCluster => {
  let evr = spec.evr ?? false;
  let tags = spec.tags;
  let status = spec.status ?? 'available';
  let pending = false;
  let sinceModify = 0;
  let describes = 0;
  let modifies = 0;
  const pendingPolls = spec.pendingPolls ?? 2;
  const modifyingPolls = spec.modifyingPolls ?? 3;

  const current = (): Cluster => ({
    ...aCluster({
      id: spec.id,
      evr,
      status,
      subnetGroup: spec.subnetGroup ?? 'g-0',
      vpcId: spec.vpcId ?? 'vpc-0',
      ...(tags ? { tags } : {}),
    }),
    PendingModifiedValues: pending ? { EnhancedVpcRouting: true } : {},
  });

  let busy = spec.busyPolls;
  const advance = () => {
    if (busy !== undefined && --busy < 0) {
      status = 'available';
      busy = undefined;
    }
    if (!pending) return;
    sinceModify += 1;
    if (sinceModify <= pendingPolls) return;
    if (sinceModify <= pendingPolls + modifyingPolls) {
      status = 'modifying';
      return;
    }
    evr = true;
    pending = false;
    status = 'available';
  };

  redshift.on(DescribeClustersCommand).callsFake((input) => {
    if (input.ClusterIdentifier !== undefined && input.ClusterIdentifier !== spec.id) {
      throw serviceError('ClusterNotFoundFault', `Cluster ${input.ClusterIdentifier} not found.`);
    }
    describes += 1;
    advance();
    return { Clusters: [current()] };
  });
  redshift.on(ModifyClusterCommand).callsFake((input) => {
    modifies += 1;
    if (status !== 'available')
      throw serviceError('InvalidClusterStateFault', `Cluster ${spec.id} is in state ${status}.`);
    if (input.EnhancedVpcRouting === true && !evr) {
      pending = true;
      sinceModify = 0;
    }
    return { Cluster: current() };
  });
  return {
    modifyCalls: () => modifies,
    describeCalls: () => describes,
    setStatus: (next) => {
      status = next;
      busy = undefined;
    },
    setTags: (next) => {
      tags = next;
    },
    enableFromOutside: () => {
      evr = true;
    },
  };
};
