/**
 * A stateful fake of one Redshift Serverless workgroup behind aws-sdk-client-mock: UpdateWorkgroup
 * enhancedVpcRouting=true (or false) turns it MODIFYING (optionally after a few reads that still show AVAILABLE with the
 * change not started: the race), and only then flips the flag and returns to AVAILABLE.
 *
 * Install it after `installFakeAccount(…, { serverless })`: it takes over GetWorkgroup, ListWorkgroups,
 * UpdateWorkgroup and ListTagsForResource (tags by the workgroup's ARN, as Redshift Serverless serves them), so
 * the runbook's steps and the preflight read the same workgroup; subnets, route tables and the rest still come
 * from the fake account.
 */
import {
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  ListWorkgroupsCommand,
  type RedshiftServerlessClient,
  UpdateWorkgroupCommand,
  type Workgroup,
} from '@aws-sdk/client-redshift-serverless';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { anAccount } from './account.ts';
import { workgroup as aWorkgroup } from './builders.ts';
import { queryAccount } from './query.ts';
import { serviceError } from './serviceError.ts';
import {
  type ResourceState,
  resourceLifecycle,
  type StatefulResource,
  type StatefulResourceSpec,
} from './statefulResource.ts';

export interface StatefulWorkgroupSpec extends StatefulResourceSpec {
  readonly name: string;
  /** Subnets known to the fake account (syntheticAccount's vpc-0: subnet-0a, subnet-0b). */
  readonly subnetIds?: readonly string[];
  readonly publiclyAccessible?: boolean;
}

export interface StatefulWorkgroup extends StatefulResource {
  /** The workgroup's ARN (what ListTagsForResource is asked about). */
  readonly arn: string;
}

/** `pendingPolls` (none unless given): reads that still show AVAILABLE with the old value after UpdateWorkgroup. */
export const installStatefulWorkgroup = (
  serverless: AwsClientStub<RedshiftServerlessClient>,
  spec: StatefulWorkgroupSpec,
): StatefulWorkgroup => {
  const life = resourceLifecycle(spec, { available: 'AVAILABLE', modifying: 'MODIFYING', pendingPolls: 0 });
  const base = aWorkgroup({
    name: spec.name,
    subnetIds: spec.subnetIds ?? ['subnet-0a', 'subnet-0b'],
    ...(spec.publiclyAccessible === undefined ? {} : { publiclyAccessible: spec.publiclyAccessible }),
  });
  const arn = base.workgroupArn as string;
  const render = ({ evr, status }: ResourceState): Workgroup => ({
    ...base,
    enhancedVpcRouting: evr,
    status: status as Workgroup['status'],
  });
  const notFound = (name: string | undefined) =>
    serviceError('ResourceNotFoundException', `Workgroup ${name} not found.`);

  // The workgroup as it is now (a GetWorkgroup of it is a read: counted, and its time moves on).
  const now = (read: boolean) =>
    anAccount({
      workgroups: [render(read ? life.read() : life.state())],
      workgroupTags: { [arn]: Object.entries(life.state().tags).map(([key, value]) => ({ key, value })) },
    });
  serverless
    .on(GetWorkgroupCommand)
    .callsFake((input) =>
      queryAccount(input.workgroupName === spec.name ? now(true) : anAccount(), 'GetWorkgroup', input),
    );
  serverless.on(ListWorkgroupsCommand).callsFake((input) => queryAccount(now(false), 'ListWorkgroups', input));
  serverless
    .on(ListTagsForResourceCommand)
    .callsFake((input) => queryAccount(now(false), 'ListTagsForResource', input));
  serverless.on(UpdateWorkgroupCommand).callsFake((input) => {
    if (input.workgroupName !== spec.name) throw notFound(input.workgroupName);
    if (!life.requestChange(input.enhancedVpcRouting)) {
      const { status } = life.state();
      throw serviceError('ConflictException', `Workgroup ${spec.name} is ${status}; try again once it is AVAILABLE.`);
    }
    return { workgroup: render(life.state()) };
  });
  return { ...life.resource, arn };
};
