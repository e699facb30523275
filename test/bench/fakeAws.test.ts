import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import {
  DescribeRouteTablesCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  paginateDescribeRouteTables,
} from '@aws-sdk/client-ec2';
import { paginateDescribeClusters, RedshiftClient } from '@aws-sdk/client-redshift';
import { expect } from 'chai';
import { buildEstate } from '../../bench/estate.ts';
import { type FakeAws, startFakeAws } from '../../bench/fakeAws.ts';

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
