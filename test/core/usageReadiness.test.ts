import { expect } from 'chai';
import { evaluateCluster } from '../../src/core/evaluateCluster.ts';
import type { ClusterFacts, ServiceEndpoint, VpcNetworkFacts } from '../../src/core/types.ts';
import type { ResourceUsage, UsageFacts } from '../../src/core/usage.ts';
import {
  aCluster,
  aWorkgroup,
  defaultRouteTo,
  EVALUATED_AT,
  endpointRoute,
  failedCall,
  igwRoute,
  known,
  natRoute,
  networkWithRoutes,
  options,
  unknown,
} from '../support/coreFixtures.ts';

/** Usage found by discovery, in us-east-1 (the fixtures' Region). */
const usage = (over: Partial<ResourceUsage> = {}): UsageFacts => ({
  region: 'us-east-1',
  usage: known({ lookBackDays: 30, buckets: [], externalSchemas: [], copySources: [], truncated: false, ...over }),
});
const bucket = (name: string, region: string, uses: ResourceUsage['buckets'][number]['uses'] = ['load']) => ({
  bucket: name,
  uses,
  region: known(region),
});
const anEndpoint = (over: Partial<ServiceEndpoint>): ServiceEndpoint => ({
  vpcEndpointId: 'vpce-glue',
  vpcId: 'vpc-0a1',
  service: 'glue',
  type: 'Interface',
  routeTableIds: [],
  privateDnsEnabled: true,
  ...over,
});
/** S3 through a gateway endpoint only: no NAT, no internet gateway. */
const endpointOnly = (over: Partial<VpcNetworkFacts> = {}) =>
  networkWithRoutes([endpointRoute()], { serviceEndpoints: known([]), ...over });

const evaluate = (network: VpcNetworkFacts, facts: UsageFacts, cluster: ClusterFacts = aCluster()) =>
  evaluateCluster(cluster, network, options(), EVALUATED_AT, facts);

describe('readiness from usage', () => {
  it('is ready when every bucket in use is in the Region and the gateway endpoint serves it', () => {
    const result = evaluate(endpointOnly(), usage({ buckets: [bucket('etl-raw', 'us-east-1')] }));
    expect(result.prerequisitesMet).to.equal(true);
    expect(result.missing).to.deep.equal([]);
    expect(result.usage).to.deep.equal({
      lookBackDays: 30,
      buckets: [{ bucket: 'etl-raw', uses: ['load'], region: 'us-east-1' }],
      spectrum: false,
      externalSchemas: [],
      copySources: [],
      truncated: false,
      unverified: null,
    });
  });

  it('reports OTHER_REGION_PATH_MISSING, naming the bucket and its Region, when only an S3 gateway endpoint is there', () => {
    const result = evaluate(
      endpointOnly(),
      usage({ buckets: [bucket('etl-raw', 'us-east-1'), bucket('partner-drop-eu', 'eu-west-1', ['unload'])] }),
    );
    expect(result.prerequisitesMet).to.equal(false);
    expect(result.missing).to.deep.equal(['OTHER_REGION_PATH_MISSING']);
    const [problem] = result.problems;
    expect(problem?.subnetIds).to.deep.equal(['subnet-a', 'subnet-b']);
    expect(problem?.detail).to.equal(
      'COPY/UNLOAD use bucket in another Region (partner-drop-eu in eu-west-1); an S3 gateway endpoint serves its own Region only, and subnet-a, subnet-b have no NAT or internet path.',
    );
    expect(problem?.fix).to.equal('add a default route (0.0.0.0/0) to a NAT gateway in rtb-main');
    expect(result.annotation).to.include('partner-drop-eu (eu-west-1) needs a NAT/internet path');
  });

  it('accepts a NAT gateway for a private cluster, and an internet gateway only for a public one, for other-Region buckets', () => {
    const eu = usage({ buckets: [bucket('partner-drop-eu', 'eu-west-1')] });
    expect(evaluate(endpointOnly(networkWithRoutes([endpointRoute(), natRoute()])), eu).missing).to.deep.equal([]);
    const igw = networkWithRoutes([endpointRoute(), igwRoute()]);
    expect(evaluate(igw, eu).missing).to.deep.equal(['OTHER_REGION_PATH_MISSING']);
    expect(evaluate(igw, eu, aCluster({ publiclyAccessible: true })).missing).to.deep.equal([]);
  });

  it('leaves a provisioned cluster’s Spectrum-only bucket out of the path checks, but not a workgroup’s', () => {
    const spectrum = usage({ buckets: [bucket('datalake-us-west-2', 'us-west-2', ['spectrum'])] });
    expect(evaluate(endpointOnly(), spectrum).missing).to.deep.equal([]);
    expect(evaluate(endpointOnly(), spectrum, aWorkgroup()).missing).to.deep.equal(['OTHER_REGION_PATH_MISSING']);
  });

  it('reports GLUE_PATH_MISSING for a Data Catalog schema without a Glue endpoint or NAT, naming the schema', () => {
    const facts = usage({ externalSchemas: [{ schema: 'spectrum_sales', catalog: 'data-catalog', eskind: 1 }] });
    const result = evaluate(endpointOnly(), facts);
    expect(result.missing).to.deep.equal(['GLUE_PATH_MISSING']);
    expect(result.problems[0]?.detail).to.include('External schema spectrum_sales uses the AWS Glue Data Catalog');
    expect(result.problems[0]?.fix).to.include('--service-name com.amazonaws.us-east-1.glue');
    expect(result.usage?.spectrum).to.equal(true);
  });

  it('accepts a Glue interface endpoint with private DNS, not one without', () => {
    const facts = usage({ externalSchemas: [{ schema: 'spectrum_sales', catalog: 'data-catalog', eskind: 1 }] });
    const withDns = endpointOnly({ serviceEndpoints: known([anEndpoint({})]) });
    expect(evaluate(withDns, facts).missing).to.deep.equal([]);
    const withoutDns = endpointOnly({ serviceEndpoints: known([anEndpoint({ privateDnsEnabled: false })]) });
    expect(evaluate(withoutDns, facts).missing).to.deep.equal(['GLUE_PATH_MISSING']);
  });

  it('reports DYNAMODB_PATH_MISSING unless a DynamoDB gateway endpoint is on the subnets’ route table', () => {
    const facts = usage({ copySources: [{ kind: 'dynamodb', name: 'Movies' }] });
    const result = evaluate(endpointOnly(), facts);
    expect(result.missing).to.deep.equal(['DYNAMODB_PATH_MISSING']);
    expect(result.problems[0]?.detail).to.equal(
      'COPY reads DynamoDB table Movies; subnet-a, subnet-b have neither a DynamoDB gateway endpoint route nor a NAT or internet path.',
    );
    const dynamodb = anEndpoint({
      vpcEndpointId: 'vpce-ddb',
      service: 'dynamodb',
      type: 'Gateway',
      routeTableIds: ['rtb-main'],
    });
    expect(evaluate(endpointOnly({ serviceEndpoints: known([dynamodb]) }), facts).missing).to.deep.equal([]);
  });

  it('calls EMR and SSH sources unverified (not missing), naming them', () => {
    const facts = usage({
      copySources: [
        { kind: 'emr', name: 'j-SAMPLE2B500FC' },
        { kind: 'ssh', name: 's3://etl-raw/ssh_manifest' },
      ],
    });
    const result = evaluate(endpointOnly(), facts);
    expect(result.prerequisitesMet).to.equal(null);
    expect(result.missing).to.deep.equal(['USAGE_PATH_UNVERIFIED']);
    expect(result.problems.map((p) => p.detail)).to.deep.equal([
      'COPY reads from EMR cluster j-SAMPLE2B500FC: whether the subnets reach its nodes is not checked.',
      'COPY runs over SSH (manifest s3://etl-raw/ssh_manifest): whether the subnets reach the hosts in the manifest is not checked.',
    ]);
  });

  it('calls a bucket whose Region is unknown unverified, and the Glue path unverified when the endpoints were not read', () => {
    const facts: UsageFacts = usage({
      buckets: [
        { bucket: 'locked', uses: ['load'], region: unknown(failedCall('s3:GetBucketLocation', 'AccessDenied')) },
      ],
      externalSchemas: [{ schema: 'spectrum_sales', catalog: 'data-catalog', eskind: 1 }],
    });
    const result = evaluate(
      endpointOnly({ serviceEndpoints: unknown(failedCall('ec2:DescribeVpcEndpoints', 'UnauthorizedOperation')) }),
      facts,
    );
    expect(result.prerequisitesMet).to.equal(null);
    expect(result.missing).to.deep.equal(['USAGE_PATH_UNVERIFIED']);
    expect(result.problems.map((p) => p.resourceIds)).to.deep.equal([['locked'], ['spectrum_sales']]);
  });

  it('reports USAGE_UNVERIFIED when discovery failed, and never calls the cluster ready', () => {
    const facts: UsageFacts = {
      region: 'us-east-1',
      usage: unknown({ kind: 'usage-statement', outcome: 'timeout', detail: '60000 ms' }),
    };
    const result = evaluate(endpointOnly(), facts);
    expect(result.prerequisitesMet).to.equal(null);
    expect(result.missing).to.deep.equal(['USAGE_UNVERIFIED']);
    expect(result.problems[0]?.detail).to.equal(
      'The buckets and features in use could not be discovered: the usage discovery statement did not finish within 60000 ms (cancelled); what they need is unverified.',
    );
    expect(result.usage?.unverified).to.equal(
      'the usage discovery statement did not finish within 60000 ms (cancelled)',
    );
  });

  const unverifiedCases: { name: string; network: VpcNetworkFacts; facts: UsageFacts; detail: string; fix: string }[] =
    [
      {
        name: 'an other-Region bucket behind a default route to a transit gateway',
        network: networkWithRoutes([endpointRoute(), defaultRouteTo('transit-gateway', 'tgw-1')]),
        facts: usage({ buckets: [bucket('partner-drop-eu', 'eu-west-1')] }),
        detail:
          'partner-drop-eu needs a NAT or internet path (a bucket in another Region), and the default route of subnet-a, subnet-b goes to a target that cannot be verified.',
        fix: 'confirm that default route reaches the internet, or route 0.0.0.0/0 to a NAT gateway',
      },
      {
        name: 'COPY from DynamoDB when the VPC endpoints could not be read',
        network: endpointOnly({
          serviceEndpoints: unknown(failedCall('ec2:DescribeVpcEndpoints', 'UnauthorizedOperation')),
        }),
        facts: usage({ copySources: [{ kind: 'dynamodb', name: 'Movies' }] }),
        detail:
          "Movies needs a path to DynamoDB, and subnet-a, subnet-b have no NAT or internet path; the VPC's DynamoDB endpoints could not be read (ec2:DescribeVpcEndpoints was denied (UnauthorizedOperation)).",
        fix: 'grant ec2:DescribeVpcEndpoints, then scan again',
      },
      {
        name: 'a Hive metastore schema',
        network: endpointOnly(),
        facts: usage({ externalSchemas: [{ schema: 'hive_ext', catalog: 'hive-metastore', eskind: 2 }] }),
        detail: 'External schema hive_ext uses a Hive metastore: whether the subnets reach it is not checked.',
        fix: 'confirm the cluster reaches it once enhanced VPC routing is on (a route in the VPC, or a NAT or internet path): this tool cannot',
      },
      {
        name: 'two federated schemas',
        network: endpointOnly(),
        facts: usage({
          externalSchemas: [
            { schema: 'pg_orders', catalog: 'federated', eskind: 3 },
            { schema: 'mysql_crm', catalog: 'federated', eskind: 8 },
          ],
        }),
        detail:
          'External schemas pg_orders, mysql_crm are federated databases: whether the subnets reach them is not checked.',
        fix: 'confirm the cluster reaches it once enhanced VPC routing is on (a route in the VPC, or a NAT or internet path): this tool cannot',
      },
      {
        name: 'a streaming ingestion schema',
        network: endpointOnly(),
        facts: usage({ externalSchemas: [{ schema: 'clicks_kinesis', catalog: 'streaming', eskind: 9 }] }),
        detail:
          'External schema clicks_kinesis ingests from Amazon Kinesis or Amazon MSK: whether the subnets reach the stream is not checked.',
        fix: 'confirm the cluster reaches it once enhanced VPC routing is on (a route in the VPC, or a NAT or internet path): this tool cannot',
      },
    ];
  for (const c of unverifiedCases) {
    it(`calls ${c.name} USAGE_PATH_UNVERIFIED, with what to confirm`, () => {
      const result = evaluate(c.network, c.facts);
      expect(result.prerequisitesMet).to.equal(null);
      expect(result.missing).to.deep.equal(['USAGE_PATH_UNVERIFIED']);
      expect(result.problems.map((p) => [p.detail, p.fix])).to.deep.equal([[c.detail, c.fix]]);
      expect(result.annotation).to.match(/^Enhanced VPC routing is off\. Not verified safe to remediate: Usage: /);
    });
  }

  it('says what to do when the discovery statement failed inside the database', () => {
    const facts: UsageFacts = {
      region: 'us-east-1',
      usage: unknown({
        kind: 'usage-statement',
        outcome: 'FAILED',
        detail: 'ERROR: permission denied for relation stl_query',
      }),
    };
    const [problem] = evaluate(endpointOnly(), facts).problems;
    expect(problem?.detail).to.equal(
      'The buckets and features in use could not be discovered: the usage discovery statement failed (ERROR: permission denied for relation stl_query); what they need is unverified.',
    );
    expect(problem?.fix).to.equal(
      'check that the database user may read the system tables (SYSLOG ACCESS UNRESTRICTED), or name the buckets with --s3-bucket and leave out --discover-usage, then re-evaluate',
    );
  });

  it('says a statement was not started when the scan’s time had run out', () => {
    const facts: UsageFacts = {
      region: 'us-east-1',
      usage: unknown({ kind: 'usage-statement', outcome: 'not-started', detail: 'the scan’s --timeout had passed' }),
    };
    expect(evaluate(endpointOnly(), facts).usage?.unverified).to.equal(
      'the usage discovery statement was not started: the scan’s --timeout had passed',
    );
  });

  it('changes nothing without discovery: no usage in the evaluation', () => {
    const result = evaluateCluster(aCluster(), endpointOnly(), options(), EVALUATED_AT);
    expect(result).not.to.have.property('usage');
    expect(result.prerequisitesMet).to.equal(true);
  });
});
