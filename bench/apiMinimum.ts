/**
 * The fewest calls AWS's APIs allow for one periodic evaluation of an estate, from its size and each API's
 * largest page: every list read once at full pages (of security groups, those the clusters use), the two DNS
 * attributes per VPC (no batch form exists), the S3 prefix list's entries, VPC Block Public Access's options
 * and its exclusions once each, ⌈N/100⌉ PutEvaluations, and the rule's earlier results listed once at full
 * pages (GetComplianceDetailsByConfigRule: a periodic rule must list them to mark deleted clusters
 * NOT_APPLICABLE). The listing is counted in the minimum and in every contender's ratio alike, although the
 * per-cluster checkers do no clean-up.
 */
import { S3_PREFIX_LIST_ID } from '../test/support/fakeAws/builders.ts';
import { MAX_PAGE } from '../test/support/fakeAws/pages.ts';
import type { Estate } from './estate.ts';

const pages = (items: number, per: number): number => Math.max(1, Math.ceil(items / per));

export interface ApiMinimum {
  /** Per action, the evaluation's minimum (the clean-up listing included). */
  readonly byAction: Readonly<Record<string, number>>;
  readonly total: number;
  /** Of the total: pages of GetComplianceDetailsByConfigRule a rule needs to clean up results of deleted clusters. */
  readonly cleanup: number;
}

export const apiMinimum = (estate: Estate): ApiMinimum => {
  const byAction: Record<string, number> = {
    DescribeClusters: pages(estate.clusters.length, MAX_PAGE.DescribeClusters),
    DescribeClusterSubnetGroups: pages(estate.subnetGroups.length, MAX_PAGE.DescribeClusterSubnetGroups),
    // Every route table of the VPCs, main tables included (subnets without an association use them).
    DescribeRouteTables: pages(estate.routeTables.length, MAX_PAGE.DescribeRouteTables),
    DescribeVpcEndpoints: pages(estate.vpcEndpoints.length, MAX_PAGE.DescribeVpcEndpoints),
    DescribePrefixLists: pages(estate.prefixLists.length, MAX_PAGE.DescribePrefixLists),
    DescribeVpcAttribute: 2 * estate.vpcIds.length,
    // The groups the clusters use; each VPC's default group (unused) need not be read.
    DescribeSecurityGroups: pages(estate.clusterSecurityGroupIds.length, MAX_PAGE.DescribeSecurityGroups),
    DescribeNetworkAcls: pages(estate.networkAcls.length, MAX_PAGE.DescribeNetworkAcls),
    GetManagedPrefixListEntries: pages(
      estate.prefixListEntries[S3_PREFIX_LIST_ID]?.length ?? 0,
      MAX_PAGE.GetManagedPrefixListEntries,
    ),
    DescribeVpcBlockPublicAccessOptions: 1,
    DescribeVpcBlockPublicAccessExclusions: pages(
      estate.blockPublicAccess.exclusions.length,
      MAX_PAGE.DescribeVpcBlockPublicAccessExclusions,
    ),
    PutEvaluations: pages(estate.clusters.length, MAX_PAGE.PutEvaluations),
    GetComplianceDetailsByConfigRule: pages(estate.earlierResults.length, MAX_PAGE.GetComplianceDetailsByConfigRule),
  };
  return {
    byAction,
    total: Object.values(byAction).reduce((a, b) => a + b, 0),
    cleanup: pages(estate.earlierResults.length, MAX_PAGE.GetComplianceDetailsByConfigRule),
  };
};
