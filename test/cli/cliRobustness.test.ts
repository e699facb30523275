import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { emulatedAccount } from '../support/fakeAws/emulatedAccount.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { queryError } from '../support/fakeAws/wire.ts';
import { type BinaryRun, cli } from '../support/runBinary.ts';

const DEMO = 'examples/demo-account.json';

const noStack = (run: BinaryRun) => expect(run.rawStderr, run.rawStderr).not.to.match(/\n\s+at /);

const editedDemo = async (edit: (snapshot: { redshift: { clusters: Record<string, unknown>[] } }) => void) => {
  const snapshot = JSON.parse(await readFile(DEMO, 'utf8'));
  edit(snapshot);
  const file = join(await mkdtemp(join(tmpdir(), 'cli-')), 'snapshot.json');
  await writeFile(file, JSON.stringify(snapshot));
  return file;
};

describe('redshift-evr CLI, as a user runs it (built binary)', function () {
  this.timeout(30_000);
  const startStub = useHttpStub();

  describe('full explanations', () => {
    it('prints every problem with its subnets, route table and fix, never the cut annotation', async () => {
      const run = await cli(['scan', '--snapshot', DEMO, '--require-internet-path']);
      expect(run.stdout).not.to.contain('more: redshift-evr scan');
      const block = run.stdout.slice(run.stdout.indexOf('\nml-sandbox:'));
      expect(block).to.match(/- S3_ROUTE_MISSING: No S3 route from subnet-\w+, subnet-\w+ \(route table rtb-\w+\)/);
      expect(block).to.match(/fix: add an S3 gateway endpoint to rtb-\w+/);
      expect(block).to.match(/- INTERNET_PATH_MISSING: No internet path .* \(route table rtb-\w+\)/);
      const json = JSON.parse(
        (await cli(['scan', '--snapshot', DEMO, '--require-internet-path', '--format', 'json'])).stdout,
      );
      const ml = json.evaluations.find((e: { clusterIdentifier: string }) => e.clusterIdentifier === 'ml-sandbox');
      expect(ml.problems.map((p: { code: string }) => p.code)).to.deep.equal([
        'S3_ROUTE_MISSING',
        'INTERNET_PATH_MISSING',
      ]);
      for (const p of ml.problems)
        expect(p).to.have.all.keys('code', 'vpcId', 'subnetIds', 'routeTableId', 'resourceIds', 'detail', 'fix');
      // The annotation (for AWS Config) still carries the first problem's fix.
      expect(ml.annotation).to.contain('add an S3 gateway endpoint to');
    });

    it('keeps a 240-character Japanese exemption reason in the annotation (no spaces to cut at)', async () => {
      const reason = '移行中のため一時的に除外します'.repeat(16).slice(0, 240);
      const file = await editedDemo((s) => {
        const c = s.redshift.clusters.find((x) => x.ClusterIdentifier === 'legacy-dw') as { Tags: unknown[] };
        c.Tags = [{ Key: 'evr-exempt', Value: reason }];
      });
      const json = JSON.parse(
        (await cli(['scan', '--snapshot', file, '--format', 'json', '--exemption-tag-key', 'evr-exempt'])).stdout,
      );
      const annotation: string = json.evaluations.find(
        (e: { clusterIdentifier: string }) => e.clusterIdentifier === 'legacy-dw',
      ).annotation;
      expect(annotation.length).to.be.at.most(256);
      expect(annotation.startsWith(`Exempt by tag evr-exempt: ${reason.slice(0, 200)}`)).to.equal(true);
      expect(annotation.endsWith('…')).to.equal(true);
    });
  });

  describe('flags', () => {
    it('reports every --cluster given, and exits 1 when one is noncompliant', async () => {
      const run = await cli(['scan', '--snapshot', DEMO, '--cluster', 'etl-prod', '--cluster', 'bi-reporting']);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/\nNON_COMPLIANT +cluster +etl-prod /);
      expect(run.stdout).to.match(/\nCOMPLIANT +cluster +bi-reporting /);
      expect(run.stdout).not.to.contain('workgroup');
    });

    const usage: [string[], string][] = [
      [
        ['--format', 'json', '--format', 'table'],
        'error: --format was given 2 times ("json", "table"); give it once.\n',
      ],
      [['--cluster', ''], 'error: --cluster needs a value, got an empty one. Run "redshift-evr scan --help".\n'],
      [
        ['--cluster', 'Bad_Id'],
        'error: --cluster "Bad_Id" is not a Redshift cluster identifier (1-63 lowercase letters, digits and single hyphens, starting with a letter).\n',
      ],
    ];
    for (const [args, message] of usage) {
      it(`refuses ${args.join(' ') || '""'} with exit 2 and one line`, async () => {
        const run = await cli(['scan', '--snapshot', DEMO, ...args]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.equal(message);
        expect(run.stdout).to.equal('');
      });
    }

    it('checks --region before any call (no 5-second wait, no blame on credentials)', async () => {
      // Measured against the same binary's start-up (--version), so a loaded machine does not fail it: a call
      // that waits for an endpoint or a credential provider would add seconds.
      const base = Date.now();
      await cli(['--version']);
      const startUp = Date.now() - base;
      const started = Date.now();
      const run = await cli(['scan', '--region', 'not-a-region'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        'error: --region "not-a-region" is not a Region name such as eu-west-1 or us-gov-west-1.\n',
      );
      expect(Date.now() - started).to.be.below(startUp + 2_500);
    }).timeout(30_000);

    it('prints its version', async () => {
      const pkg = JSON.parse(await readFile('package.json', 'utf8'));
      const run = await cli(['--version']);
      expect(run).to.include({ code: 0, stdout: `redshift-evr ${pkg.version}\n` });
    });
  });

  describe('errors: exit 2, one line that names the cause, no stack trace', () => {
    it('names an unknown profile', async () => {
      const run = await cli(['scan', '--profile', 'does-not-exist', '--region', 'eu-west-1'], {
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^error: AWS profile "does-not-exist" was not found in \/dev\/null or \/dev\/null\./);
      noStack(run);
    });

    it('names an unreachable endpoint instead of blaming credentials', async () => {
      const run = await cli(['scan', '--region', 'eu-west-1'], {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        'error: Could not reach http://127.0.0.1:9 for redshift:DescribeClusters (ECONNREFUSED). Check the network and AWS_ENDPOINT_URL.\n',
      );
      noStack(run);
    });

    it('says expired credentials are expired (not "grant permissions")', async () => {
      const stub = await startStub(() =>
        queryError('ExpiredToken', 'The security token included in the request is expired', 403),
      );
      const run = await cli(['scan', '--region', 'eu-west-1'], { AWS_ENDPOINT_URL: stub.url, AWS_MAX_ATTEMPTS: '1' });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        'error: redshift:DescribeClusters was refused: the credentials are invalid or expired (ExpiredToken). Refresh them (aws sso login, a new session) and try again.\n',
      );
    });

    it('reports an unwritable snapshot --out on one line, exit 2, nothing written', async () => {
      const stub = await startStub(emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' }));
      const run = await cli(['snapshot', '--out', '/proc/no-such-dir/snap.json', '--region', 'us-east-1'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      expect(run.code).to.equal(2);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
      expect(run.stderr).to.match(/^error: .*\/proc\/no-such-dir\/snap\.json/);
      noStack(run);
    });

    it('stops quietly when the reader closes the pipe (scan | head -1)', async () => {
      const child = spawn('node', ['dist/cli.js', 'scan', '--snapshot', DEMO], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).to.equal('');
      // The demo has noncompliant clusters: the exit status still says so.
      expect(code).to.equal(1);
    });

    it('reports a full disk on standard output in one line, exit 2 (scan > /dev/full)', async () => {
      const { openSync, closeSync } = await import('node:fs');
      const full = openSync('/dev/full', 'w');
      try {
        const child = spawn('node', ['dist/cli.js', 'scan', '--snapshot', DEMO], { stdio: ['ignore', full, 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (c: Buffer) => {
          stderr += c.toString();
        });
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(stderr).to.equal('error: cannot write the report to standard output: the disk is full (ENOSPC).\n');
        expect(code).to.equal(2);
      } finally {
        closeSync(full);
      }
    });

    it('treats a name of Object.prototype as an unknown command', async () => {
      for (const name of ['constructor', 'toString', '__proto__']) {
        const run = await cli([name]);
        expect(run.code, name).to.equal(2);
        expect(run.stderr, name).to.equal(`error: unknown command "${name}". Run "redshift-evr --help".\n`);
      }
    });

    it('checks credentials in a remediate --dry-run instead of claiming it would start', async () => {
      const run = await cli(['remediate', '--cluster', 'etl-prod', '--dry-run', '--region', 'eu-west-1'], {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^error: No usable AWS credentials/);
      expect(run.stdout).not.to.contain('Would start');
      noStack(run);
    });

    it('prints the Node.js note at most once, as one line', async () => {
      const run = await cli(['scan', '--region', 'eu-west-1'], {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      });
      const notes = run.rawStderr.split('\n').filter((l) => l.startsWith('note: '));
      expect(notes.length).to.equal(Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0);
      expect(run.rawStderr).not.to.match(/NodeDeprecationWarning|node version/i);
    });
  });

  describe('outputs', () => {
    it('writes csv, OCSF and ASFF files, taking the format from the ending', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'formats-'));
      for (const name of ['r.csv', 'r.ocsf.json', 'r.asff.json']) {
        const run = await cli(['scan', '--snapshot', DEMO, '--output-file', join(dir, name)]);
        expect(run.code, name).to.equal(1);
        expect(run.stdout, name).to.equal('');
      }
      const csv = await readFile(join(dir, 'r.csv'), 'utf8');
      expect(csv.split('\r\n')[0]).to.match(
        /^account_id,region,kind,cluster_arn,cluster_identifier,control_id,compliance,severity/,
      );
      const ocsf = JSON.parse(await readFile(join(dir, 'r.ocsf.json'), 'utf8'));
      expect(ocsf[0]).to.include({ class_uid: 2003, type_uid: 200301 });
      const asff = JSON.parse(await readFile(join(dir, 'r.asff.json'), 'utf8'));
      expect(asff[0]).to.include({ SchemaVersion: '2018-10-08', AwsAccountId: '111122223333' });
      expect(asff[0].Compliance).to.include({ SecurityControlId: 'Redshift.7' });
      // The demo's workgroups: RedshiftServerless.1, an Other resource (ASFF has no workgroup type).
      const workgroups = asff.filter((f: { Resources: { Type: string }[] }) => f.Resources[0]?.Type === 'Other');
      expect(
        workgroups.map((f: { Compliance: { SecurityControlId: string } }) => f.Compliance.SecurityControlId),
      ).to.deep.equal(['RedshiftServerless.1', 'RedshiftServerless.1']);
      expect(ocsf.map((e: { resource: { type: string } }) => e.resource.type).slice(-2)).to.deep.equal([
        'AWS::RedshiftServerless::Workgroup',
        'AWS::RedshiftServerless::Workgroup',
      ]);
      expect(csv.split('\r\n').filter((row) => row.startsWith('111122223333,us-east-1,workgroup,'))).to.have.length(2);
    });

    it('--fails-only reports NON_COMPLIANT clusters only; --quiet prints nothing but keeps the exit status', async () => {
      const fails = JSON.parse((await cli(['scan', '--snapshot', DEMO, '--format', 'json', '--fails-only'])).stdout);
      expect(fails.evaluations.length).to.be.greaterThan(0);
      for (const e of fails.evaluations) expect(e.complianceType).to.equal('NON_COMPLIANT');
      const quiet = await cli(['scan', '--snapshot', DEMO, '--quiet']);
      expect(quiet).to.include({ code: 1, stdout: '', stderr: '' });
    });

    it('scans several Regions, each with its own clients (the request signature names the Region)', async () => {
      const stub = await startStub((request) => {
        const region = /Credential=[^/]+\/\d+\/([a-z0-9-]+)\//.exec(String(request.headers.authorization))?.[1];
        return emulatedAccount({ enhancedVpcRouting: region === 'eu-west-1', routeToS3: 'endpoint' })(request);
      });
      const run = await cli(['scan', '--region', 'us-east-1', '--region', 'eu-west-1', '--format', 'json'], {
        AWS_ENDPOINT_URL: stub.url,
      });
      const report = JSON.parse(run.stdout);
      expect(report.regions).to.deep.equal(['us-east-1', 'eu-west-1']);
      expect(
        report.evaluations.map((e: { region: string; complianceType: string }) => [e.region, e.complianceType]),
      ).to.deep.equal([
        ['us-east-1', 'NON_COMPLIANT'],
        ['eu-west-1', 'COMPLIANT'],
      ]);
      expect(run.code).to.equal(1);
    });
  });
});
