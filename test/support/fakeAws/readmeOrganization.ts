/**
 * The organization the README's example shows: an AWS Config aggregator holding both rules' results (under the
 * conformance pack's rule names) for three member accounts in two Regions. test/readme.test.ts runs
 * `redshift-evr report` against it and compares the README's lines with what the CLI prints.
 */
import type { FakeAggregator, FakeResult } from './aggregator.ts';

const CLUSTER_RULE = 'redshift-evr-enhanced-vpc-routing-conformance-pack-k3x9qz1a';
const WORKGROUP_RULE = 'redshift-evr-serverless-enhanced-vpc-routing-conformance-pack-p7m2wd4c';

const READY_ENDPOINT =
  'Enhanced VPC routing is off. Ready to remediate: S3 reachable via S3 gateway endpoint from both subnets, security groups and network ACLs open to it, VPC DNS on.';
const READY_NAT =
  'Enhanced VPC routing is off. Ready to remediate: S3 reachable via NAT gateway from both subnets, security groups and network ACLs open to it, VPC DNS on.';

const result = (
  ruleName: string,
  accountId: string,
  region: string,
  resourceId: string,
  complianceType: FakeResult['complianceType'],
  annotation: string,
): FakeResult => ({
  ruleName,
  accountId,
  region,
  resourceType: ruleName === CLUSTER_RULE ? 'AWS::Redshift::Cluster' : 'AWS::RedshiftServerless::Workgroup',
  resourceId,
  complianceType,
  annotation,
});

export const README_AGGREGATOR_NAME = 'org-compliance';

export const README_ORGANIZATION: FakeAggregator = {
  aggregators: [README_AGGREGATOR_NAME],
  results: [
    result(CLUSTER_RULE, '210987654321', 'eu-west-1', 'etl-prod', 'NON_COMPLIANT', READY_ENDPOINT),
    result(CLUSTER_RULE, '210987654321', 'eu-west-1', 'bi-reporting', 'COMPLIANT', 'Enhanced VPC routing is on.'),
    result(
      CLUSTER_RULE,
      '210987654321',
      'us-east-1',
      'finance-ledger',
      'NON_COMPLIANT',
      'Enhanced VPC routing is off. Fix first: No S3 route from subnet-0d4581b507943d98c (rtb-0fdbed95ba5cf0173); associate S3 gateway endpoint vpce-095ad67b3e92b6eac with rtb-0fdbed95ba5cf0173.',
    ),
    result(CLUSTER_RULE, '345678901234', 'eu-west-1', 'legacy-dw', 'NON_COMPLIANT', READY_NAT),
    result(
      CLUSTER_RULE,
      '345678901234',
      'eu-west-1',
      'clickstream-loader',
      'NON_COMPLIANT',
      'Enhanced VPC routing is off. Fix first: Security group sg-0a11ea797d2b6ac36 allows no TCP 443 egress to S3; add an egress rule to pl-6da54004.',
    ),
    result(WORKGROUP_RULE, '456789012345', 'us-east-1', 'analytics-serverless', 'NON_COMPLIANT', READY_ENDPOINT),
    result(
      WORKGROUP_RULE,
      '456789012345',
      'us-east-1',
      'adhoc-serverless',
      'NON_COMPLIANT',
      'Enhanced VPC routing is off. Fix first: No S3 route from subnet-01c79f6bc6702bfed +1 more (rtb-07fb6d7ed7d0a4374); add an S3 gateway endpoint to rtb-07fb6d7ed7d0a4374. VPC vpc-0b41608ebd141149f has DNS hostnames off; enable enableDnsHostnames.',
    ),
  ],
};
