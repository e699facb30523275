/**
 * A stateful fake of one Redshift cluster behind aws-sdk-client-mock: ModifyCluster EnhancedVpcRouting=true (or
 * false) leaves it "available" with the change pending for a few polls (the race), then "modifying", and only then
 * flips the flag and returns to "available" — as Redshift does while it restarts the cluster.
 */
import {
  type Cluster,
  DescribeClustersCommand,
  ModifyClusterCommand,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { anAccount } from './account.ts';
import { cluster as aCluster } from './builders.ts';
import { queryAccount } from './query.ts';
import { serviceError } from './serviceError.ts';
import {
  type ResourceState,
  resourceLifecycle,
  type StatefulResource,
  type StatefulResourceSpec,
} from './statefulResource.ts';

export interface StatefulClusterSpec extends StatefulResourceSpec {
  readonly id: string;
  readonly subnetGroup?: string;
  readonly vpcId?: string;
}

/** `pendingPolls` (2 unless given): describes that still show "available" with the change pending. */
export const installStatefulCluster = (
  redshift: AwsClientStub<RedshiftClient>,
  spec: StatefulClusterSpec,
): StatefulResource => {
  const life = resourceLifecycle(spec, { available: 'available', modifying: 'modifying', pendingPolls: 2 });
  const render = ({ evr, status, changePending, tags }: ResourceState): Cluster => ({
    ...aCluster({
      id: spec.id,
      evr,
      status,
      subnetGroup: spec.subnetGroup ?? 'g-0',
      vpcId: spec.vpcId ?? 'vpc-0',
      tags,
    }),
    PendingModifiedValues: changePending ? { EnhancedVpcRouting: !evr } : {},
  });

  const notFound = (id: string | undefined) => serviceError('ClusterNotFoundFault', `Cluster ${id} not found.`);

  // Only a read of this cluster counts (and moves its time on); AWS's answer to any other comes from the query.
  redshift.on(DescribeClustersCommand).callsFake((input) => {
    const asked = input.ClusterIdentifier === undefined || input.ClusterIdentifier === spec.id;
    return queryAccount(anAccount({ clusters: asked ? [render(life.read())] : [] }), 'DescribeClusters', input);
  });
  redshift.on(ModifyClusterCommand).callsFake((input) => {
    if (input.ClusterIdentifier !== spec.id) throw notFound(input.ClusterIdentifier);
    if (!life.requestChange(input.EnhancedVpcRouting)) {
      throw serviceError('InvalidClusterStateFault', `Cluster ${spec.id} is in state ${life.state().status}.`);
    }
    return { Cluster: render(life.state()) };
  });
  return life.resource;
};
