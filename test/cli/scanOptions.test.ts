import { readFile } from 'node:fs/promises';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  ListWorkgroupsCommand,
  RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { assertProfileExists } from '../../src/aws/profiles.ts';
import { noteAgeingNode } from '../../src/cli/nodeVersion.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { cutAtWord, fitSentences } from '../../src/core/annotation.ts';
import { parseRuleOptions } from '../../src/core/ruleOptions.ts';
import { restrictEndpoints } from '../support/endpointPolicy.ts';
import { workgroup } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';
import { testIo } from '../support/testIo.ts';

const demo = async () => ({ 'demo.json': await readFile('examples/demo-account.json', 'utf8') });

interface Reported {
  kind: string;
  clusterIdentifier: string;
  complianceType: string;
  controlId: string;
  severity: string;
  missing: string[];
  prerequisitesMet: boolean | null;
}

/** Scan the demo snapshot in process with these flags: the exit status and the JSON report. */
const scanDemo = async (...flags: string[]) => {
  const io = testIo({ files: await demo() });
  const code = await runCli(['scan', '--snapshot', 'demo.json', '--format', 'json', ...flags], io);
  const report = io.out() === '' ? undefined : JSON.parse(io.out());
  return { code, err: io.err(), report, evaluations: (report?.evaluations ?? []) as Reported[] };
};

const names = (evaluations: readonly Reported[]) => evaluations.map((e) => `${e.kind}:${e.clusterIdentifier}`);

describe('redshift-evr scan options (in process)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);

  it('scans every listed cluster and refuses unknown ones by name', async () => {
    const io = testIo({ files: await demo() });
    expect(
      await runCli(
        ['scan', '--snapshot', 'demo.json', '--cluster', 'etl-prod', '--cluster', 'bi-reporting', '--format', 'json'],
        io,
      ),
    ).to.equal(1);
    expect(
      JSON.parse(io.out()).evaluations.map((e: { clusterIdentifier: string }) => e.clusterIdentifier),
    ).to.deep.equal(['etl-prod', 'bi-reporting']);
    const missing = testIo({ files: await demo() });
    expect(
      await runCli(['scan', '--snapshot', 'demo.json', '--cluster', 'etl-prod', '--cluster', 'ghost'], missing),
    ).to.equal(2);
    expect(missing.err()).to.equal('error: Cluster(s) "ghost" not found in us-east-1. Check --cluster and --region.\n');
  });

  it('reports both kinds of the demo snapshot with their controls and verdicts', async () => {
    const { code, report, evaluations } = await scanDemo('--exemption-tag-key', 'evr-exempt');
    expect(code).to.equal(1);
    expect(report).to.include({ controlId: null });
    expect(report.controlIds).to.deep.equal(['Redshift.7', 'RedshiftServerless.1']);
    expect(evaluations.filter((e) => e.kind === 'cluster')).to.have.length(15);
    for (const e of evaluations) {
      expect(e.controlId, e.clusterIdentifier).to.equal(e.kind === 'cluster' ? 'Redshift.7' : 'RedshiftServerless.1');
    }
    const byName = Object.fromEntries(
      evaluations.filter((e) => e.kind === 'workgroup').map((e) => [e.clusterIdentifier, e]),
    );
    expect(Object.keys(byName)).to.deep.equal(['analytics-serverless', 'adhoc-serverless']);
    // An S3 gateway endpoint on both subnets' route table and VPC DNS on: ready to remediate.
    expect(byName['analytics-serverless']).to.deep.include({
      complianceType: 'NON_COMPLIANT',
      severity: 'HIGH',
      prerequisitesMet: true,
      missing: [],
    });
    expect(byName['adhoc-serverless']).to.deep.include({
      complianceType: 'NON_COMPLIANT',
      severity: 'HIGH',
      prerequisitesMet: false,
      missing: ['S3_ROUTE_MISSING', 'DNS_HOSTNAMES_DISABLED'],
    });
    // 3 clusters (etl-prod, legacy-dw, marketing-public) and analytics-serverless.
    expect(report.summary).to.deep.equal({ COMPLIANT: 2, NON_COMPLIANT: 13, NOT_APPLICABLE: 2, readyToRemediate: 4 });
  });

  it("shows both kinds in the table: a KIND column, the workgroups' details and the counts per kind", async () => {
    const io = testIo({ files: await demo() });
    expect(await runCli(['scan', '--snapshot', 'demo.json', '--exemption-tag-key', 'evr-exempt'], io)).to.equal(1);
    const text = io.out();
    expect(text).to.match(/^STATUS +KIND +NAME +VPC +EVR +DETAIL\n/);
    expect(text).to.match(/\nNON_COMPLIANT +cluster +etl-prod +vpc-\w+ +off +ready to remediate\n/);
    expect(text).to.match(/\nNON_COMPLIANT +workgroup +analytics-serverless +vpc-\w+ +off +ready to remediate\n/);
    expect(text).to.match(
      /\nNON_COMPLIANT +workgroup +adhoc-serverless +vpc-\w+ +off +S3_ROUTE_MISSING, DNS_HOSTNAMES_DISABLED\n/,
    );
    expect(text).to.contain(
      '\n15 clusters (Redshift.7), 2 workgroups (RedshiftServerless.1) in us-east-1: 2 COMPLIANT, 13 NON_COMPLIANT (4 ready to remediate), 2 NOT_APPLICABLE\n',
    );
    expect(text).to.contain('\nadhoc-serverless (workgroup): Enhanced VPC routing is off; 2 problems.\n');
  });

  describe('--kind', () => {
    it('cluster: the clusters only, under Redshift.7', async () => {
      const { code, report, evaluations } = await scanDemo('--kind', 'cluster');
      expect(code).to.equal(1);
      expect(evaluations).to.have.length(15);
      expect(evaluations.every((e) => e.kind === 'cluster')).to.equal(true);
      expect(report).to.include({ controlId: 'Redshift.7' });
      expect(report.controlIds).to.deep.equal(['Redshift.7']);
    });

    it('workgroup: the workgroups only, under RedshiftServerless.1', async () => {
      const { code, report, evaluations } = await scanDemo('--kind', 'workgroup');
      expect(code).to.equal(1);
      expect(names(evaluations)).to.deep.equal(['workgroup:analytics-serverless', 'workgroup:adhoc-serverless']);
      expect(report).to.include({ controlId: 'RedshiftServerless.1' });
      expect(report.controlIds).to.deep.equal(['RedshiftServerless.1']);
    });

    it('all (the default): both', async () => {
      const all = await scanDemo('--kind', 'all');
      expect(all.evaluations).to.have.length(17);
      expect(names(all.evaluations)).to.deep.equal(names((await scanDemo()).evaluations));
    });

    it('all, with --cluster: that cluster and every workgroup', async () => {
      const { evaluations } = await scanDemo('--kind', 'all', '--cluster', 'bi-reporting');
      expect(names(evaluations)).to.deep.equal([
        'cluster:bi-reporting',
        'workgroup:analytics-serverless',
        'workgroup:adhoc-serverless',
      ]);
    });
  });

  describe('--workgroup', () => {
    it('evaluates the workgroups named, and no cluster unless --cluster or --kind asks', async () => {
      const one = await scanDemo('--workgroup', 'adhoc-serverless');
      expect(one.code).to.equal(1);
      expect(names(one.evaluations)).to.deep.equal(['workgroup:adhoc-serverless']);
      expect(one.report.controlIds).to.deep.equal(['RedshiftServerless.1']);
      const both = await scanDemo('--workgroup', 'analytics-serverless', '--cluster', 'bi-reporting');
      expect(names(both.evaluations)).to.deep.equal(['cluster:bi-reporting', 'workgroup:analytics-serverless']);
      expect(both.report.controlIds).to.deep.equal(['Redshift.7', 'RedshiftServerless.1']);
    });

    it('--cluster alone still evaluates that cluster only (exit 0 for a compliant one)', async () => {
      const { code, evaluations, report } = await scanDemo('--cluster', 'bi-reporting');
      expect(code).to.equal(0);
      expect(names(evaluations)).to.deep.equal(['cluster:bi-reporting']);
      expect(report.controlIds).to.deep.equal(['Redshift.7']);
    });

    it('refuses unknown workgroups by name, and a cluster name is not a workgroup name', async () => {
      const ghost = await scanDemo('--workgroup', 'analytics-serverless', '--workgroup', 'ghost');
      expect(ghost.code).to.equal(2);
      expect(ghost.err).to.equal(
        'error: Workgroup(s) "ghost" not found in us-east-1. Check --workgroup and --region.\n',
      );
      const cluster = await scanDemo('--workgroup', 'etl-prod');
      expect(cluster.err).to.equal(
        'error: Workgroup(s) "etl-prod" not found in us-east-1. Check --workgroup and --region.\n',
      );
      const both = await scanDemo('--workgroup', 'ghost', '--cluster', 'analytics-serverless');
      expect(both.err).to.equal(
        'error: Cluster(s) "analytics-serverless" not found in us-east-1. Check --cluster and --region. Workgroup(s) "ghost" not found in us-east-1. Check --workgroup and --region.\n',
      );
    });
  });

  it('reads only the kinds asked for, and one named workgroup with GetWorkgroup (live, mocked)', async () => {
    const account = {
      ...syntheticAccount(2, 1),
      workgroups: [workgroup({ name: 'wg-ready', subnetIds: ['subnet-0a', 'subnet-0b'] })],
    };
    installFakeAccount(redshift(), ec2(), account, { serverless: serverless() });
    const scan = async (...flags: string[]) => {
      redshift().resetHistory();
      serverless().resetHistory();
      const io = testIo();
      await runCli(['scan', '--region', 'us-east-1', '--format', 'json', ...flags], io);
      return {
        evaluations: names(JSON.parse(io.out()).evaluations),
        describeClusters: redshift().commandCalls(DescribeClustersCommand).length,
        listWorkgroups: serverless().commandCalls(ListWorkgroupsCommand).length,
        getWorkgroup: serverless()
          .commandCalls(GetWorkgroupCommand)
          .map((c) => c.args[0].input),
      };
    };
    expect(await scan()).to.deep.include({ evaluations: ['cluster:c-0', 'cluster:c-1', 'workgroup:wg-ready'] });
    expect(await scan('--kind', 'cluster')).to.deep.equal({
      evaluations: ['cluster:c-0', 'cluster:c-1'],
      describeClusters: 1,
      listWorkgroups: 0,
      getWorkgroup: [],
    });
    expect(await scan('--kind', 'workgroup')).to.deep.equal({
      evaluations: ['workgroup:wg-ready'],
      describeClusters: 0,
      listWorkgroups: 1,
      getWorkgroup: [],
    });
    expect(await scan('--workgroup', 'wg-ready')).to.deep.equal({
      evaluations: ['workgroup:wg-ready'],
      describeClusters: 0,
      listWorkgroups: 0,
      getWorkgroup: [{ workgroupName: 'wg-ready' }],
    });
  });

  it('checks restrictive S3 endpoint policies against --s3-bucket (repeatable, comma-separated)', async () => {
    installFakeAccount(redshift(), ec2(), restrictEndpoints(syntheticAccount(1, 1), ['etl-staging', 'logs-2024']), {
      serverless: serverless(),
    });
    const scan = async (...flags: string[]) => {
      const io = testIo();
      await runCli(['scan', '--region', 'us-east-1', '--kind', 'cluster', '--format', 'json', ...flags], io);
      const [evaluation] = JSON.parse(io.out()).evaluations as (Reported & {
        problems: { code: string; detail: string; fix: string }[];
      })[];
      return evaluation;
    };
    const unset = await scan();
    expect(unset?.prerequisitesMet).to.equal(null);
    expect(unset?.problems.map((p) => p.detail)).to.deep.equal([
      'the endpoint policy of vpce-0 restricts S3: list the buckets COPY/UNLOAD use in S3Buckets, or confirm',
    ]);
    expect(unset?.problems[0]?.fix).to.contain('--s3-bucket');
    expect(await scan('--s3-bucket', 'etl-staging,logs-2024')).to.deep.include({ prerequisitesMet: true });
    expect(await scan('--s3-bucket', 'etl-staging', '--s3-bucket', 'logs-2024')).to.deep.include({
      prerequisitesMet: true,
    });
    const refused = await scan('--s3-bucket', 'etl-staging', '--s3-bucket', 'unload-archive');
    expect(refused?.prerequisitesMet).to.equal(false);
    expect(refused?.problems.map((p) => p.code)).to.deep.equal(['S3_ENDPOINT_POLICY_BLOCKS']);
    expect(refused?.problems[0]?.detail).to.contain('on unload-archive');
  });

  it('writes each format to --output-file (from the ending), and nothing to stdout', async () => {
    for (const [file, check] of [
      ['r.csv', (t: string) => t.startsWith('account_id,region,kind,cluster_arn')],
      ['r.ocsf.json', (t: string) => JSON.parse(t)[0].class_uid === 2003],
      ['r.asff.json', (t: string) => JSON.parse(t)[0].SchemaVersion === '2018-10-08'],
      ['r.json', (t: string) => JSON.parse(t).controlIds.join() === 'Redshift.7,RedshiftServerless.1'],
      ['r.txt', (t: string) => t.startsWith('STATUS')],
    ] as const) {
      const files: Record<string, string> = await demo();
      const io = {
        ...testIo({ files }),
        writeFile: async (path: string, text: string) => {
          files[path] = text;
        },
      };
      expect(await runCli(['scan', '--snapshot', 'demo.json', '--output-file', file], io), file).to.equal(1);
      expect(io.out(), file).to.equal('');
      expect(check(files[file] ?? ''), file).to.equal(true);
    }
  });

  it('--fails-only and --quiet', async () => {
    const io = testIo({ files: await demo() });
    await runCli(['scan', '--snapshot', 'demo.json', '--fails-only', '--format', 'csv'], io);
    const rows = io.out().trim().split('\r\n').slice(1);
    expect(rows.length).to.be.greaterThan(0);
    for (const row of rows) expect(row).to.contain(',NON_COMPLIANT,');
    const quiet = testIo({ files: await demo() });
    expect(await runCli(['scan', '--snapshot', 'demo.json', '--quiet'], quiet)).to.equal(1);
    expect(quiet.out()).to.equal('');
  });

  const RESERVED_TAG_KEY =
    "the prefix AWS reserves for the tags it sets itself: the Config rule (its ExemptionTagKey parameter) and the runbooks' preflight refuse such a key, so this command would disagree with them. Tag the clusters and workgroups to exempt with a key of your own, such as evr-exempt, and pass that key (the stack's ExemptionTagKey)";
  const usage: [string[], string][] = [
    [['--format', 'json', '--format', 'csv'], 'error: --format was given 2 times ("json", "csv"); give it once.\n'],
    [
      ['--output-file', 'r.xml'],
      'error: --output-file "r.xml" does not say which format to write (.ocsf.json, .asff.json, .json, .csv, .txt); add --format table|json|csv|ocsf|asff.\n',
    ],
    [['--all-regions', '--region', 'eu-west-1'], 'error: Give --region or --all-regions, not both.\n'],
    [['--region', 'Europe'], 'error: --region "Europe" is not a Region name such as eu-west-1 or us-gov-west-1.\n'],
    [['--kind', 'serverless'], 'error: --kind must be one of cluster|workgroup|all, got "serverless".\n'],
    [['--kind', 'Cluster'], 'error: --kind must be one of cluster|workgroup|all, got "Cluster".\n'],
    [['--kind', ''], 'error: --kind needs a value, got an empty one. Run "redshift-evr scan --help".\n'],
    [['--kind', 'cluster', '--kind', 'all'], 'error: --kind was given 2 times ("cluster", "all"); give it once.\n'],
    [
      ['--kind', 'workgroup', '--cluster', 'etl-prod'],
      'error: --cluster names clusters, but --kind workgroup leaves them out: drop --cluster, or give --kind cluster|all.\n',
    ],
    [
      ['--kind', 'cluster', '--workgroup', 'adhoc-serverless'],
      'error: --workgroup names workgroups, but --kind cluster leaves them out: drop --workgroup, or give --kind workgroup|all.\n',
    ],
    [
      ['--workgroup', 'Ad_Hoc'],
      'error: --workgroup "Ad_Hoc" is not a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens).\n',
    ],
    [
      ['--workgroup', 'wg'],
      'error: --workgroup "wg" is not a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens).\n',
    ],
    [['--workgroup', ''], 'error: --workgroup needs a value, got an empty one. Run "redshift-evr scan --help".\n'],
    [
      ['--s3-bucket', 'etl-staging,s3://etl-raw/in'],
      'error: --s3-bucket must be S3 bucket names separated by commas (each 3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit), got "etl-staging,s3://etl-raw/in": "s3://etl-raw/in" is a URL or ARN: give the bucket name alone.\n',
    ],
    [
      ['--s3-bucket', 'etl-staging,'],
      'error: --s3-bucket must be S3 bucket names separated by commas (each 3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit), got "etl-staging,": a name is empty (a stray comma?).\n',
    ],
    [['--s3-bucket', ''], 'error: --s3-bucket needs a value, got an empty one. Run "redshift-evr scan --help".\n'],
    [
      ['--exemption-tag-key', 'aws:cloudformation:stack-name'],
      `error: --exemption-tag-key "aws:cloudformation:stack-name" starts with "aws:", ${RESERVED_TAG_KEY}.\n`,
    ],
    [
      ['--exemption-tag-key', 'AWS:Exempt'],
      `error: --exemption-tag-key "AWS:Exempt" starts with "AWS:", ${RESERVED_TAG_KEY}.\n`,
    ],
    [
      ['--exemption-tag-key', 'k'.repeat(129)],
      `error: --exemption-tag-key "${'k'.repeat(77)}..." has 129 characters; a tag key has at most 128. Tag the clusters and workgroups to exempt with a key of your own, such as evr-exempt, and pass that key (the stack's ExemptionTagKey).\n`,
    ],
  ];
  for (const [args, message] of usage) {
    it(`refuses ${args.join(' ')}`, async () => {
      const io = testIo();
      expect(await runCli(['scan', ...args], io)).to.equal(2);
      expect(io.err()).to.equal(message);
    });
  }

  describe('workgroups that cannot be listed (no redshift-serverless rights, or no Redshift Serverless in the Region)', () => {
    const deniedWorkgroups = () =>
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1), {
        serverless: serverless(),
        fail: (op) => (op === 'ListWorkgroups' ? serviceError('AccessDeniedException') : undefined),
      });

    it('still report the clusters of a scan nobody narrowed, with a warning that says how to proceed', async () => {
      deniedWorkgroups();
      const io = testIo();
      expect(await runCli(['scan', '--region', 'us-east-1', '--format', 'json'], io)).to.equal(1);
      const report = JSON.parse(io.out());
      expect(report.evaluations.map((e: Reported) => e.clusterIdentifier)).to.deep.equal(['c-0']);
      // The report claims only the control it could answer.
      expect(report.controlIds).to.deep.equal(['Redshift.7']);
      expect(report.controlId).to.equal('Redshift.7');
      expect(io.err()).to.match(
        /warning: us-east-1: workgroups not scanned: redshift-serverless:ListWorkgroups was denied \(AccessDeniedException\)\. Pass --kind cluster to scan only clusters, or fix the cause to scan workgroups too\.\n/,
      );
    });

    it('are recorded as such by snapshot, and a scan of the file says so the same way', async () => {
      deniedWorkgroups();
      const io = testIo();
      expect(await runCli(['snapshot', '--out', 'snap.json', '--region', 'us-east-1'], io)).to.equal(0);
      expect(io.err()).to.match(/^Recorded 1 cluster\(s\) and 0 workgroup\(s\) in us-east-1 to snap\.json\.\n/);
      expect(io.err()).to.contain('warning: redshift-serverless:ListWorkgroups was denied (AccessDeniedException)');
      const replay = testIo({ files: { 'snap.json': io.files['snap.json'] ?? '' } });
      expect(await runCli(['scan', '--snapshot', 'snap.json', '--format', 'json'], replay)).to.equal(1);
      expect(JSON.parse(replay.out()).evaluations).to.have.length(1);
      expect(replay.err()).to.match(
        /^warning: us-east-1: workgroups not scanned: redshift-serverless:ListWorkgroups was denied/,
      );
    });

    it('fail a scan that asks for workgroups (--kind all)', async () => {
      deniedWorkgroups();
      const io = testIo();
      expect(await runCli(['scan', '--region', 'us-east-1', '--kind', 'all'], io)).to.equal(2);
      expect(io.out()).to.equal('');
      expect(io.err()).to.match(/error: redshift-serverless:ListWorkgroups was denied/);
    });
  });

  it('snapshot says why --out cannot be written and what to do, naming the file', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1), { serverless: serverless() });
    const io = {
      ...testIo(),
      writeFile: async () => {
        throw Object.assign(new Error("ENOENT: no such file or directory, open '/nope/s.json.1.tmp'"), {
          code: 'ENOENT',
        });
      },
    };
    expect(await runCli(['snapshot', '--out', '/nope/s.json', '--region', 'us-east-1'], io)).to.equal(2);
    expect(io.err()).to.equal(
      'error: Cannot write /nope/s.json: its directory does not exist (ENOENT). Nothing was written; choose another --out.\n',
    );
  });

  it('remediate refuses an --exemption-tag-key the rule refuses, before any call', async () => {
    for (const key of ['aws:cloudformation:stack-name', 'k'.repeat(129)]) {
      for (const args of [
        ['remediate', '--cluster', 'a1', '--exemption-tag-key', key],
        ['remediate', '--all-ready', '--dry-run', '--exemption-tag-key', key],
      ]) {
        const io = testIo();
        expect(await runCli(args, io), key).to.equal(2);
        expect(io.err(), key).to.match(/^error: --exemption-tag-key "[^"]+" (starts with "aws:"|has 129 characters)/);
      }
    }
    expect(redshift().calls()).to.have.length(0);
  });

  it('accepts exactly the exemption tag keys the rule accepts (the same isTagKey)', async () => {
    for (const key of [
      'evr-exempt',
      'aws',
      'awsx:exempt',
      'x:aws:y',
      '例外',
      'k'.repeat(128),
      'aws:x',
      'Aws:x',
      'k'.repeat(129),
    ]) {
      const ruleAccepts = (() => {
        try {
          parseRuleOptions({ ExemptionTagKey: key });
          return true;
        } catch {
          return false;
        }
      })();
      const io = testIo({ files: await demo() });
      const code = await runCli(['scan', '--snapshot', 'demo.json', '--quiet', '--exemption-tag-key', key], io);
      expect(code === 2, key).to.equal(!ruleAccepts);
    }
  });

  it('snapshot and remediate refuse a --region that is not a Region name before any call', async () => {
    for (const args of [
      ['snapshot', '--out', 's.json', '--region', 'foo'],
      ['remediate', '--cluster', 'a1', '--region', 'foo'],
    ]) {
      const io = testIo();
      expect(await runCli(args, io), args[0]).to.equal(2);
      expect(io.err()).to.equal('error: --region "foo" is not a Region name such as eu-west-1 or us-gov-west-1.\n');
    }
    expect(redshift().calls()).to.have.length(0);
  });

  it('--all-regions scans every Region enabled for the account', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1), { serverless: serverless() });
    ec2()
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }] });
    const io = testIo();
    expect(await runCli(['scan', '--all-regions', '--format', 'json'], io)).to.equal(1);
    const report = JSON.parse(io.out());
    expect(report.regions).to.deep.equal(['eu-west-1', 'us-east-1']);
    expect(report.evaluations.map((e: { region: string }) => e.region)).to.deep.equal(['eu-west-1', 'us-east-1']);
    expect(ec2().commandCalls(DescribeRegionsCommand)[0]?.args[0].input).to.deep.equal({ AllRegions: false });
  });

  it('--all-regions reports the Regions it could scan, names the one it could not, and exits 2', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1), { serverless: serverless() });
    ec2()
      .on(DescribeRegionsCommand)
      .resolves({ Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }] });
    // A Region denied by an SCP: DescribeClusters fails there only.
    const { DescribeClustersCommand } = await import('@aws-sdk/client-redshift');
    redshift()
      .on(DescribeClustersCommand)
      .callsFake(async (_input, getClient) => {
        const region = await (getClient() as unknown as { config: { region: () => Promise<string> } }).config.region();
        if (region === 'eu-west-1') throw serviceError('AccessDenied', 'explicit deny in a service control policy');
        return { Clusters: syntheticAccount(1, 1).clusters };
      });
    const io = testIo();
    expect(await runCli(['scan', '--all-regions', '--format', 'json'], io)).to.equal(2);
    expect(JSON.parse(io.out()).regions).to.deep.equal(['us-east-1']);
    expect(io.err()).to.match(/error: Region eu-west-1: redshift:DescribeClusters was denied \(AccessDenied\)/);
  });

  it('says a network failure could not reach the endpoint, and shows the stack only with --debug', async () => {
    redshift().rejects(
      Object.assign(new Error('getaddrinfo ENOTFOUND redshift.xx-west-9.amazonaws.com'), { code: 'ENOTFOUND' }),
    );
    const io = testIo();
    expect(await runCli(['scan', '--region', 'xx-west-9'], io)).to.equal(2);
    expect(io.err()).to.match(
      /^note: .*\nerror: Could not reach redshift\.xx-west-9\.amazonaws\.com for redshift:DescribeClusters \(ENOTFOUND\)\. Check the network, and that the Region exists and is enabled for the account\.\n$|^error: Could not reach/,
    );
    const debug = testIo();
    await runCli(['scan', '--region', 'xx-west-9', '--debug'], debug);
    expect(debug.err()).to.match(/\n\s+at /);
    expect(io.err()).not.to.match(/\n\s+at /);
  });

  it('says invalid credentials are invalid, with no advice to grant permissions', async () => {
    redshift().rejects(serviceError('InvalidClientTokenId', 'The security token included in the request is invalid.'));
    const io = testIo();
    expect(await runCli(['scan', '--region', 'eu-west-1'], io)).to.equal(2);
    expect(io.err()).to.contain('was refused: the credentials are invalid or expired (InvalidClientTokenId)');
    expect(io.err()).not.to.contain('permissions');
  });
});

describe('assertProfileExists', () => {
  it('finds a profile in either shared file, and names a missing one', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'aws-'));
    await writeFile(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile audit]\nregion = us-east-1\n');
    await writeFile(join(dir, 'credentials'), '[ci]\naws_access_key_id = x\n');
    const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    for (const profile of ['default', 'audit', 'ci', undefined]) await assertProfileExists(profile, env);
    const error = await assertProfileExists('prod', env).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/^AWS profile "prod" was not found in .*config or .*credentials\./);
  });
});

describe('noteAgeingNode', () => {
  it('says it in one line, once, only before Node.js 22', () => {
    const io = testIo();
    noteAgeingNode(io, '24.1.0');
    expect(io.err()).to.equal('');
    noteAgeingNode(io, '20.20.2');
    noteAgeingNode(io, '20.20.2');
    expect(io.err().split('\n').filter(Boolean)).to.have.length(
      Number(process.versions.node.split('.')[0]) < 22 ? 0 : 1,
    );
  });
});

describe('annotations without spaces and long first problems', () => {
  it('cuts text without spaces at a character, keeping as much as fits', () => {
    const text = `Exempt by tag k: ${'理由'.repeat(200)}`;
    const cut = cutAtWord(text, 256);
    expect(cut.length).to.be.at.most(256);
    expect(cut.length).to.be.greaterThan(240);
    expect(cut.endsWith('…')).to.equal(true);
  });

  it('keeps the first problem and its fix when it alone is too long', () => {
    const fix = 'add an S3 gateway endpoint to rtb-0123456789abcdef0.';
    const first = `No S3 route from ${'subnet-0123456789abcdef0 '.repeat(12).trim()}; ${fix}`;
    const text = fitSentences(() => [
      'Enhanced VPC routing is off. Fix first:',
      first,
      'VPC vpc-1 has DNS resolution off; enable enableDnsSupport.',
    ]);
    expect(text.length).to.be.at.most(256);
    expect(text).to.contain(fix);
    expect(text.endsWith('(+1 more: redshift-evr scan)')).to.equal(true);
  });
});
