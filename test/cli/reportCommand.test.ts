import { expect } from 'chai';
import { runCli } from '../../src/cli/runCli.ts';
import { type FakeAggregator, type FakeResult, fakeAggregator } from '../support/fakeAws/aggregator.ts';
import { type HttpStub, startHttpStub } from '../support/fakeAws/httpStub.ts';
import { testIo } from '../support/testIo.ts';

const CLUSTER_RULE = 'redshift-evr-enhanced-vpc-routing-conformance-pack-a1b2c3d4';
const WORKGROUP_RULE = 'redshift-evr-serverless-enhanced-vpc-routing-conformance-pack-e5f6g7h8';
const READY =
  'Enhanced VPC routing is off. Ready to remediate: S3 reachable via S3 gateway endpoint from both subnets, security groups and network ACLs open to it, VPC DNS on.';
const FIX_FIRST =
  'Enhanced VPC routing is off. Fix first: No S3 route from subnet-1 (rtb-1); add an S3 gateway endpoint to rtb-1.';
const ON = 'Enhanced VPC routing is on.';
const NOT_IN_VPC = 'Cluster is not in a VPC; enhanced VPC routing does not apply.';

const cluster = (
  accountId: string,
  region: string,
  resourceId: string,
  complianceType: FakeResult['complianceType'],
  annotation?: string,
): FakeResult => ({
  ruleName: CLUSTER_RULE,
  accountId,
  region,
  resourceType: 'AWS::Redshift::Cluster',
  resourceId,
  complianceType,
  ...(annotation === undefined ? {} : { annotation }),
});

/**
 * Two member accounts, two Regions, both rules under the pack's names, and a rule of someone else's. The
 * NOT_APPLICABLE result is never answered (aggregators keep none); `ops` has no annotation (AWS makes it optional).
 */
const ORG: FakeAggregator = {
  pageSize: 2,
  results: [
    cluster('111111111111', 'eu-west-1', 'etl-prod', 'NON_COMPLIANT', FIX_FIRST),
    cluster('111111111111', 'eu-west-1', 'bi', 'COMPLIANT', ON),
    cluster('111111111111', 'eu-west-1', 'legacy', 'NOT_APPLICABLE', NOT_IN_VPC),
    cluster('111111111111', 'eu-west-1', 'ops', 'NON_COMPLIANT'),
    cluster('222222222222', 'us-east-1', 'ledger', 'NON_COMPLIANT', READY),
    cluster('222222222222', 'eu-west-1', 'dw', 'NON_COMPLIANT', FIX_FIRST),
    {
      ruleName: WORKGROUP_RULE,
      accountId: '222222222222',
      region: 'us-east-1',
      resourceType: 'AWS::RedshiftServerless::Workgroup',
      resourceId: 'analytics',
      complianceType: 'NON_COMPLIANT',
      annotation: READY,
    },
    {
      ruleName: 's3-bucket-versioning-enabled-conformance-pack-zz',
      accountId: '111111111111',
      region: 'eu-west-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'logs',
      complianceType: 'NON_COMPLIANT',
    },
  ],
};

describe('redshift-evr report --aggregator (AWS Config over the HTTP stub)', () => {
  // A test may start several stubs (one per run): each is closed after it.
  const stubs: HttpStub[] = [];
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.AWS_ENDPOINT_URL;
  });
  afterEach(async () => {
    await Promise.all(stubs.splice(0).map((s) => s.close()));
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
  });

  const run = async (fake: FakeAggregator, args: string[]) => {
    const stub = await startHttpStub(fakeAggregator(fake));
    stubs.push(stub);
    process.env.AWS_ENDPOINT_URL = stub.url;
    const io = testIo();
    const code = await runCli(['report', ...args], io);
    return { code, out: io.out(), err: io.err(), stub, io };
  };

  it("finds the pack's rules, reads every account and Region across pages (a throttled first answer retried), ready first", async () => {
    const { code, out, err, stub } = await run(
      {
        ...ORG,
        throttleOnce: ['DescribeAggregateComplianceByConfigRules', 'GetAggregateComplianceDetailsByConfigRule'],
      },
      ['--aggregator', 'org', '--format', 'json'],
    );
    expect(err).to.equal('');
    expect(code).to.equal(1);
    const report = JSON.parse(out);
    expect(report).to.include({ aggregator: 'org', controlId: null });
    expect(report.accounts).to.deep.equal(['111111111111', '222222222222']);
    expect(report.regions).to.deep.equal(['eu-west-1', 'us-east-1']);
    expect(report.controlIds).to.deep.equal(['Redshift.7', 'RedshiftServerless.1']);
    // No NOT_APPLICABLE: an aggregator keeps none (legacy, not in a VPC, is not listed).
    expect(report.summary).to.deep.equal({ COMPLIANT: 1, NON_COMPLIANT: 5, NOT_APPLICABLE: 0, readyToRemediate: 2 });
    const rows = report.evaluations.map(
      (e: Record<string, string>) => `${e.complianceType} ${e.kind} ${e.clusterIdentifier} ${e.accountId} ${e.region}`,
    );
    expect(rows).to.deep.equal([
      'NON_COMPLIANT cluster ledger 222222222222 us-east-1',
      'NON_COMPLIANT workgroup analytics 222222222222 us-east-1',
      'NON_COMPLIANT cluster etl-prod 111111111111 eu-west-1',
      'NON_COMPLIANT cluster ops 111111111111 eu-west-1',
      'NON_COMPLIANT cluster dw 222222222222 eu-west-1',
      'COMPLIANT cluster bi 111111111111 eu-west-1',
    ]);
    const [ledger, analytics, etl, ops, , bi] = report.evaluations;
    // What the annotation says for certain, and nothing the aggregator cannot know.
    expect(ledger).to.include({
      enhancedVpcRouting: false,
      prerequisitesMet: true,
      clusterStatus: null,
      publiclyAccessible: null,
      vpcId: null,
      clusterArn: null,
      controlId: 'Redshift.7',
      severity: 'MEDIUM',
      configRuleName: CLUSTER_RULE,
      observedAt: '2026-11-28T09:00:00.000Z',
      annotation: READY,
    });
    expect(ledger.subnets).to.deep.equal([]);
    expect(ledger.problems).to.deep.equal([]);
    expect(analytics).to.include({
      controlId: 'RedshiftServerless.1',
      severity: 'HIGH',
      configRuleName: WORKGROUP_RULE,
    });
    expect(etl).to.include({ enhancedVpcRouting: false, prerequisitesMet: false });
    expect(bi).to.include({ enhancedVpcRouting: true, prerequisitesMet: null });
    expect(ops).to.include({ enhancedVpcRouting: null, prerequisitesMet: null, annotation: '' });
    // Every (rule, account, Region) of ours, in pages of at most 100; the other rule is never read.
    const details = stub.requests
      .filter((r) => r.operation === 'GetAggregateComplianceDetailsByConfigRule')
      .map((r) => JSON.parse(r.body));
    expect(details.every((b) => b.Limit === 100 && b.ConfigurationAggregatorName === 'org')).to.equal(true);
    expect(details.map((b) => b.ConfigRuleName)).not.to.include('s3-bucket-versioning-enabled-conformance-pack-zz');
    const pairs = new Set(details.map((b) => `${b.ConfigRuleName} ${b.AccountId} ${b.AwsRegion}`));
    expect(pairs).to.deep.equal(
      new Set([
        `${CLUSTER_RULE} 111111111111 eu-west-1`,
        `${CLUSTER_RULE} 222222222222 us-east-1`,
        `${CLUSTER_RULE} 222222222222 eu-west-1`,
        `${WORKGROUP_RULE} 222222222222 us-east-1`,
      ]),
    );
    // The three results of one pair took two pages; the throttled calls were answered on retry.
    expect(details.filter((b) => b.NextToken === '2')).to.have.length(1);
    const listing = stub.requests.filter((r) => r.operation === 'DescribeAggregateComplianceByConfigRules');
    // Five aggregated rules (ours and the bucket rule), two a page; the first answer was throttled.
    expect(listing.map((r) => JSON.parse(r.body).NextToken)).to.deep.equal([undefined, undefined, '2', '4']);
  });

  it('prints a table with each account and Region, the ready ones first, and counts per account and per Region', async () => {
    const { code, out } = await run(ORG, ['--aggregator', 'org']);
    expect(code).to.equal(1);
    const lines = out.split('\n');
    expect(lines[0]).to.match(/^STATUS +KIND +NAME +ACCOUNT +REGION +EVR +DETAIL$/);
    expect(lines[1]).to.match(/^NON_COMPLIANT +cluster +ledger +222222222222 +us-east-1 +off +ready to remediate$/);
    expect(lines[2]).to.match(
      /^NON_COMPLIANT +workgroup +analytics +222222222222 +us-east-1 +off +ready to remediate$/,
    );
    // The EVR column says what the annotation says; the detail leaves out what the column shows.
    expect(out).to.match(/ ops +111111111111 +eu-west-1 +\? +-\n/);
    expect(out).to.match(/ etl-prod +111111111111 +eu-west-1 +off +Fix first: No S3 route from subnet-1/);
    expect(out).not.to.contain('legacy');
    expect(out).to.contain(
      '5 clusters (Redshift.7), 1 workgroup (RedshiftServerless.1) in 2 accounts, 2 Regions (aggregator org): 1 COMPLIANT, 5 NON_COMPLIANT (2 ready to remediate), 0 NOT_APPLICABLE\n' +
        'Not listed: resources the rules found NOT_APPLICABLE (exempt, not in a VPC), which aggregators do not keep; redshift-evr scan lists them.\n',
    );
    expect(out).to.contain(
      'per account:\n  111111111111  1 COMPLIANT, 2 NON_COMPLIANT (0 ready to remediate), 0 NOT_APPLICABLE\n  222222222222  0 COMPLIANT, 3 NON_COMPLIANT (2 ready to remediate), 0 NOT_APPLICABLE',
    );
    expect(out).to.contain(
      'per Region:\n  eu-west-1  1 COMPLIANT, 3 NON_COMPLIANT (0 ready to remediate), 0 NOT_APPLICABLE\n  us-east-1  0 COMPLIANT, 2 NON_COMPLIANT (2 ready to remediate), 0 NOT_APPLICABLE',
    );
  });

  it('renders CSV, OCSF and ASFF with every entry in its account and Region, claiming no unknown fact', async () => {
    const csv = (await run(ORG, ['--aggregator', 'org', '--format', 'csv'])).out.split('\r\n');
    expect(csv[0]).to.match(/^account_id,region,kind,/);
    expect(csv.filter((l) => l.startsWith('222222222222,us-east-1,workgroup,'))).to.have.length(1);
    // ops (no annotation): the EVR flag, the status and the VPC are empty, not "false".
    const ops = csv.find((l) => l.includes(',ops,')) ?? '';
    expect(ops).to.match(/^111111111111,eu-west-1,cluster,,ops,Redshift\.7,NON_COMPLIANT,MEDIUM,,,,,/);
    const ocsf = JSON.parse((await run(ORG, ['--aggregator', 'org', '--format', 'ocsf'])).out);
    expect(ocsf).to.have.length(6);
    for (const event of ocsf) {
      expect(event.cloud.account.uid).to.match(/^\d{12}$/);
      expect(event.cloud.region).to.be.oneOf(['eu-west-1', 'us-east-1']);
    }
    // ASFF needs each resource's ARN: a cluster's follows from its name (a workgroup's does not).
    const asffRun = await run(ORG, ['--aggregator', 'org', '--format', 'asff', '--rule', CLUSTER_RULE]);
    expect(asffRun.err).to.equal('');
    const asff = JSON.parse(asffRun.out);
    const where = (f: { AwsAccountId: string; Resources: { Region: string }[] }) =>
      `${f.AwsAccountId} ${f.Resources[0]?.Region}`;
    expect(asff.map(where)).to.have.members([
      '222222222222 us-east-1',
      '111111111111 eu-west-1',
      '222222222222 eu-west-1',
      '111111111111 eu-west-1',
      '111111111111 eu-west-1',
    ]);
    const ledger = asff.find((f: { Resources: { Id: string }[] }) => f.Resources[0]?.Id.endsWith(':ledger'));
    expect(ledger.Resources[0].Details.AwsRedshiftCluster).to.deep.equal({
      ClusterIdentifier: 'ledger',
      EnhancedVpcRouting: false,
    });
    const opsAsff = asff.find((f: { Resources: { Id: string }[] }) => f.Resources[0]?.Id.endsWith(':ops'));
    expect(opsAsff.Resources[0].Details.AwsRedshiftCluster).to.deep.equal({ ClusterIdentifier: 'ops' });
  });

  it('reads exactly the rules given with --rule, and narrows to --account and --region', async () => {
    const custom: FakeAggregator = {
      results: [
        { ...cluster('333333333333', 'eu-west-1', 'one', 'NON_COMPLIANT', FIX_FIRST), ruleName: 'my-evr-rule' },
        { ...cluster('444444444444', 'eu-west-1', 'two', 'COMPLIANT', ON), ruleName: 'my-evr-rule' },
        { ...cluster('333333333333', 'us-east-1', 'three', 'COMPLIANT', ON), ruleName: 'my-evr-rule' },
      ],
    };
    const { code, out, stub } = await run(custom, [
      '--aggregator',
      'org',
      '--rule',
      'my-evr-rule',
      '--account',
      '333333333333',
      '--region',
      'eu-west-1',
      '--format',
      'json',
    ]);
    expect(code).to.equal(1);
    expect(JSON.parse(out).evaluations.map((e: { clusterIdentifier: string }) => e.clusterIdentifier)).to.deep.equal([
      'one',
    ]);
    const details = stub.requests.filter((r) => r.operation === 'GetAggregateComplianceDetailsByConfigRule');
    expect(details.map((r) => JSON.parse(r.body).AccountId)).to.deep.equal(['333333333333']);
  });

  it('asks AWS Config for NON_COMPLIANT results only with --fails-only', async () => {
    const { out, stub } = await run(ORG, ['--aggregator', 'org', '--format', 'json', '--fails-only']);
    const report = JSON.parse(out);
    expect(report.evaluations.every((e: { complianceType: string }) => e.complianceType === 'NON_COMPLIANT')).to.equal(
      true,
    );
    expect(report.evaluations).to.have.length(5);
    const bodies = stub.requests
      .filter((r) => r.operation === 'GetAggregateComplianceDetailsByConfigRule')
      .map((r) => JSON.parse(r.body));
    expect(bodies.every((b) => b.ComplianceType === 'NON_COMPLIANT')).to.equal(true);
  });

  it('names the rules it found and how to pass --rule when none is ours', async () => {
    const { code, err } = await run(
      { results: [{ ...cluster('111111111111', 'eu-west-1', 'x', 'COMPLIANT', ON), ruleName: 'evr-custom' }] },
      ['--aggregator', 'org'],
    );
    expect(code).to.equal(2);
    expect(err).to.equal(
      "error: Aggregator org holds no results of the redshift-evr rules (redshift-evr-enhanced-vpc-routing, redshift-evr-serverless-enhanced-vpc-routing, or those names with a conformance pack's suffix); its rules: evr-custom. If one of them is a redshift-evr rule named otherwise, pass it with --rule NAME (repeatable).\n",
    );
    const unknown = await run(ORG, ['--aggregator', 'org', '--rule', 'nope']);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.match(
      /^error: Aggregator org holds no results of --rule "nope"; its rules: redshift-evr-enhanced/,
    );
  });

  it('uses the only aggregator there is and says so, or says how to find one', async () => {
    const one = await run(ORG, ['--format', 'json']);
    expect(one.code).to.equal(1);
    expect(one.err).to.equal('note: using aggregator org, the only one in us-east-1 (--aggregator NAME to choose).\n');
    expect(JSON.parse(one.out).aggregator).to.equal('org');
    const none = await run({ ...ORG, aggregators: [] }, []);
    expect(none.code).to.equal(2);
    expect(none.err).to.match(
      /^error: No configuration aggregator in us-east-1\. Pass --aggregator NAME and --aggregator-region .*"aws configservice describe-configuration-aggregators --region us-east-1" lists them/,
    );
    const several = await run({ ...ORG, aggregators: ['org', 'security', 'audit'], pageSize: 2 }, []);
    expect(several.code).to.equal(2);
    expect(several.err).to.equal(
      'error: 3 configuration aggregators in us-east-1 (org, security, audit): pass --aggregator NAME.\n',
    );
  });

  it('says where to look for an aggregator that does not exist', async () => {
    const { code, err } = await run(ORG, ['--aggregator', 'nosuch', '--aggregator-region', 'eu-west-1']);
    expect(code).to.equal(2);
    expect(err).to.match(
      /^error: No configuration aggregator "nosuch" in eu-west-1: check --aggregator, and pass --aggregator-region/,
    );
  });

  it('names the denied action', async () => {
    const { code, err, out } = await run({ ...ORG, deny: ['GetAggregateComplianceDetailsByConfigRule'] }, [
      '--aggregator',
      'org',
    ]);
    expect(code).to.equal(2);
    expect(out).to.equal('');
    expect(err).to.equal(
      "error: config:GetAggregateComplianceDetailsByConfigRule was denied (AccessDeniedException). Check the credentials' permissions and Region.\n",
    );
  });

  it('refuses bad input before any call, naming the flag', async () => {
    for (const [args, message] of [
      [['--account', '12'], '--account "12" is not an account id (12 digits).'],
      [['--region', 'moon-1'], '--region "moon-1" is not a Region name such as eu-west-1.'],
      [['--aggregator-region', 'moon'], '--aggregator-region "moon" is not a Region name such as eu-west-1.'],
      [
        ['--aggregator', 'a b'],
        '--aggregator "a b" is not an aggregator name (letters, digits, _ and -, at most 256).',
      ],
    ] as const) {
      const { code, err, stub } = await run(ORG, [...args]);
      expect(code, args.join(' ')).to.equal(2);
      expect(err).to.equal(`error: ${message}\n`);
      expect(stub.requests).to.deep.equal([]);
    }
  });

  it('prints its help', async () => {
    const io = testIo();
    expect(await runCli(['report', '--help'], io)).to.equal(0);
    expect(io.out()).to.match(/^Usage: redshift-evr report --aggregator NAME/);
  });
});
