import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fakeAggregator } from '../support/fakeAws/aggregator.ts';
import { emulatedAccount } from '../support/fakeAws/emulatedAccount.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { DENIED_READ, NO_ROLE, OK, organization, THROTTLED } from '../support/fakeAws/organization.ts';
import { type BinaryRun, cli } from '../support/runBinary.ts';

const DEMO = 'examples/demo-account.json';

/** A report without the times that differ between two runs. */
const timeless = (json: string) =>
  JSON.stringify(JSON.parse(json), (key, value) => (key === 'generatedAt' || key === 'observedAt' ? undefined : value));

describe('redshift-evr (built binary)', () => {
  it('says the right thing for a deleting and a broken cluster whose network is ready (edited demo snapshot)', async () => {
    const snapshot = JSON.parse(await readFile(DEMO, 'utf8'));
    const status = (id: string, value: string) => {
      const found = snapshot.redshift.clusters.find((c: { ClusterIdentifier: string }) => c.ClusterIdentifier === id);
      found.ClusterStatus = value;
    };
    status('etl-prod', 'deleting');
    status('partner-share', 'hardware-failure');
    const file = join(await mkdtemp(join(tmpdir(), 'states-')), 'edited.json');
    await writeFile(file, JSON.stringify(snapshot));
    const table = await cli(['scan', '--snapshot', file]);
    const row = (id: string) => table.stdout.split('\n').find((l) => l.includes(` ${id} `)) ?? '';
    expect(row('etl-prod')).to.match(/deleting: it is being deleted; nothing to remediate$/);
    expect(row('partner-share')).to.match(/hardware-failure: Redshift refuses changes in this state; resolve it/);
    const json = JSON.parse((await cli(['scan', '--snapshot', file, '--format', 'json'])).stdout);
    const annotation = (id: string) =>
      json.evaluations.find((e: { clusterIdentifier: string }) => e.clusterIdentifier === id).annotation as string;
    expect(annotation('etl-prod')).to.equal(
      'Enhanced VPC routing is off. Cluster is deleting: it is being deleted; nothing to remediate. Network prerequisites are met.',
    );
    expect(annotation('partner-share')).not.to.contain('Ready to remediate');
    expect(json.summary.readyToRemediate).to.be.a('number');
    for (const id of ['etl-prod', 'partner-share']) expect(annotation(id), id).not.to.contain('Ready to remediate');
  });

  it('scans the demo snapshot to the documented JSON report and exits 1', async () => {
    const run = await cli(['scan', '--snapshot', DEMO, '--format', 'json', '--exemption-tag-key', 'evr-exempt']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal('');
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).to.deep.equal([
      'region',
      'regions',
      'controlId',
      'controlIds',
      'generatedAt',
      'evaluations',
      'summary',
    ]);
    // Both kinds were scanned: no single control; controlIds names both.
    expect(report).to.include({ controlId: null });
    expect(report.controlIds).to.deep.equal(['Redshift.7', 'RedshiftServerless.1']);
    expect(report.regions).to.deep.equal(['us-east-1']);
    expect(report.region).to.equal('us-east-1');
    // 15 clusters and 2 workgroups; ready: etl-prod, legacy-dw, marketing-public and analytics-serverless.
    expect(report.summary).to.deep.equal({ COMPLIANT: 2, NON_COMPLIANT: 13, NOT_APPLICABLE: 2, readyToRemediate: 4 });
    const byId = Object.fromEntries(
      report.evaluations.map((e: { clusterIdentifier: string }) => [e.clusterIdentifier, e]),
    );
    expect(Object.keys(byId['etl-prod'])).to.deep.equal([
      'kind',
      'clusterIdentifier',
      'clusterArn',
      'accountId',
      'complianceType',
      'annotation',
      'enhancedVpcRouting',
      'publiclyAccessible',
      'clusterStatus',
      'vpcId',
      'prerequisitesMet',
      'missing',
      'subnets',
      'problems',
      'exemption',
      'ignoredExemption',
      'region',
      'controlId',
      'severity',
      'observedAt',
    ]);
    expect(byId['etl-prod']).to.include({
      kind: 'cluster',
      clusterArn: 'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
      accountId: '111122223333',
      region: 'us-east-1',
      controlId: 'Redshift.7',
      severity: 'MEDIUM',
    });
    // The snapshot's capture time.
    expect(byId['etl-prod'].observedAt).to.equal(JSON.parse(await readFile(DEMO, 'utf8')).capturedAt);
    expect(byId['etl-prod']).to.include({ complianceType: 'NON_COMPLIANT', prerequisitesMet: true });
    expect(byId['finance-ledger'].missing).to.deep.equal(['S3_ROUTE_MISSING']);
    expect(byId['finance-ledger'].subnets.map((s: { s3Path: string }) => s.s3Path)).to.deep.equal([
      'GATEWAY_ENDPOINT',
      'GATEWAY_ENDPOINT',
      'NONE',
    ]);
    expect(byId['marketing-public'].subnets[0].s3Path).to.equal('INTERNET_GATEWAY');
    expect(byId['legacy-dw'].subnets[0].s3Path).to.equal('NAT_GATEWAY');
    expect(byId['hub-analytics']).to.include({ prerequisitesMet: null });
    expect(byId['hub-analytics'].subnets[0].s3Path).to.equal('OTHER');
    expect(byId['sandbox-isolated'].missing).to.deep.equal(['S3_ROUTE_MISSING', 'DNS_HOSTNAMES_DISABLED']);
    expect(byId['audit-vault'].missing).to.deep.equal(['NETWORK_UNVERIFIED']);
    expect(byId['partner-share'].exemption).to.deep.equal({
      tagKey: 'evr-exempt',
      reason: 'Vendor-managed; risk accepted in SEC-1432 until 2027-03-31',
      // The snapshot was captured in 2026: the exemption holds, through 2027-03-31 (UTC).
      until: '2027-03-31',
    });
    expect(byId['classic-import']).to.include({ complianceType: 'NOT_APPLICABLE', vpcId: null });
    expect(byId['analytics-serverless']).to.deep.include({
      kind: 'workgroup',
      clusterArn: 'arn:aws:redshift-serverless:us-east-1:111122223333:workgroup/7b10233c-0000-4000-8000-000000000000',
      accountId: '111122223333',
      clusterStatus: 'AVAILABLE',
      controlId: 'RedshiftServerless.1',
      severity: 'HIGH',
      complianceType: 'NON_COMPLIANT',
      prerequisitesMet: true,
      missing: [],
    });
    expect(byId['analytics-serverless'].annotation).to.match(/^Enhanced VPC routing is off\. Ready to remediate/);
    expect(byId['adhoc-serverless']).to.deep.include({
      kind: 'workgroup',
      controlId: 'RedshiftServerless.1',
      complianceType: 'NON_COMPLIANT',
      prerequisitesMet: false,
      missing: ['S3_ROUTE_MISSING', 'DNS_HOSTNAMES_DISABLED'],
    });
    for (const e of report.evaluations) expect(e.annotation.length).to.be.at.most(256);
  });

  it('prints a table with a summary line (npm run demo)', async () => {
    const run = await cli(['scan', '--snapshot', DEMO, '--exemption-tag-key', 'evr-exempt']);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/^STATUS +KIND +NAME +VPC +EVR +DETAIL\n/);
    expect(run.stdout).to.match(/\nNON_COMPLIANT +cluster +etl-prod +vpc-0\w+ +off +ready to remediate\n/);
    expect(run.stdout).to.match(
      /\nNON_COMPLIANT +workgroup +analytics-serverless +vpc-0\w+ +off +ready to remediate\n/,
    );
    expect(run.stdout).to.contain(
      '15 clusters (Redshift.7), 2 workgroups (RedshiftServerless.1) in us-east-1: 2 COMPLIANT, 13 NON_COMPLIANT (4 ready to remediate), 2 NOT_APPLICABLE',
    );
  });

  it('npm run demo succeeds: its noncompliant clusters are the point of the demo', async () => {
    const run = await new Promise<BinaryRun>((resolve) => {
      execFile('node', ['scripts/demo.mjs'], (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, rawStderr: stderr });
      });
    });
    expect(run.code).to.equal(0);
    expect(run.stdout).to.contain(
      '15 clusters (Redshift.7), 2 workgroups (RedshiftServerless.1) in us-east-1: 2 COMPLIANT',
    );
  });

  it('exits 0 when nothing is noncompliant', async () => {
    const run = await cli(['scan', '--snapshot', DEMO, '--cluster', 'bi-reporting']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.contain('1 cluster (Redshift.7) in us-east-1: 1 COMPLIANT, 0 NON_COMPLIANT');
  });

  it('turns a compliant cluster noncompliant with --prerequisite-mode enforce', async () => {
    const run = await cli([
      'scan',
      '--snapshot',
      DEMO,
      '--cluster',
      'ops-metrics',
      '--prerequisite-mode',
      'enforce',
      '--format',
      'json',
    ]);
    expect(run.code).to.equal(1);
    expect(JSON.parse(run.stdout).evaluations[0]).to.include({ complianceType: 'NON_COMPLIANT' });
  });

  const usage: [string, string[], RegExp][] = [
    [
      'an unknown option',
      ['scan', '--snapshot', DEMO, '--colour'],
      /^error: Unknown option '--colour'\. Run "redshift-evr scan --help"\.\n$/,
    ],
    [
      'a bad --format',
      ['scan', '--snapshot', DEMO, '--format', 'xml'],
      /^error: --format must be one of table\|json\|csv\|ocsf\|asff, got "xml"\.\n$/,
    ],
    [
      'a bad mode',
      ['scan', '--snapshot', DEMO, '--prerequisite-mode', 'strict'],
      /--prerequisite-mode must be one of report\|enforce\|off, got "strict"/,
    ],
    ['a missing snapshot file', ['scan', '--snapshot', 'nope.json'], /^error: Cannot read snapshot nope\.json: ENOENT/],
    ['an unknown command', ['scna'], /^error: unknown command "scna"/],
    [
      'an unknown cluster',
      ['scan', '--snapshot', DEMO, '--cluster', 'ghost'],
      /Cluster\(s\) "ghost" not found in us-east-1\. Check --cluster and --region\./,
    ],
    [
      'an unknown workgroup',
      ['scan', '--snapshot', DEMO, '--workgroup', 'ghost'],
      /^error: Workgroup\(s\) "ghost" not found in us-east-1\. Check --workgroup and --region\.\n$/,
    ],
    [
      'a --timeout that is not a whole number of seconds',
      ['scan', '--region', 'us-east-1', '--timeout', '0.5'],
      /^error: --timeout must be a whole number of seconds \(at least 1\), got "0\.5"\.\n$/,
    ],
    [
      'a bad --kind',
      ['scan', '--snapshot', DEMO, '--kind', 'serverless'],
      /^error: --kind must be one of cluster\|workgroup\|all, got "serverless"\.\n$/,
    ],
    [
      '--cluster with --kind workgroup',
      ['scan', '--snapshot', DEMO, '--kind', 'workgroup', '--cluster', 'etl-prod'],
      /^error: --cluster names clusters, but --kind workgroup leaves them out/,
    ],
  ];
  for (const [name, args, message] of usage) {
    it(`exits 2 with an actionable message and no report for ${name}`, async () => {
      const run = await cli(args);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(message);
      expect(run.stderr).to.not.match(/\n\s+at /);
    });
  }

  it('rejects a foreign file passed as a snapshot', async () => {
    const run = await cli(['scan', '--snapshot', 'package.json']);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('package.json is not a usable snapshot: it has no "format": "redshift-evr-snapshot"');
  });

  for (const command of ['scan', 'snapshot', 'report']) {
    it(`prints help for ${command}`, async () => {
      const run = await cli([command, '--help']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^Usage: redshift-evr ${command}`));
    });
  }

  // Each test starts the built CLI against a local emulator: seconds each, more on a loaded machine.
  describe('against an AWS API emulator (AWS_ENDPOINT_URL)', () => {
    const startStub = useHttpStub();
    it('scans every active account of an organization through the read role, and says which failed (exit 2)', async () => {
      const stub = await startStub(organization());
      const run = await cli(['scan', '--organization', '--region', 'us-east-1', '--format', 'csv'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^note: scanning 4 active account\(s\) of the organization/);
      expect(run.stderr).to.contain(
        `error: account ${NO_ROLE}: Could not assume arn:aws:iam::${NO_ROLE}:role/redshift-evr-read`,
      );
      for (const id of [OK, DENIED_READ, THROTTLED])
        expect(run.stdout).to.match(new RegExp(`^${id},us-east-1,cluster,`, 'm'));
      expect(run.stdout).not.to.contain(NO_ROLE);
    });

    it('scans live through the real SDK and records a snapshot that replays identically', async () => {
      const stub = await startStub(emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'nat' }));
      const env = { AWS_ENDPOINT_URL: stub.url };
      const live = await cli(['scan', '--region', 'us-east-1', '--format', 'json'], env);
      expect(live.stderr).to.equal('');
      expect(live.code).to.equal(1);
      const evaluation = JSON.parse(live.stdout).evaluations[0];
      expect(evaluation).to.include({ clusterIdentifier: 'emu-1', prerequisitesMet: true, vpcId: 'vpc-emu' });
      expect(evaluation.subnets).to.deep.equal([
        { subnetId: 'subnet-emu1', routeTableId: 'rtb-emu', s3Path: 'NAT_GATEWAY', networkAclId: 'acl-emu' },
      ]);
      expect(new Set(stub.requests.map((r) => r.operation))).to.deep.equal(
        new Set([
          // The account has no workgroups: one ListWorkgroups call says so.
          'ListWorkgroups',
          'DescribeClusters',
          'DescribeClusterSubnetGroups',
          'DescribePrefixLists',
          'DescribeRouteTables',
          'DescribeVpcEndpoints',
          'DescribeVpcAttribute',
          // The VPC's filters on the way to S3.
          'DescribeSecurityGroups',
          'DescribeNetworkAcls',
          'GetManagedPrefixListEntries',
          'DescribeVpcBlockPublicAccessOptions',
          'DescribeVpcBlockPublicAccessExclusions',
        ]),
      );

      const dir = await mkdtemp(join(tmpdir(), 'evr-'));
      const file = join(dir, 'snap.json');
      const recorded = await cli(['snapshot', '--out', file, '--region', 'us-east-1'], env);
      expect(recorded.code).to.equal(0);
      expect(recorded.stderr).to.contain(`Recorded 1 cluster(s) and 0 workgroup(s) in us-east-1 to ${file}`);
      const replay = await cli(['scan', '--snapshot', file, '--format', 'json']);
      expect(timeless(replay.stdout)).to.equal(timeless(live.stdout));
    });

    it('rolls a cluster back (rollback --cluster --yes): ModifyCluster EnhancedVpcRouting=false on the wire, then waits', async () => {
      const stub = await startStub(emulatedAccount({ enhancedVpcRouting: true, routeToS3: 'endpoint' }));
      const run = await cli(['rollback', '--cluster', 'emu-1', '--yes', '--region', 'us-east-1'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      expect(run.stderr).to.equal('Waiting up to 1800 s for cluster emu-1 (us-east-1) to be available...\n');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(
        'Enhanced VPC routing turned off on cluster emu-1 (us-east-1); it is available again. Its Security Hub finding Redshift.7 will be FAILED again at the next evaluation; turn it back on with redshift-evr remediate once the pipeline is fixed.\n',
      );
      // Read, change, and read again: the emulator applies the change at once, so the first read after it ends the wait.
      expect(stub.requests.map((r) => r.operation)).to.deep.equal([
        'DescribeClusters',
        'ModifyCluster',
        'DescribeClusters',
      ]);
      const modify = Object.fromEntries(stub.requests[1]?.params ?? []);
      expect(modify).to.deep.include({ ClusterIdentifier: 'emu-1', EnhancedVpcRouting: 'false' });
      expect(Object.keys(modify).sort()).to.deep.equal([
        'Action',
        'ClusterIdentifier',
        'EnhancedVpcRouting',
        'Version',
      ]);
    });

    it('reports the organization from an AWS Config aggregator (report --aggregator)', async () => {
      const stub = await startStub(
        fakeAggregator({
          results: [
            {
              ruleName: 'redshift-evr-enhanced-vpc-routing-conformance-pack-a1b2c3d4',
              accountId: '555555555555',
              region: 'ap-southeast-2',
              resourceType: 'AWS::Redshift::Cluster',
              resourceId: 'etl-prod',
              complianceType: 'NON_COMPLIANT',
              annotation:
                'Enhanced VPC routing is off. Ready to remediate: S3 reachable via NAT gateway from its subnet.',
            },
          ],
        }),
      );
      const run = await cli(['report', '--aggregator', 'org', '--region', 'ap-southeast-2', '--format', 'csv'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(1);
      expect(run.stdout.split('\r\n')[1]).to.match(
        /^555555555555,ap-southeast-2,cluster,,etl-prod,Redshift\.7,NON_COMPLIANT,MEDIUM,false,,,true,/,
      );
      expect(stub.requests.map((r) => r.headers['x-amz-target'])).to.deep.equal([
        'StarlingDoveService.DescribeAggregateComplianceByConfigRules',
        'StarlingDoveService.GetAggregateComplianceDetailsByConfigRule',
      ]);
    });

    it('reports a denied DescribeVpcAttribute as NETWORK_UNVERIFIED and still finishes', async () => {
      const stub = await startStub(
        emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint', denyVpcAttribute: true }),
      );
      const run = await cli(['scan', '--region', 'us-east-1', '--format', 'json'], { AWS_ENDPOINT_URL: stub.url });
      const evaluation = JSON.parse(run.stdout).evaluations[0];
      expect(evaluation).to.include({ prerequisitesMet: null });
      expect(evaluation.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
      expect(evaluation.subnets[0].s3Path).to.equal('GATEWAY_ENDPOINT');
    });

    it('gives up at --timeout when a call never answers, reporting what it decided and naming that call', async () => {
      const account = emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' });
      // The server accepts DescribeVpcAttribute and never answers (no timer: the stub closes it at the end).
      const stub = await startStub((request) =>
        request.operation === 'DescribeVpcAttribute' ? new Promise<never>(() => {}) : account(request),
      );
      const started = Date.now();
      // The budget starts before the SDK is loaded: generous enough for a loaded 2-core machine.
      const run = await cli(['scan', '--region', 'us-east-1', '--format', 'json', '--timeout', '6'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      expect(Date.now() - started).to.be.below(20_000);
      expect(run.code).to.equal(2);
      expect(JSON.parse(run.stdout).evaluations).to.deep.equal([]);
      expect(run.stderr).to.match(
        /^error: Region us-east-1: the scan stopped at --timeout \(6 s\): ec2:DescribeVpcAttribute did not answer within \d+ ms; not evaluated: emu-1\. Run again, or with a longer --timeout\.\n$/,
      );
    });

    it('gives up at --timeout when the cluster listing never answers, naming it', async () => {
      const account = emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' });
      const stub = await startStub((request) =>
        request.operation === 'DescribeClusters' ? new Promise<never>(() => {}) : account(request),
      );
      const started = Date.now();
      const run = await cli(['scan', '--region', 'us-east-1', '--kind', 'cluster', '--timeout', '6'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      expect(Date.now() - started).to.be.below(20_000);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.match(/^error: redshift:DescribeClusters did not answer within \d+ ms/);
    });

    it('exits 2 naming the missing credentials', async () => {
      const stub = await startStub(emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'none' }));
      const run = await cli(['scan', '--region', 'us-east-1'], {
        AWS_ENDPOINT_URL: stub.url,
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
      });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^error: No usable AWS credentials: pass --profile/);
      expect(stub.requests).to.have.length(0);
    });

    it('exits 2 when no Region is configured', async () => {
      const run = await cli(['scan'], { AWS_REGION: '', AWS_DEFAULT_REGION: '' });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        'error: No AWS Region is set: pass --region, set AWS_REGION, or give the profile a region.\n',
      );
    });
  }).timeout(30_000);

  it('leaves an existing snapshot file untouched when recording fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evr-'));
    const file = join(dir, 'keep.json');
    await writeFile(file, 'previous');
    const run = await cli(['snapshot', '--out', file, '--region', 'us-east-1'], {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    expect(run.code).to.equal(2);
    expect(await readFile(file, 'utf8')).to.equal('previous');
  });
});
