import {
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeClusterSubnetGroupsCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { AwsCallError } from '../../src/errors.ts';
import {
  cluster,
  prefixLists,
  REGION,
  routes,
  routeTable,
  subnetGroup,
  vpcEndpoint,
} from '../support/fakeAws/builders.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients } from '../support/recordAccount.ts';

describe('liveFactSource', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const source = () => liveFactSource(fakeClients(), REGION);

  it('reads the second page of DescribeClusters', async () => {
    redshift()
      .on(DescribeClustersCommand, { Marker: undefined })
      .resolves({ Clusters: [cluster({ id: 'a' })], Marker: 'm2' })
      .on(DescribeClustersCommand, { Marker: 'm2' })
      .resolves({ Clusters: [cluster({ id: 'b' })] });
    const clusters = await source().describeClusters();
    expect(clusters.map((c) => c.ClusterIdentifier)).to.deep.equal(['a', 'b']);
    expect(redshift().commandCalls(DescribeClustersCommand)).to.have.length(2);
  });

  it('looks one cluster up by identifier and treats ClusterNotFoundFault as none', async () => {
    redshift().on(DescribeClustersCommand).rejects(serviceError('ClusterNotFoundFault'));
    expect(await source().describeClusters('gone')).to.deep.equal([]);
    expect(redshift().commandCalls(DescribeClustersCommand)[0]?.args[0].input).to.include({
      ClusterIdentifier: 'gone',
    });
  });

  it('reads the second page of DescribeClusterSubnetGroups', async () => {
    redshift()
      .on(DescribeClusterSubnetGroupsCommand, { Marker: undefined })
      .resolves({ ClusterSubnetGroups: [subnetGroup('g1', 'vpc-1', ['subnet-1'])], Marker: 'p2' })
      .on(DescribeClusterSubnetGroupsCommand, { Marker: 'p2' })
      .resolves({ ClusterSubnetGroups: [subnetGroup('g2', 'vpc-2', ['subnet-2'])] });
    const groups = await source().describeClusterSubnetGroups();
    expect(groups.map((g) => g.ClusterSubnetGroupName)).to.deep.equal(['g1', 'g2']);
  });

  it('filters route tables by a batch of VPCs and reads the second page', async () => {
    ec2()
      .on(DescribeRouteTablesCommand, { NextToken: undefined })
      .resolves({
        RouteTables: [routeTable('rtb-1', 'vpc-1', { main: true, routes: [routes.local()] })],
        NextToken: 't2',
      })
      .on(DescribeRouteTablesCommand, { NextToken: 't2' })
      .resolves({ RouteTables: [routeTable('rtb-2', 'vpc-2', { main: true, routes: [routes.local()] })] });
    const tables = await source().describeRouteTables(['vpc-1', 'vpc-2']);
    expect(tables.map((t) => t.RouteTableId)).to.deep.equal(['rtb-1', 'rtb-2']);
    const first = ec2().commandCalls(DescribeRouteTablesCommand)[0]?.args[0].input;
    expect(first?.Filters).to.deep.equal([{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }]);
  });

  it('filters VPC endpoints by a batch of VPCs and reads the second page', async () => {
    ec2()
      .on(DescribeVpcEndpointsCommand, { NextToken: undefined })
      .resolves({ VpcEndpoints: [vpcEndpoint('vpce-1', 'vpc-1', {})], NextToken: 't2' })
      .on(DescribeVpcEndpointsCommand, { NextToken: 't2' })
      .resolves({ VpcEndpoints: [vpcEndpoint('vpce-2', 'vpc-2', {})] });
    const endpoints = await source().describeVpcEndpoints(['vpc-1', 'vpc-2']);
    expect(endpoints.map((e) => e.VpcEndpointId)).to.deep.equal(['vpce-1', 'vpce-2']);
    expect(ec2().commandCalls(DescribeVpcEndpointsCommand)[1]?.args[0].input.Filters).to.deep.equal([
      { Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] },
      {
        Name: 'service-name',
        Values: [
          'com.amazonaws.us-east-1.s3',
          'cn.com.amazonaws.us-east-1.s3',
          'com.amazonaws.us-east-1.glue',
          'cn.com.amazonaws.us-east-1.glue',
          'com.amazonaws.us-east-1.dynamodb',
          'cn.com.amazonaws.us-east-1.dynamodb',
        ],
      },
    ]);
  });

  it('reads the second page of DescribePrefixLists', async () => {
    const [s3, dynamo] = prefixLists();
    ec2()
      .on(DescribePrefixListsCommand, { NextToken: undefined })
      .resolves({ PrefixLists: [dynamo ?? {}], NextToken: 't2' })
      .on(DescribePrefixListsCommand, { NextToken: 't2' })
      .resolves({ PrefixLists: [s3 ?? {}] });
    expect((await source().describePrefixLists()).map((p) => p.PrefixListName)).to.deep.equal([
      'com.amazonaws.us-east-1.dynamodb',
      'com.amazonaws.us-east-1.s3',
    ]);
  });

  it('reads each DNS attribute of a VPC', async () => {
    ec2()
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: true } })
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: false } });
    expect(await source().describeVpcAttribute('vpc-1', 'enableDnsSupport')).to.equal(true);
    expect(await source().describeVpcAttribute('vpc-1', 'enableDnsHostnames')).to.equal(false);
  });

  it('treats a DescribeVpcAttribute answer without a value as a failed call, not as "off"', async () => {
    ec2().on(DescribeVpcAttributeCommand).resolves({ VpcId: 'vpc-1' });
    const error = await source()
      .describeVpcAttribute('vpc-1', 'enableDnsHostnames')
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error).to.be.instanceOf(AwsCallError);
    expect(error?.message).to.equal('ec2:DescribeVpcAttribute returned no enableDnsHostnames value for vpc-1');
  });

  const denied = () => serviceError('UnauthorizedOperation', 'You are not authorized to perform this operation.');
  type Source = ReturnType<typeof source>;
  const denials: [string, () => void, (s: Source) => Promise<unknown>][] = [
    [
      'ec2:DescribeRouteTables',
      () => ec2().on(DescribeRouteTablesCommand).rejects(denied()),
      (s) => s.describeRouteTables(['vpc-1']),
    ],
    [
      'ec2:DescribeVpcEndpoints',
      () => ec2().on(DescribeVpcEndpointsCommand).rejects(denied()),
      (s) => s.describeVpcEndpoints(['vpc-1']),
    ],
    [
      'ec2:DescribePrefixLists',
      () => ec2().on(DescribePrefixListsCommand).rejects(denied()),
      (s) => s.describePrefixLists(),
    ],
    [
      'ec2:DescribeVpcAttribute',
      () => ec2().on(DescribeVpcAttributeCommand).rejects(denied()),
      (s) => s.describeVpcAttribute('vpc-1', 'enableDnsSupport'),
    ],
  ];
  for (const [operation, deny, call] of denials) {
    it(`turns AccessDenied on ${operation} into an AwsCallError that names the call`, async () => {
      deny();
      const error = await call(source()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(AwsCallError);
      expect((error as AwsCallError).message).to.equal(`${operation} was denied (UnauthorizedOperation)`);
      expect((error as AwsCallError).cause).to.have.property('name', 'UnauthorizedOperation');
    });
  }
});
