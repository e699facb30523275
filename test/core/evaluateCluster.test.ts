import { expect } from 'chai';
import { ANNOTATION_LIMIT } from '../../src/core/annotation.ts';
import { evaluateCluster, isReadyToRemediate } from '../../src/core/evaluateCluster.ts';
import type {
  ComplianceType,
  PrerequisiteMode,
  ProvisionedClusterFacts,
  VpcNetworkFacts,
} from '../../src/core/types.ts';
import {
  aCluster,
  aNetwork,
  aRouteTable,
  EVALUATED_AT,
  failedCall,
  known,
  localRoute,
  networkWithRoutes,
  options,
  unknown,
} from '../support/coreFixtures.ts';

const noS3 = networkWithRoutes([]);

describe('evaluateCluster', () => {
  const verdicts: {
    name: string;
    cluster: Partial<ProvisionedClusterFacts>;
    network?: VpcNetworkFacts;
    mode?: PrerequisiteMode;
    exemptionTagKey?: string;
    expected: ComplianceType;
    annotation: RegExp;
  }[] = [
    {
      name: 'a cluster outside any VPC',
      cluster: { subnetGroupName: undefined, vpcId: undefined, subnetIds: known([]) },
      expected: 'NOT_APPLICABLE',
      annotation: /^Cluster is not in a VPC/,
    },
    {
      name: 'an exempt cluster (tag value is the reason)',
      cluster: { tags: { 'evr-exempt': 'SEC-1234 vendor managed' } },
      exemptionTagKey: 'evr-exempt',
      expected: 'NOT_APPLICABLE',
      annotation: /^Exempt by tag evr-exempt: SEC-1234 vendor managed$/,
    },
    {
      name: 'a tagged cluster when no exemption key is configured',
      cluster: { tags: { 'evr-exempt': 'x' } },
      expected: 'NON_COMPLIANT',
      annotation: /^Enhanced VPC routing is off\. Ready to remediate/,
    },
    {
      name: 'EVR off, prerequisites met',
      cluster: {},
      expected: 'NON_COMPLIANT',
      annotation:
        /^Enhanced VPC routing is off\. Ready to remediate: S3 reachable via S3 gateway endpoint from both subnets, security groups and network ACLs open to it, VPC DNS on\.$/,
    },
    {
      name: 'EVR off, no S3 route',
      cluster: {},
      network: noS3,
      expected: 'NON_COMPLIANT',
      annotation:
        /^Enhanced VPC routing is off\. Fix first: No S3 route from subnet-a, subnet-b \(rtb-main\); add an S3 gateway endpoint to rtb-main\.$/,
    },
    {
      name: 'EVR on, report mode, prerequisites missing',
      cluster: { enhancedVpcRouting: true },
      network: noS3,
      expected: 'COMPLIANT',
      annotation: /^Enhanced VPC routing is on\. Warning, COPY\/UNLOAD may fail: No S3 route/,
    },
    {
      name: 'EVR on, enforce mode, prerequisites missing',
      cluster: { enhancedVpcRouting: true },
      network: noS3,
      mode: 'enforce',
      expected: 'NON_COMPLIANT',
      annotation: /^Enhanced VPC routing is on, but prerequisites are missing: No S3 route/,
    },
    {
      name: 'EVR on, enforce mode, prerequisites unverified',
      cluster: { enhancedVpcRouting: true },
      network: aNetwork({ enableDnsSupport: unknown(failedCall('ec2:DescribeVpcAttribute', 'UnauthorizedOperation')) }),
      mode: 'enforce',
      expected: 'NON_COMPLIANT',
      annotation:
        /^Enhanced VPC routing is on, but prerequisites are unverified: Network not verified: ec2:DescribeVpcAttribute was denied/,
    },
    {
      name: 'EVR on, enforce mode, prerequisites met',
      cluster: { enhancedVpcRouting: true },
      mode: 'enforce',
      expected: 'COMPLIANT',
      annotation: /^Enhanced VPC routing is on\.$/,
    },
    {
      name: 'EVR off, mode off',
      cluster: {},
      network: noS3,
      mode: 'off',
      expected: 'NON_COMPLIANT',
      annotation: /^Enhanced VPC routing is off\. Prerequisites not checked \(PrerequisiteMode=off\)/,
    },
    {
      name: 'EVR on, mode off, network broken',
      cluster: { enhancedVpcRouting: true },
      network: noS3,
      mode: 'off',
      expected: 'COMPLIANT',
      annotation: /^Enhanced VPC routing is on\.$/,
    },
  ];

  for (const v of verdicts) {
    it(`is ${v.expected} for ${v.name}`, () => {
      const result = evaluateCluster(
        aCluster(v.cluster),
        v.network ?? aNetwork(),
        options({
          prerequisiteMode: v.mode ?? 'report',
          ...(v.exemptionTagKey ? { exemptionTagKey: v.exemptionTagKey } : {}),
        }),
        EVALUATED_AT,
      );
      expect(result.complianceType).to.equal(v.expected);
      expect(result.annotation).to.match(v.annotation);
      expect(result.annotation.length).to.be.at.most(ANNOTATION_LIMIT);
    });
  }

  it('fills the documented JSON fields', () => {
    const result = evaluateCluster(aCluster(), noS3, options(), EVALUATED_AT);
    expect(result).to.deep.equal({
      kind: 'cluster',
      clusterIdentifier: 'etl-prod',
      clusterArn: 'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
      accountId: '111122223333',
      complianceType: 'NON_COMPLIANT',
      // Both subnets use the main table (only the local route), and the VPC has no S3 gateway endpoint.
      annotation:
        'Enhanced VPC routing is off. Fix first: No S3 route from subnet-a, subnet-b (rtb-main); add an S3 gateway endpoint to rtb-main.',
      enhancedVpcRouting: false,
      publiclyAccessible: false,
      clusterStatus: 'available',
      vpcId: 'vpc-0a1',
      prerequisitesMet: false,
      missing: ['S3_ROUTE_MISSING'],
      problems: [
        {
          code: 'S3_ROUTE_MISSING',
          vpcId: 'vpc-0a1',
          subnetIds: ['subnet-a', 'subnet-b'],
          routeTableId: 'rtb-main',
          resourceIds: ['rtb-main'],
          detail: 'No S3 route from subnet-a, subnet-b (route table rtb-main).',
          fix: 'add an S3 gateway endpoint to rtb-main (aws ec2 create-vpc-endpoint --vpc-id vpc-0a1 --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3 --route-table-ids rtb-main)',
        },
      ],
      subnets: [
        { subnetId: 'subnet-a', routeTableId: 'rtb-main', s3Path: 'NONE', networkAclId: 'acl-default' },
        { subnetId: 'subnet-b', routeTableId: 'rtb-main', s3Path: 'NONE', networkAclId: 'acl-default' },
      ],
      exemption: null,
      ignoredExemption: null,
    });
    expect(isReadyToRemediate(result)).to.equal(false);
  });

  it('records the exemption tag and reason', () => {
    const result = evaluateCluster(
      aCluster({ tags: { skip: 'legacy' } }),
      aNetwork(),
      options({ exemptionTagKey: 'skip' }),
      EVALUATED_AT,
    );
    expect(result.exemption).to.deep.equal({ tagKey: 'skip', reason: 'legacy' });
    expect(result.prerequisitesMet).to.equal(null);
  });

  it('is ready to remediate only when EVR is off and prerequisites are verified', () => {
    expect(isReadyToRemediate(evaluateCluster(aCluster(), aNetwork(), options(), EVALUATED_AT))).to.equal(true);
    const unverified = aNetwork({
      enableDnsHostnames: unknown(failedCall('ec2:DescribeVpcAttribute', 'UnauthorizedOperation')),
    });
    expect(isReadyToRemediate(evaluateCluster(aCluster(), unverified, options(), EVALUATED_AT))).to.equal(false);
  });

  it('suggests associating an existing S3 gateway endpoint instead of creating one', () => {
    const network = aNetwork({ routeTables: known([aRouteTable({ routes: [localRoute()] })]) });
    const result = evaluateCluster(aCluster(), network, options(), EVALUATED_AT);
    expect(result.annotation).to.contain('associate S3 gateway endpoint vpce-s3 with rtb-main');
  });

  it('says an internet gateway does not serve a private cluster', () => {
    const network = networkWithRoutes([
      { destination: '0.0.0.0/0', target: { kind: 'internet-gateway', id: 'igw-9' }, active: true },
    ]);
    expect(evaluateCluster(aCluster(), network, options(), EVALUATED_AT).annotation).to.contain(
      'igw-9 does not serve a private cluster',
    );
  });

  it("names the cluster's partition and Region in its ARN and in the S3 endpoint fix (China partition)", () => {
    const cluster = aCluster({ namespaceArn: 'arn:aws-cn:redshift:cn-north-1:111122223333:namespace:6f1e2d3c' });
    const result = evaluateCluster(cluster, noS3, options(), EVALUATED_AT);
    expect(result.clusterArn).to.equal('arn:aws-cn:redshift:cn-north-1:111122223333:cluster:etl-prod');
    expect(result.problems[0]?.fix).to.contain('--service-name cn.com.amazonaws.cn-north-1.s3 ');
  });

  it('names the VPC and both DNS attributes when both are off', () => {
    const network = aNetwork({ enableDnsSupport: known(false), enableDnsHostnames: known(false) });
    expect(evaluateCluster(aCluster(), network, options(), EVALUATED_AT).annotation).to.equal(
      'Enhanced VPC routing is off. Fix first: VPC vpc-0a1 has DNS resolution and DNS hostnames off; enable enableDnsSupport and enableDnsHostnames.',
    );
  });

  it('keeps a long annotation within 256 characters without cutting an identifier', () => {
    const subnetIds = Array.from({ length: 12 }, (_, i) => `subnet-0123456789abcdef${i.toString(16)}`);
    const tables = subnetIds.map((id, i) =>
      aRouteTable({
        routeTableId: `rtb-0123456789abcdef${i.toString(16)}`,
        isMain: false,
        subnetIds: [id],
        routes: [localRoute()],
      }),
    );
    const network = aNetwork({
      routeTables: known(tables),
      s3Endpoints: known([]),
      enableDnsSupport: known(false),
      enableDnsHostnames: unknown(failedCall('ec2:DescribeVpcAttribute', 'UnauthorizedOperation')),
    });
    const result = evaluateCluster(
      aCluster({ subnetIds: known(subnetIds) }),
      network,
      options({ requireInternetPath: true }),
      EVALUATED_AT,
    );
    expect(result.annotation.length).to.be.at.most(ANNOTATION_LIMIT);
    expect(result.annotation).to.match(
      /^Enhanced VPC routing is off\. Fix first: No S3 route from subnet-0123456789abcdef0 \(rtb-0123456789abcdef0\) \+11 more/,
    );
    // Every identifier shown is a whole one of the fixture's: none is cut.
    const whole = new Set([...subnetIds, ...tables.map((t) => t.routeTableId), 'vpc-0a1']);
    const shown = result.annotation.split(/[\s,;():.]+/).filter((t) => /^(subnet|rtb|vpc)-/.test(t));
    expect(shown.length).to.be.greaterThan(1);
    for (const token of shown) expect(whole.has(token), token).to.equal(true);
  });

  const fixes: [ReturnType<typeof failedCall>, string, string][] = [
    [
      failedCall('ec2:DescribeRouteTables', 'UnauthorizedOperation'),
      'ec2:DescribeRouteTables was denied (UnauthorizedOperation)',
      'grant ec2:DescribeRouteTables, then re-evaluate.',
    ],
    [
      failedCall('ec2:DescribeRouteTables', 'ExpiredToken', 'credentials'),
      'ec2:DescribeRouteTables was refused: the credentials are invalid or expired (ExpiredToken)',
      'refresh the credentials, then re-evaluate.',
    ],
    [
      failedCall('ec2:DescribeRouteTables', 'RequestLimitExceeded', 'throttled'),
      'ec2:DescribeRouteTables was throttled after retries (RequestLimitExceeded)',
      'retry later, then re-evaluate.',
    ],
    [
      failedCall('ec2:DescribeRouteTables', 'InternalError: try again', 'failed'),
      'ec2:DescribeRouteTables failed (InternalError: try again)',
      'retry later, then re-evaluate.',
    ],
  ];
  for (const [reason, text, fix] of fixes) {
    it(`says how to fix an unverified network: ${text}`, () => {
      const result = evaluateCluster(aCluster(), aNetwork({ routeTables: unknown(reason) }), options(), EVALUATED_AT);
      expect(result.annotation).to.equal(
        `Enhanced VPC routing is off. Not verified safe to remediate: Network not verified: ${text}; ${fix}`,
      );
    });
  }

  it('points at the subnet group when it cannot be found', () => {
    const result = evaluateCluster(
      aCluster({ subnetIds: unknown({ kind: 'subnet-group-not-found', subnetGroup: 'etl-subnets' }) }),
      aNetwork(),
      options(),
      EVALUATED_AT,
    );
    expect(result.annotation).to.match(
      /Network not verified: subnet group etl-subnets was not found; check the cluster subnet group and its route tables, then re-evaluate\.$/,
    );
  });
});
