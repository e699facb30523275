import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, paginateDescribeClusters, RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { apiMinimum } from '../../bench/apiMinimum.ts';
import { buildEstate, S3_CIDRS } from '../../bench/estate.ts';
import { type FakeAws, startFakeAws } from '../../bench/fakeAws.ts';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import { DEFAULT_RULE_OPTIONS } from '../../src/core/ruleOptions.ts';
import { FULL_ACCESS_POLICY, S3_PREFIX_LIST_ID } from '../support/fakeAws/builders.ts';

/** The benchmark's endpoint must hold the SDK to AWS's page limits and filters, or the call counts mean nothing. */
describe('bench fake AWS endpoint', () => {
  let fake: FakeAws;
  const estate = buildEstate(1_000);
  const options = () => ({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret' },
    maxAttempts: 1,
  });

  before(async () => {
    fake = await startFakeAws({ latencyMs: 0 });
  });
  beforeEach(() => fake.serve(estate));
  after(async () => {
    await fake.close();
  });

  it('pages DescribeClusters at 100 with a Marker', async () => {
    const redshift = new RedshiftClient(options());
    let clusters = 0;
    for await (const page of paginateDescribeClusters({ client: redshift, pageSize: 100 }, {})) {
      clusters += page.Clusters?.length ?? 0;
    }
    expect(clusters).to.equal(1_000);
    expect(fake.stats().calls.DescribeClusters).to.equal(10);
  });

  it('filters route tables by many vpc-id values and pages them; rejects page sizes AWS rejects', async () => {
    const ec2 = new EC2Client(options());
    const vpcIds = estate.vpcIds.slice(0, 100);
    let tables = 0;
    const filter = [{ Name: 'vpc-id', Values: vpcIds }];
    for await (const page of paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, { Filters: filter })) {
      tables += page.RouteTables?.length ?? 0;
    }
    expect(tables).to.equal(200);
    expect(fake.stats().calls.DescribeRouteTables).to.equal(2);
    const tooBig = await ec2.send(new DescribeRouteTablesCommand({ MaxResults: 1000 })).catch((e: Error) => e);
    expect(tooBig).to.be.instanceOf(Error).with.property('name', 'InvalidParameterValue');
    const bySubnet = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: ['subnet-00000003a'] }] }),
    );
    expect(bySubnet.RouteTables?.map((t) => t.RouteTableId)).to.deep.equal(['rtb-00000003p']);
  });

  it('filters endpoints by service name and rejects unknown filters', async () => {
    const ec2 = new EC2Client(options());
    const s3 = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: ['vpc-00000001'] },
          { Name: 'service-name', Values: ['com.amazonaws.us-east-1.s3'] },
        ],
      }),
    );
    expect(s3.VpcEndpoints?.map((e) => e.VpcEndpointId)).to.deep.equal(['vpce-00000001']);
    const dynamo = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [{ Name: 'service-name', Values: ['com.amazonaws.us-east-1.dynamodb'] }],
      }),
    );
    expect(dynamo.VpcEndpoints).to.deep.equal([]);
    const unknownFilter = await ec2
      .send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] }))
      .catch((e: Error) => e);
    expect(unknownFilter).to.be.instanceOf(Error).with.property('name', 'InvalidParameterValue');
    const dns = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: 'vpc-00000001', Attribute: 'enableDnsSupport' }),
    );
    expect(dns.EnableDnsSupport?.Value).to.equal(true);
  });

  it('gives clusters security groups, most shared: 4 groups per VPC of 10 clusters, each VPC a default group too', () => {
    expect(estate.clusterSecurityGroupIds).to.have.length(400);
    expect(estate.securityGroups).to.have.length(500);
    const users = new Map<string, number>();
    for (const c of estate.clusters) {
      for (const g of c.VpcSecurityGroups ?? [])
        users.set(g.VpcSecurityGroupId ?? '', (users.get(g.VpcSecurityGroupId ?? '') ?? 0) + 1);
    }
    const shared = estate.clusters.filter((c) =>
      (c.VpcSecurityGroups ?? []).some((g) => (users.get(g.VpcSecurityGroupId ?? '') ?? 0) > 1),
    );
    expect(shared).to.have.length(800);
    // Every VPC's default ACL, and in one VPC of ten a custom ACL (denying HTTPS out) for its subnets.
    expect(estate.networkAcls).to.have.length(110);
  });

  it('serves security groups by group-id filter at pages of up to 1000; rejects more than 200 filter values', async () => {
    const ec2 = new EC2Client(options());
    const ids = estate.clusterSecurityGroupIds.slice(0, 200);
    let groups = 0;
    const filter = [{ Name: 'group-id', Values: ids }];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 1000 }, { Filters: filter })) {
      groups += page.SecurityGroups?.length ?? 0;
    }
    expect(groups).to.equal(200);
    expect(fake.stats().calls.DescribeSecurityGroups).to.equal(1);
    const tooMany = await ec2
      .send(
        new DescribeSecurityGroupsCommand({
          Filters: [{ Name: 'group-id', Values: estate.clusterSecurityGroupIds.slice(0, 201) }],
        }),
      )
      .catch((e: Error) => e);
    expect(tooMany).to.be.instanceOf(Error).with.property('name', 'FilterLimitExceeded');
    const tooBig = await ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1001 })).catch((e: Error) => e);
    expect(tooBig).to.be.instanceOf(Error).with.property('name', 'InvalidParameterValue');
    const idsAndSize = await ec2
      .send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-00000001r'], MaxResults: 5 }))
      .catch((e: Error) => e);
    expect(idsAndSize).to.be.instanceOf(Error).with.property('name', 'InvalidParameterCombination');
    const missing = await ec2
      .send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-nosuchgroup'] }))
      .catch((e: Error) => e);
    expect(missing).to.be.instanceOf(Error).with.property('name', 'InvalidGroup.NotFound');
  });

  it("answers security groups in EC2's wire format (egress rules, prefix lists) as the SDK reads them", async () => {
    const ec2 = new EC2Client(options());
    const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-00000001r', 'sg-000000017'] }));
    const [shared, own] = out.SecurityGroups ?? [];
    expect(shared).to.deep.include({ GroupId: 'sg-00000001r', VpcId: 'vpc-00000001' });
    expect(shared?.IpPermissionsEgress).to.deep.equal([
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        UserIdGroupPairs: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ]);
    expect(own?.IpPermissionsEgress?.[0]).to.deep.include({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      PrefixListIds: [{ PrefixListId: S3_PREFIX_LIST_ID }],
    });
  });

  it('serves network ACLs by vpc-id (pages of up to 1000) and by subnet association', async () => {
    const ec2 = new EC2Client(options());
    let acls = 0;
    const filter = [{ Name: 'vpc-id', Values: estate.vpcIds.slice(0, 100) }];
    for await (const page of paginateDescribeNetworkAcls({ client: ec2, pageSize: 1000 }, { Filters: filter })) {
      acls += page.NetworkAcls?.length ?? 0;
    }
    expect(acls).to.equal(110);
    expect(fake.stats().calls.DescribeNetworkAcls).to.equal(1);
    const bySubnet = await ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: ['subnet-00000003b'] }] }),
    );
    const [acl] = bySubnet.NetworkAcls ?? [];
    expect(acl).to.deep.include({ NetworkAclId: 'acl-00000003', IsDefault: true, VpcId: 'vpc-00000003' });
    expect(acl?.Associations?.map((a) => a.SubnetId)).to.deep.equal(['subnet-00000003a', 'subnet-00000003b']);
    expect(acl?.Entries?.map((e) => [e.Egress, e.RuleNumber, e.Protocol, e.RuleAction, e.CidrBlock])).to.deep.equal([
      [true, 100, '-1', 'allow', '0.0.0.0/0'],
      [true, 32767, '-1', 'deny', '0.0.0.0/0'],
      [false, 100, '-1', 'allow', '0.0.0.0/0'],
      [false, 32767, '-1', 'deny', '0.0.0.0/0'],
    ]);
    const tooBig = await ec2.send(new DescribeNetworkAclsCommand({ MaxResults: 1001 })).catch((e: Error) => e);
    expect(tooBig).to.be.instanceOf(Error).with.property('name', 'InvalidParameterValue');
  });

  it("serves the S3 prefix list's entries (pages of 1-100), Block Public Access and endpoint policies", async () => {
    const ec2 = new EC2Client(options());
    const entries = await ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: S3_PREFIX_LIST_ID, MaxResults: 100 }),
    );
    expect(entries.Entries?.map((e) => e.Cidr)).to.deep.equal([...S3_CIDRS]);
    const tooBig = await ec2
      .send(new GetManagedPrefixListEntriesCommand({ PrefixListId: S3_PREFIX_LIST_ID, MaxResults: 101 }))
      .catch((e: Error) => e);
    expect(tooBig).to.be.instanceOf(Error).with.property('name', 'InvalidParameterValue');
    const unknownList = await ec2
      .send(new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-00000000' }))
      .catch((e: Error) => e);
    expect(unknownList).to.be.instanceOf(Error).with.property('name', 'InvalidPrefixListID.NotFound');

    const bpa = await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}));
    expect(bpa.VpcBlockPublicAccessOptions).to.deep.include({
      InternetGatewayBlockMode: 'off',
      State: 'default-state',
    });
    const exclusions = await ec2.send(new DescribeVpcBlockPublicAccessExclusionsCommand({ MaxResults: 1000 }));
    expect(exclusions.VpcBlockPublicAccessExclusions).to.deep.equal([]);
    expect(exclusions.NextToken).to.equal(undefined);

    const endpoints = await ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-00000001'] }] }),
    );
    expect(endpoints.VpcEndpoints?.[0]?.PolicyDocument).to.equal(JSON.stringify(FULL_ACCESS_POLICY));
    const redshift = new RedshiftClient(options());
    const cluster = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: 'dw-003e7' }));
    expect(cluster.Clusters?.[0]?.VpcSecurityGroups).to.deep.equal([
      { VpcSecurityGroupId: 'sg-00000063r', Status: 'active' },
      { VpcSecurityGroupId: 'sg-000000639', Status: 'active' },
    ]);
  });

  /** The engine's scan of `estate` through the endpoint. */
  const scanEstate = (estate: ReturnType<typeof buildEstate>) => {
    fake.serve(estate);
    const clients = {
      redshift: new RedshiftClient(options()),
      redshiftServerless: new RedshiftServerlessClient(options()),
      ec2: new EC2Client(options()),
    };
    return scanRegion(liveFactSource(clients, 'us-east-1'), DEFAULT_RULE_OPTIONS, { kinds: ['cluster'] });
  };

  it('leaves every cluster ready for the engine when no network is blocked, with the reads at the minimum', async function () {
    this.timeout(60_000);
    const small = buildEstate(100, { blocked: false });
    const result = await scanEstate(small);
    expect(result.evaluations).to.have.length(100);
    const notReady = result.evaluations.filter((e) => e.prerequisitesMet !== true);
    expect(notReady.map((e) => [e.clusterIdentifier, e.missing, e.annotation])).to.deep.equal([]);
    const { calls, faults } = fake.stats();
    expect(faults).to.deep.equal([]);
    const minimum = apiMinimum(small).byAction;
    for (const action of [
      'DescribeSecurityGroups',
      'DescribeNetworkAcls',
      'GetManagedPrefixListEntries',
      'DescribeVpcBlockPublicAccessOptions',
      'DescribeVpcBlockPublicAccessExclusions',
    ]) {
      expect(calls[action], action).to.equal(minimum[action]);
    }
  });

  it('blocks the paths the estate says, and the engine finds exactly those clusters not ready', async function () {
    this.timeout(60_000);
    const small = buildEstate(100);
    const result = await scanEstate(small);
    const missing = new Map(result.evaluations.map((e) => [e.clusterIdentifier, [...e.missing].sort()]));
    // By hand from estate.ts: VPC 3 has no S3 route, 5 DNS hostnames off, 7 an ACL denying HTTPS out; the 9th
    // cluster of a VPC (k = 8: clusters 80…89, dw-00050… in hex) only a group that keeps HTTPS in the VPC.
    expect(missing.get('dw-00003')).to.deep.equal(['S3_ROUTE_MISSING']);
    expect(missing.get('dw-00005')).to.deep.equal(['DNS_HOSTNAMES_DISABLED']);
    expect(missing.get('dw-00007')).to.deep.equal(['NETWORK_ACL_BLOCKS_S3']);
    expect(missing.get('dw-00050')).to.deep.equal(['SECURITY_GROUP_EGRESS_BLOCKED']);
    expect(missing.get('dw-00033')).to.deep.equal([]);
    const notReady = result.evaluations.filter((e) => e.prerequisitesMet !== true).map((e) => e.clusterIdentifier);
    expect(notReady).to.have.length(37);
    for (const e of result.evaluations) {
      expect(e.prerequisitesMet, e.clusterIdentifier).to.equal(small.expectedReady.get(e.clusterIdentifier));
    }
  });

  it('takes at most 100 evaluations per PutEvaluations and records the verdicts', async () => {
    const config = new ConfigServiceClient(options());
    const evaluation = (i: number) => ({
      ComplianceResourceType: 'AWS::Redshift::Cluster',
      ComplianceResourceId: `dw-${i}`,
      ComplianceType: 'COMPLIANT' as const,
      OrderingTimestamp: new Date(0),
    });
    await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [evaluation(1)] }));
    const tooMany = await config
      .send(
        new PutEvaluationsCommand({
          ResultToken: 't',
          Evaluations: Array.from({ length: 101 }, (_, i) => evaluation(i)),
        }),
      )
      .catch((e: Error) => e);
    expect(tooMany).to.be.instanceOf(Error).with.property('name', 'ValidationException');
    expect([...fake.stats().verdicts]).to.deep.equal([['dw-1', 'COMPLIANT']]);
  });
});
