import { readFile } from 'node:fs/promises';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import { parseSnapshot } from '../../src/aws/snapshotFormat.ts';
import { snapshotFactSource } from '../../src/aws/snapshotReplay.ts';
import type { RuleOptions } from '../../src/core/types.ts';
import { InputError } from '../../src/errors.ts';
import { DEMO_EXEMPTION_TAG_KEY, demoAccountData, demoFailures } from '../support/demoAccount.ts';
import { REGION } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients, recordAccount } from '../support/recordAccount.ts';

const OPTIONS: RuleOptions[] = [
  { prerequisiteMode: 'report', requireInternetPath: false, exemptionTagKey: DEMO_EXEMPTION_TAG_KEY },
  { prerequisiteMode: 'enforce', requireInternetPath: true },
  { prerequisiteMode: 'off', requireInternetPath: false },
];

const parseError = (text: string): string => {
  try {
    parseSnapshot(text, 'acct.json');
  } catch (error) {
    expect(error).to.be.instanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected parseSnapshot to fail');
};

describe('snapshots', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);

  for (const options of OPTIONS) {
    it(`replays offline with the same report as live (${options.prerequisiteMode}, internet ${options.requireInternetPath})`, async () => {
      const snapshot = await recordAccount(redshift(), ec2(), demoAccountData(), {
        serverless: serverless(),
        fail: demoFailures,
      });
      const live = await scanRegion(liveFactSource(fakeClients(), REGION), options);
      const callsBefore = redshift().calls().length + ec2().calls().length;
      const replayed = await scanRegion(snapshotFactSource(parseSnapshot(JSON.stringify(snapshot), 'x.json')), options);
      expect(replayed).to.deep.equal(live);
      expect(redshift().calls().length + ec2().calls().length).to.equal(callsBefore);
    });
  }

  it('replays one cluster the same as live', async () => {
    const snapshot = await recordAccount(redshift(), ec2(), demoAccountData(), {
      serverless: serverless(),
      fail: demoFailures,
    });
    const live = await scanRegion(liveFactSource(fakeClients(), REGION), OPTIONS[0] as RuleOptions, {
      clusterIdentifiers: ['finance-ledger'],
    });
    const replayed = await scanRegion(snapshotFactSource(snapshot), OPTIONS[0] as RuleOptions, {
      clusterIdentifiers: ['finance-ledger'],
    });
    expect(replayed).to.deep.equal(live);
    expect(replayed.evaluations[0]?.missing).to.deep.equal(['S3_ROUTE_MISSING']);
  });

  it('records denied calls and replays them as NETWORK_UNVERIFIED', async () => {
    const snapshot = await recordAccount(redshift(), ec2(), demoAccountData(), {
      serverless: serverless(),
      fail: demoFailures,
    });
    expect(snapshot.failures.map((f) => f.operation)).to.deep.equal([
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcAttribute',
    ]);
    const replayed = await scanRegion(snapshotFactSource(snapshot), OPTIONS[0] as RuleOptions, {
      clusterIdentifiers: ['audit-vault'],
    });
    expect(replayed.evaluations[0]?.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
  });

  it('keeps examples/demo-account.json in step with the demo account (npm run demo:record)', async () => {
    const recorded = await recordAccount(redshift(), ec2(), demoAccountData(), {
      serverless: serverless(),
      fail: demoFailures,
    });
    const committed = JSON.parse(await readFile('examples/demo-account.json', 'utf8'));
    expect(committed).to.deep.equal(JSON.parse(JSON.stringify(recorded)));
  });

  it('scans a version 2 snapshot with the filter checks unverified: no cluster is ready, each says why', async () => {
    const recorded = await recordAccount(redshift(), ec2(), demoAccountData(), {
      serverless: serverless(),
      fail: demoFailures,
    });
    const { securityGroups, networkAcls, prefixListEntries, blockPublicAccess, ...ec2v2 } = recorded.ec2;
    const v2 = { ...recorded, version: 2, ec2: ec2v2 };
    const result = await scanRegion(
      snapshotFactSource(parseSnapshot(JSON.stringify(v2), 'v2.json')),
      OPTIONS[0] as RuleOptions,
    );
    const etl = result.evaluations.find((e) => e.clusterIdentifier === 'etl-prod');
    expect(etl?.prerequisitesMet).to.equal(null);
    expect(etl?.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
    expect(etl?.problems.map((p) => p.detail)).to.include.members([
      'the snapshot predates the security groups check (not recorded)',
      'the snapshot predates the network ACLs check (not recorded)',
    ]);
    expect(result.evaluations.filter((e) => e.prerequisitesMet === true)).to.deep.equal([]);
  });

  describe('parseSnapshot', () => {
    const valid = () => ({
      format: 'redshift-evr-snapshot',
      version: 3,
      region: 'eu-west-1',
      capturedAt: '2026-11-28T00:00:00.000Z',
      redshift: { clusters: [], clusterSubnetGroups: [] },
      redshiftServerless: { workgroups: [], workgroupTags: {} },
      ec2: {
        subnets: [],
        routeTables: [],
        vpcEndpoints: [],
        prefixLists: [],
        vpcAttributes: {},
        securityGroups: [],
        networkAcls: [],
        prefixListEntries: {},
        blockPublicAccess: { options: { InternetGatewayBlockMode: 'off' }, exclusions: [] },
      },
      failures: [],
    });
    /** What version 2 held: no security groups, network ACLs, prefix list entries or Block Public Access. */
    const version2 = () => {
      const { securityGroups, networkAcls, prefixListEntries, blockPublicAccess, ...ec2 } = valid().ec2;
      return { ...valid(), version: 2, ec2 };
    };

    it('accepts a valid empty snapshot', () => {
      expect(parseSnapshot(JSON.stringify(valid()), 'acct.json').region).to.equal('eu-west-1');
    });

    it('reads a version 1 snapshot (recorded before workgroups) as an account without workgroups', () => {
      const { redshiftServerless, ...rest } = version2();
      const v1 = { ...rest, version: 1, ec2: { ...rest.ec2, subnets: undefined } };
      const snapshot = parseSnapshot(JSON.stringify(v1), 'old.json');
      expect(snapshot.version).to.equal(3);
      expect(snapshot.upgradedFrom).to.equal(1);
      expect(parseSnapshot(JSON.stringify(valid()), 'new.json')).to.not.have.property('upgradedFrom');
      expect(snapshot.redshiftServerless).to.deep.equal({ workgroups: [], workgroupTags: {} });
      expect(snapshot.ec2.subnets).to.deep.equal([]);
    });

    const bad: [string, string, RegExp][] = [
      ['text that is not JSON', '{"format": ', /^acct\.json is not a usable snapshot: it is not JSON/],
      ['a foreign JSON file', JSON.stringify({ name: 'package' }), /it has no "format": "redshift-evr-snapshot"/],
      [
        'a newer version',
        JSON.stringify({ ...valid(), version: 4 }),
        /format version 4, newer than this redshift-evr reads \(3\); upgrade/,
      ],
      [
        'a bad region',
        JSON.stringify({ ...valid(), region: 'mars' }),
        /"region" must be an AWS Region such as us-east-1, got "mars"/,
      ],
      [
        'a cluster without identifier',
        JSON.stringify({ ...valid(), redshift: { clusters: [{}], clusterSubnetGroups: [] } }),
        /"redshift\.clusters\[0\]\.ClusterIdentifier" must be a string/,
      ],
      [
        'a DNS attribute that is not a boolean',
        JSON.stringify({
          ...valid(),
          ec2: { ...valid().ec2, vpcAttributes: { 'vpc-1': { enableDnsSupport: 'yes' } } },
        }),
        /"ec2\.vpcAttributes\.vpc-1\.enableDnsSupport" must be true or false/,
      ],
      [
        'a failure without scope',
        JSON.stringify({ ...valid(), failures: [{ operation: 'ec2:DescribeRouteTables', message: 'denied' }] }),
        /"failures\[0\]\.scope" must be an array of strings/,
      ],
      [
        'missing route tables',
        JSON.stringify({ ...valid(), ec2: { ...valid().ec2, routeTables: undefined } }),
        /"ec2\.routeTables" must be an array/,
      ],
      [
        'a version 2 snapshot without workgroups',
        JSON.stringify({ ...valid(), redshiftServerless: undefined }),
        /"redshiftServerless" must be an object/,
      ],
      [
        'a workgroup without a name',
        JSON.stringify({ ...valid(), redshiftServerless: { workgroups: [{}], workgroupTags: {} } }),
        /"redshiftServerless\.workgroups\[0\]\.workgroupName" must be a string/,
      ],
      [
        'workgroup tags that are not a list',
        JSON.stringify({ ...valid(), redshiftServerless: { workgroups: [], workgroupTags: { 'arn:x': {} } } }),
        /"redshiftServerless\.workgroupTags\.arn:x" must be an array/,
      ],
      [
        'a version 3 snapshot without security groups',
        JSON.stringify({ ...valid(), ec2: { ...valid().ec2, securityGroups: undefined } }),
        /"ec2\.securityGroups" must be an array/,
      ],
      [
        'a network ACL without an id',
        JSON.stringify({ ...valid(), ec2: { ...valid().ec2, networkAcls: [{}] } }),
        /"ec2\.networkAcls\[0\]\.NetworkAclId" must be a string/,
      ],
      [
        'prefix list entries that are not a list',
        JSON.stringify({ ...valid(), ec2: { ...valid().ec2, prefixListEntries: { 'pl-1': 'x' } } }),
        /"ec2\.prefixListEntries\.pl-1" must be an array/,
      ],
      [
        'a version 2 snapshot without subnets',
        JSON.stringify({ ...version2(), ec2: { ...version2().ec2, subnets: undefined } }),
        /"ec2\.subnets" must be an array/,
      ],
    ];
    for (const [name, text, message] of bad) {
      it(`rejects ${name} with a message naming the problem`, () => {
        const error = parseError(text);
        expect(error).to.match(message);
        expect(error).to.contain('redshift-evr snapshot --out FILE');
      });
    }

    it('says which VPC attribute a hand-edited snapshot lacks', async () => {
      const data = demoAccountData();
      installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
      const snapshot = parseSnapshot(
        JSON.stringify({
          ...valid(),
          redshift: { clusters: data.clusters.slice(0, 1), clusterSubnetGroups: data.subnetGroups },
        }),
        'x.json',
      );
      const error = await scanRegion(
        snapshotFactSource({ ...snapshot, ec2: { ...snapshot.ec2, routeTables: data.routeTables } }),
        OPTIONS[0] as RuleOptions,
      ).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).to.be.instanceOf(InputError);
      expect(error?.message).to.match(/^The snapshot has no enableDnsSupport for vpc-0\w+ \(ec2\.vpcAttributes\)/);
    });
  });
});
