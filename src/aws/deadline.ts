import { DeadlineError } from '../errors.ts';
import type { FactSource } from './factSource.ts';

/**
 * Settle with `work`, or reject with DeadlineError once `msLeft` has passed, whichever comes first.
 * The abandoned call is not waited for: its result, if it ever comes, is ignored.
 */
export const raceDeadline = <T>(work: () => Promise<T>, msLeft: number, what: string): Promise<T> => {
  if (msLeft === Number.POSITIVE_INFINITY) return work();
  if (msLeft <= 0) return Promise.reject(new DeadlineError(`${what} was not started: no time left`));
  const ms = Math.round(msLeft);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work(), deadline]).finally(() => clearTimeout(timer));
};

/** A FactSource whose every call gives up when `msLeft()` (read as the call starts) runs out. */
export const withDeadline = (source: FactSource, msLeft: () => number): FactSource => ({
  region: source.region,
  describeClusters: (id) => raceDeadline(() => source.describeClusters(id), msLeft(), 'redshift:DescribeClusters'),
  listWorkgroups: (name) =>
    raceDeadline(
      () => source.listWorkgroups(name),
      msLeft(),
      name === undefined ? 'redshift-serverless:ListWorkgroups' : 'redshift-serverless:GetWorkgroup',
    ),
  listWorkgroupTags: (arn) =>
    raceDeadline(() => source.listWorkgroupTags(arn), msLeft(), 'redshift-serverless:ListTagsForResource'),
  describeSubnets: (subnetIds) =>
    raceDeadline(() => source.describeSubnets(subnetIds), msLeft(), 'ec2:DescribeSubnets'),
  describeClusterSubnetGroups: (name) =>
    raceDeadline(() => source.describeClusterSubnetGroups(name), msLeft(), 'redshift:DescribeClusterSubnetGroups'),
  describeRouteTables: (vpcIds) =>
    raceDeadline(() => source.describeRouteTables(vpcIds), msLeft(), 'ec2:DescribeRouteTables'),
  describeVpcEndpoints: (vpcIds) =>
    raceDeadline(() => source.describeVpcEndpoints(vpcIds), msLeft(), 'ec2:DescribeVpcEndpoints'),
  describePrefixLists: () => raceDeadline(() => source.describePrefixLists(), msLeft(), 'ec2:DescribePrefixLists'),
  describeVpcAttribute: (vpcId, attribute) =>
    raceDeadline(() => source.describeVpcAttribute(vpcId, attribute), msLeft(), 'ec2:DescribeVpcAttribute'),
});
