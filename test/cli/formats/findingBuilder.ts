/** Hand-built findings for the format tests: a realistic default, overridden field by field. */

import { type ClusterFinding, severityOf } from '../../../src/cli/findings.ts';
import { KINDS } from '../../../src/core/resourceKinds.ts';
import type { Problem } from '../../../src/core/types.ts';

type Overrides = { -readonly [K in keyof ClusterFinding]?: ClusterFinding[K] };

export const ACCOUNT = '111122223333';

export const s3Problem = (overrides: Partial<Problem> = {}): Problem => ({
  code: 'S3_ROUTE_MISSING',
  vpcId: 'vpc-0ef9de29795b18aee',
  subnetIds: ['subnet-080920d8507931d25'],
  routeTableId: 'rtb-07b18a3d1c1538455',
  resourceIds: ['rtb-07b18a3d1c1538455'],
  detail: 'No S3 route from subnet-080920d8507931d25 (route table rtb-07b18a3d1c1538455).',
  fix: 'add an S3 gateway endpoint to rtb-07b18a3d1c1538455',
  ...overrides,
});

export const dnsProblem = (): Problem => ({
  code: 'DNS_HOSTNAMES_DISABLED',
  vpcId: 'vpc-0ef9de29795b18aee',
  subnetIds: [],
  routeTableId: null,
  resourceIds: ['vpc-0ef9de29795b18aee'],
  detail: 'VPC vpc-0ef9de29795b18aee has DNS hostnames off (enableDnsHostnames).',
  fix: 'enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0ef9de29795b18aee --enable-dns-hostnames)',
});

/** The id at the end of the workgroup ARNs this builder makes. */
export const WORKGROUP_UUID = '7b10233c-0000-4000-8000-000000000000';

/** A noncompliant, ready-to-remediate cluster in us-east-1 (a workgroup with `kind: 'workgroup'`), unless told otherwise. */
export const finding = (overrides: Overrides = {}): ClusterFinding => {
  const kind = overrides.kind ?? 'cluster';
  const clusterIdentifier = overrides.clusterIdentifier ?? (kind === 'workgroup' ? 'analytics-serverless' : 'etl-prod');
  const region = overrides.region ?? 'us-east-1';
  const accountId = overrides.accountId === undefined ? ACCOUNT : overrides.accountId;
  const complianceType = overrides.complianceType ?? 'NON_COMPLIANT';
  const problems = overrides.problems ?? [];
  const arn =
    kind === 'workgroup'
      ? `arn:aws:redshift-serverless:${region}:${accountId}:workgroup/${WORKGROUP_UUID}`
      : `arn:aws:redshift:${region}:${accountId}:cluster:${clusterIdentifier}`;
  return {
    kind,
    accountId,
    region,
    clusterArn: accountId === null ? null : arn,
    clusterIdentifier,
    controlId: KINDS[kind].control.id,
    complianceType,
    severity: severityOf(complianceType, kind),
    enhancedVpcRouting: complianceType === 'COMPLIANT',
    clusterStatus: kind === 'workgroup' ? 'AVAILABLE' : 'available',
    vpcId: 'vpc-0ef9de29795b18aee',
    prerequisitesMet: problems.length === 0,
    codes: problems.map((p) => p.code),
    problems,
    summary: 'Enhanced VPC routing is off. Ready to remediate.',
    exemption: null,
    ignoredExemption: null,
    observedAt: '2024-05-01T12:34:56.789Z',
    ...overrides,
  };
};
