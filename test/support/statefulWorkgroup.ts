/**
 * A stateful fake of one Redshift Serverless workgroup behind aws-sdk-client-mock: UpdateWorkgroup
 * enhancedVpcRouting=true turns it MODIFYING (optionally after a few reads that still show AVAILABLE with the
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
import { workgroup as aWorkgroup } from './awsShapes.ts';
import { serviceError } from './fakeAccount.ts';

export interface StatefulWorkgroupSpec {
  readonly name: string;
  /** Subnets known to the fake account (syntheticAccount's vpc-0: subnet-0a, subnet-0b). */
  readonly subnetIds?: readonly string[];
  readonly evr?: boolean;
  readonly status?: string;
  readonly publiclyAccessible?: boolean;
  /** Reads that still show AVAILABLE with the flag off after UpdateWorkgroup (the race; none by default). */
  readonly pendingPolls?: number;
  /** Reads that show MODIFYING before the flag flips. */
  readonly modifyingPolls?: number;
  /** With a busy `status` (CREATING, MODIFYING): reads until it turns AVAILABLE. */
  readonly busyPolls?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface StatefulWorkgroup {
  readonly updateCalls: () => number;
  readonly getCalls: () => number;
  /** The workgroup's ARN (what ListTagsForResource is asked about). */
  readonly arn: string;
  /** Change the workgroup's state from outside, as an operator or Redshift Serverless would (a deletion). */
  readonly setStatus: (status: string) => void;
  /** Tag the workgroup from outside (an exemption added while the runbook waits). */
  readonly setTags: (tags: Readonly<Record<string, string>>) => void;
  /** Turn enhanced VPC routing on from outside (someone else's change). */
  readonly enableFromOutside: () => void;
}

export const installStatefulWorkgroup = (
  serverless: AwsClientStub<RedshiftServerlessClient>,
  spec: StatefulWorkgroupSpec,
): StatefulWorkgroup => {
  let evr = spec.evr ?? false;
  let tags = spec.tags ?? {};
  let status = spec.status ?? 'AVAILABLE';
  let updating = false;
  let sinceUpdate = 0;
  let gets = 0;
  let updates = 0;
  const pendingPolls = spec.pendingPolls ?? 0;
  const modifyingPolls = spec.modifyingPolls ?? 3;
  const base = aWorkgroup({
    name: spec.name,
    subnetIds: spec.subnetIds ?? ['subnet-0a', 'subnet-0b'],
    ...(spec.publiclyAccessible === undefined ? {} : { publiclyAccessible: spec.publiclyAccessible }),
  });
  const arn = base.workgroupArn as string;

  const current = (): Workgroup => ({ ...base, enhancedVpcRouting: evr, status: status as Workgroup['status'] });

  let busy = spec.busyPolls;
  const advance = () => {
    if (busy !== undefined && --busy < 0) {
      status = 'AVAILABLE';
      busy = undefined;
    }
    if (!updating) return;
    sinceUpdate += 1;
    if (sinceUpdate <= pendingPolls) return;
    if (sinceUpdate <= pendingPolls + modifyingPolls) {
      status = 'MODIFYING';
      return;
    }
    evr = true;
    updating = false;
    status = 'AVAILABLE';
  };

  serverless.on(GetWorkgroupCommand).callsFake((input) => {
    if (input.workgroupName !== spec.name) {
      throw serviceError('ResourceNotFoundException', `Workgroup ${input.workgroupName} not found.`);
    }
    gets += 1;
    advance();
    return { workgroup: current() };
  });
  serverless.on(ListWorkgroupsCommand).callsFake(() => ({ workgroups: [current()] }));
  serverless.on(ListTagsForResourceCommand).callsFake((input) => {
    if (input.resourceArn !== arn) throw serviceError('ResourceNotFoundException');
    return { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) };
  });
  serverless.on(UpdateWorkgroupCommand).callsFake((input) => {
    updates += 1;
    if (input.workgroupName !== spec.name) {
      throw serviceError('ResourceNotFoundException', `Workgroup ${input.workgroupName} not found.`);
    }
    if (status !== 'AVAILABLE') {
      throw serviceError('ConflictException', `Workgroup ${spec.name} is ${status}; try again once it is AVAILABLE.`);
    }
    if (input.enhancedVpcRouting === true && !evr) {
      updating = true;
      sinceUpdate = 0;
      // Without a race to model, Redshift Serverless answers with the workgroup already MODIFYING.
      if (pendingPolls === 0) status = 'MODIFYING';
    }
    return { workgroup: current() };
  });
  return {
    updateCalls: () => updates,
    getCalls: () => gets,
    arn,
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
