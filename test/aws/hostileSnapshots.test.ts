import { readFile } from 'node:fs/promises';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { scanRegion } from '../../src/aws/scan.ts';
import { parseSnapshot, type Snapshot } from '../../src/aws/snapshotFormat.ts';
import { snapshotFactSource } from '../../src/aws/snapshotReplay.ts';
import { runCli } from '../../src/cli/runCli.ts';
import { InputError } from '../../src/errors.ts';
import { demoAccountData, demoFailures } from '../support/demoAccount.ts';
import { emulatedAccount } from '../support/fakeAws/emulatedAccount.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { useClientMock } from '../support/mocks.ts';
import { recordAccount } from '../support/recordAccount.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';
import { testIo } from '../support/testIo.ts';

const DEMO = 'examples/demo-account.json';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// biome-ignore lint/suspicious/noExplicitAny: hostile edits reach anywhere in the file, as a hand edit would.
type Json = any;

/** The error parseSnapshot gives, which must be an InputError (never a TypeError from deeper down). */
const parseError = (data: unknown, file = 'shared.json'): Error => {
  try {
    parseSnapshot(JSON.stringify(data), file);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected parseSnapshot to fail');
};

const WORKGROUP_ARN =
  'arn:aws:redshift-serverless:us-east-1:111122223333:workgroup/7b10233c-0000-4000-8000-000000000000';

/** A hostile edit of the demo snapshot, and the JSON path the error must name. */
type Hostile = readonly [name: string, edit: (s: Json) => void, path: string];

const HOSTILE: readonly Hostile[] = [
  // The shapes of the issue.
  ['Tags: "x"', (s) => (s.redshift.clusters[2].Tags = 'x'), 'redshift.clusters[2].Tags'],
  [
    'Subnets: [null]',
    (s) => (s.redshift.clusterSubnetGroups[0].Subnets = [null]),
    'redshift.clusterSubnetGroups[0].Subnets[0]',
  ],
  ['Routes: "x"', (s) => (s.ec2.routeTables[0].Routes = 'x'), 'ec2.routeTables[0].Routes'],
  ['Associations: {}', (s) => (s.ec2.routeTables[0].Associations = {}), 'ec2.routeTables[0].Associations'],
  [
    'a numeric GatewayId',
    (s) => (s.ec2.routeTables[0].Routes[1].GatewayId = 7),
    'ec2.routeTables[0].Routes[1].GatewayId',
  ],
  [
    'a numeric VpcEndpointType',
    (s) => (s.ec2.vpcEndpoints[0].VpcEndpointType = 1),
    'ec2.vpcEndpoints[0].VpcEndpointType',
  ],
  ['a numeric ClusterStatus', (s) => (s.redshift.clusters[0].ClusterStatus = 3), 'redshift.clusters[0].ClusterStatus'],
  [
    'a cluster id with a carriage return and an ANSI escape',
    (s) => (s.redshift.clusters[1].ClusterIdentifier = 'etl-prod\r\u001b[32mCOMPLIANT'),
    'redshift.clusters[1].ClusterIdentifier',
  ],
  ['a bad VPC id', (s) => (s.redshift.clusters[0].VpcId = 'VPC 0ef9de29795b18aee'), 'redshift.clusters[0].VpcId'],
  [
    'Entries: [{RuleNumber: "x"}]',
    (s) => (s.ec2.networkAcls[0].Entries = [{ RuleNumber: 'x' }]),
    'ec2.networkAcls[0].Entries[0].RuleNumber',
  ],
  [
    'IpPermissionsEgress: {}',
    (s) => (s.ec2.securityGroups[0].IpPermissionsEgress = {}),
    'ec2.securityGroups[0].IpPermissionsEgress',
  ],
  [
    'FromPort: "443"',
    (s) => (s.ec2.securityGroups[0].IpPermissionsEgress[0].FromPort = '443'),
    'ec2.securityGroups[0].IpPermissionsEgress[0].FromPort',
  ],
  // Clusters and subnet groups.
  ['clusters: [null]', (s) => (s.redshift.clusters = [null]), 'redshift.clusters[0]'],
  [
    'VpcSecurityGroups: [null]',
    (s) => (s.redshift.clusters[0].VpcSecurityGroups = [null]),
    'redshift.clusters[0].VpcSecurityGroups[0]',
  ],
  [
    'a numeric tag key',
    (s) => (s.redshift.clusters[0].Tags = [{ Key: 5, Value: 'x' }]),
    'redshift.clusters[0].Tags[0].Key',
  ],
  [
    'a tag value with a C1 control (CSI)',
    (s) => (s.redshift.clusters[0].Tags = [{ Key: 'team', Value: 'a\u009b2Jb' }]),
    'redshift.clusters[0].Tags[0].Value',
  ],
  [
    'a tag value with a right-to-left override',
    (s) => (s.redshift.clusters[0].Tags = [{ Key: 'team', Value: 'fin\u202eecna' }]),
    'redshift.clusters[0].Tags[0].Value',
  ],
  [
    'EnhancedVpcRouting: "false"',
    (s) => (s.redshift.clusters[0].EnhancedVpcRouting = 'false'),
    'redshift.clusters[0].EnhancedVpcRouting',
  ],
  [
    'PubliclyAccessible: 1',
    (s) => (s.redshift.clusters[0].PubliclyAccessible = 1),
    'redshift.clusters[0].PubliclyAccessible',
  ],
  [
    'a namespace ARN that is not an ARN',
    (s) => (s.redshift.clusters[0].ClusterNamespaceArn = 'ns-1'),
    'redshift.clusters[0].ClusterNamespaceArn',
  ],
  [
    'a numeric subnet group VpcId',
    (s) => (s.redshift.clusterSubnetGroups[0].VpcId = 42),
    'redshift.clusterSubnetGroups[0].VpcId',
  ],
  [
    'a subnet group name with a slash',
    (s) => (s.redshift.clusterSubnetGroups[0].ClusterSubnetGroupName = '../etc'),
    'redshift.clusterSubnetGroups[0].ClusterSubnetGroupName',
  ],
  // Workgroups and their tags.
  [
    'subnetIds: "subnet-1"',
    (s) => (s.redshiftServerless.workgroups[0].subnetIds = 'subnet-1'),
    'redshiftServerless.workgroups[0].subnetIds',
  ],
  [
    'securityGroupIds: [null]',
    (s) => (s.redshiftServerless.workgroups[0].securityGroupIds = [null]),
    'redshiftServerless.workgroups[0].securityGroupIds[0]',
  ],
  [
    'a workgroup name in upper case',
    (s) => (s.redshiftServerless.workgroups[0].workgroupName = 'Analytics_WG'),
    'redshiftServerless.workgroups[0].workgroupName',
  ],
  [
    'enhancedVpcRouting: "yes"',
    (s) => (s.redshiftServerless.workgroups[0].enhancedVpcRouting = 'yes'),
    'redshiftServerless.workgroups[0].enhancedVpcRouting',
  ],
  [
    'a numeric workgroup tag value',
    (s) => (s.redshiftServerless.workgroupTags[WORKGROUP_ARN] = [{ key: 'team', value: 5 }]),
    `redshiftServerless.workgroupTags.${WORKGROUP_ARN}[0].value`,
  ],
  [
    'workgroup tags keyed by something other than an ARN',
    (s) => (s.redshiftServerless.workgroupTags = { 'analytics\u001b[2K': [] }),
    'redshiftServerless.workgroupTags',
  ],
  // Subnets, route tables, endpoints, prefix lists, DNS attributes.
  ['a subnet VpcId that is an array', (s) => (s.ec2.subnets[0].VpcId = ['vpc-1']), 'ec2.subnets[0].VpcId'],
  [
    'AssociationState: "associated"',
    (s) => (s.ec2.routeTables[0].Associations[0].AssociationState = 'associated'),
    'ec2.routeTables[0].Associations[0].AssociationState',
  ],
  [
    'Main: "true"',
    (s) => (s.ec2.routeTables[0].Associations[0].Main = 'true'),
    'ec2.routeTables[0].Associations[0].Main',
  ],
  [
    'a /33 route',
    (s) => (s.ec2.routeTables[0].Routes[0].DestinationCidrBlock = '10.0.0.0/33'),
    'ec2.routeTables[0].Routes[0].DestinationCidrBlock',
  ],
  [
    'a NAT gateway route to an internet gateway id',
    (s) => (s.ec2.routeTables[0].Routes[1].NatGatewayId = 'igw-0beb81c3535a09b06'),
    'ec2.routeTables[0].Routes[1].NatGatewayId',
  ],
  ['a numeric route State', (s) => (s.ec2.routeTables[0].Routes[1].State = 0), 'ec2.routeTables[0].Routes[1].State'],
  [
    'RouteTableIds: "rtb-1"',
    (s) => (s.ec2.vpcEndpoints[0].RouteTableIds = 'rtb-1'),
    'ec2.vpcEndpoints[0].RouteTableIds',
  ],
  ['PolicyDocument: {}', (s) => (s.ec2.vpcEndpoints[0].PolicyDocument = {}), 'ec2.vpcEndpoints[0].PolicyDocument'],
  [
    'an endpoint OwnerId that is not an account',
    (s) => (s.ec2.vpcEndpoints[0].OwnerId = 'me'),
    'ec2.vpcEndpoints[0].OwnerId',
  ],
  ['Cidrs: [null]', (s) => (s.ec2.prefixLists[0].Cidrs = [null]), 'ec2.prefixLists[0].Cidrs[0]'],
  [
    'DNS attributes keyed by a VPC id with an escape',
    (s) => (s.ec2.vpcAttributes = { 'vpc-1\u001b[1A': { enableDnsSupport: true } }),
    'ec2.vpcAttributes',
  ],
  // The VPC's filters.
  [
    'a security group id in upper case',
    (s) => (s.ec2.securityGroups[0].GroupId = 'SG-1'),
    'ec2.securityGroups[0].GroupId',
  ],
  [
    'IpRanges: [{CidrIp: 5}]',
    (s) => (s.ec2.securityGroups[0].IpPermissionsEgress[0].IpRanges = [{ CidrIp: 5 }]),
    'ec2.securityGroups[0].IpPermissionsEgress[0].IpRanges[0].CidrIp',
  ],
  [
    'UserIdGroupPairs: "sg-1"',
    (s) => (s.ec2.securityGroups[0].IpPermissionsEgress[0].UserIdGroupPairs = 'sg-1'),
    'ec2.securityGroups[0].IpPermissionsEgress[0].UserIdGroupPairs',
  ],
  [
    'a numeric IpProtocol',
    (s) => (s.ec2.securityGroups[0].IpPermissionsEgress[0].IpProtocol = 6),
    'ec2.securityGroups[0].IpPermissionsEgress[0].IpProtocol',
  ],
  [
    'Associations: [null] in a network ACL',
    (s) => (s.ec2.networkAcls[0].Associations = [null]),
    'ec2.networkAcls[0].Associations[0]',
  ],
  [
    'PortRange: "all"',
    (s) => (s.ec2.networkAcls[0].Entries[0].PortRange = 'all'),
    'ec2.networkAcls[0].Entries[0].PortRange',
  ],
  [
    'RuleAction: "ALLOW"',
    (s) => (s.ec2.networkAcls[0].Entries[0].RuleAction = 'ALLOW'),
    'ec2.networkAcls[0].Entries[0].RuleAction',
  ],
  ['IsDefault: "yes"', (s) => (s.ec2.networkAcls[0].IsDefault = 'yes'), 'ec2.networkAcls[0].IsDefault'],
  [
    'prefix list entries: [null]',
    (s) => (s.ec2.prefixListEntries['pl-63a5400a'] = [null]),
    'ec2.prefixListEntries.pl-63a5400a[0]',
  ],
  [
    'Block Public Access options: "off"',
    (s) => (s.ec2.blockPublicAccess.options = 'off'),
    'ec2.blockPublicAccess.options',
  ],
  [
    'a numeric exclusion ResourceArn',
    (s) => (s.ec2.blockPublicAccess.exclusions = [{ ResourceArn: 5 }]),
    'ec2.blockPublicAccess.exclusions[0].ResourceArn',
  ],
  // The rest of the file.
  [
    'a failure message that moves the cursor',
    (s) => (s.failures[0].message = 'denied\r\u001b[2K'),
    'failures[0].message',
  ],
  ['capturedAt: "yesterday"', (s) => (s.capturedAt = 'yesterday'), 'capturedAt'],
];

describe('hostile snapshots (shared files are input)', () => {
  let demo: string;
  before(async () => {
    demo = await readFile(DEMO, 'utf8');
  });
  const edited = (edit: (s: Json) => void): Json => {
    const data = JSON.parse(demo);
    edit(data);
    return data;
  };

  it(`has at least 25 hostile shapes (${HOSTILE.length})`, () => {
    expect(HOSTILE.length).to.be.at.least(25);
  });

  for (const [name, edit, path] of HOSTILE) {
    it(`rejects ${name} with an InputError naming "${path}"`, () => {
      const error = parseError(edited(edit));
      expect(error, error.stack).to.be.instanceOf(InputError);
      const { message } = error;
      expect(message).to.match(/^shared\.json is not a usable snapshot: /);
      expect(message).to.contain(`"${path}" must `);
      expect(message).to.match(/\. Record one with "redshift-evr snapshot --out FILE"\.$/);
      // Nothing of the file reaches the terminal raw.
      expect(message).not.to.match(CONTROL);
    });
  }

  it('says what a field must be and what it was', () => {
    const message = (edit: (s: Json) => void) => parseError(edited(edit)).message;
    expect(message((s) => (s.redshift.clusters[2].Tags = 'x'))).to.contain(
      '"redshift.clusters[2].Tags" must be an array of objects, got "x"',
    );
    expect(message((s) => (s.redshift.clusters[0].ClusterIdentifier = 'etl\r\u001b[32m'))).to.contain(
      '"redshift.clusters[0].ClusterIdentifier" must not hold control characters, got "etl\\r\\u001b[32m"',
    );
    expect(message((s) => (s.redshift.clusters[0].VpcId = 'vpc_0ef9'))).to.contain(
      '"redshift.clusters[0].VpcId" must be a VPC id such as vpc-0123456789abcdef0, or "", got "vpc_0ef9"',
    );
    expect(message((s) => (s.ec2.networkAcls[0].Entries = [{ RuleNumber: 'x' }]))).to.contain(
      '"ec2.networkAcls[0].Entries[0].RuleNumber" must be an integer from 1 to 32767, got "x"',
    );
    expect(message((s) => (s.ec2.routeTables[0].Routes[1].GatewayId = 7))).to.contain(
      '"ec2.routeTables[0].Routes[1].GatewayId" must be a string, got 7',
    );
    expect(message((s) => delete s.redshift.clusterSubnetGroups[0].ClusterSubnetGroupName)).to.contain(
      '"redshift.clusterSubnetGroups[0].ClusterSubnetGroupName" must be a string (it is missing)',
    );
    expect(message((s) => (s.ec2.vpcAttributes = { 'vpc-1\u001b[1A': {} }))).to.contain(
      '"ec2.vpcAttributes" must be keyed by a VPC id such as vpc-0123456789abcdef0, got key "vpc-1\\u001b[1A"',
    );
    expect(message((s) => (s.redshift.clusters[0].Tags = [{ Key: 'k', Value: 'a\u009bb' }]))).to.contain(
      'got "a\\u009bb"',
    );
    expect(message((s) => (s.redshift.clusters[0].ClusterIdentifier = 'X'.repeat(100_000)))).to.have.length.below(400);
  });

  it('allows fields the engine does not read, of any shape (the recorder keeps the SDK answers verbatim)', () => {
    const data = edited((s) => {
      s.redshift.clusters[0].PendingModifiedValues = { anything: [null, 1, 'x\u001b'] };
      s.ec2.routeTables[0].PropagatingVgws = 'whatever';
      s.ec2.vpcEndpoints[0].DnsEntries = [null];
      s.ec2.somethingNew = 5;
    });
    const snapshot = parseSnapshot(JSON.stringify(data), 'extra.json');
    expect(snapshot.redshift.clusters).to.have.length(JSON.parse(demo).redshift.clusters.length);
  });

  it('allows the empty subnet group name and VPC id of a cluster outside a VPC, and pretty-printed endpoint policies', () => {
    const data = edited((s) => {
      s.redshift.clusters[0].ClusterSubnetGroupName = '';
      s.redshift.clusters[0].VpcId = '';
      s.ec2.vpcEndpoints[0].PolicyDocument = JSON.stringify(JSON.parse(s.ec2.vpcEndpoints[0].PolicyDocument), null, 2)
        .split('\n')
        .join('\r\n');
    });
    expect(() => parseSnapshot(JSON.stringify(data), 'ok.json')).not.to.throw();
  });

  it('reads older versions without checking (or keeping) what they did not record', () => {
    const data = edited((s) => {
      s.version = 2;
      s.ec2.securityGroups = 'not recorded in version 2';
      s.ec2.blockPublicAccess = 7;
    });
    const snapshot = parseSnapshot(JSON.stringify(data), 'v2.json');
    expect(snapshot.upgradedFrom).to.equal(2);
    expect(snapshot.ec2.securityGroups).to.deep.equal([]);
    expect(snapshot.ec2).not.to.have.property('blockPublicAccess');
    // What version 2 did record is checked as in version 3.
    const bad = parseError(
      edited((s) => {
        s.version = 2;
        s.ec2.subnets = [null];
      }),
    );
    expect(bad.message).to.contain('"ec2.subnets[0]" must be an object, got null');
    const v1 = edited((s) => {
      s.version = 1;
      delete s.redshiftServerless;
      s.ec2.subnets = 'not recorded in version 1';
    });
    expect(parseSnapshot(JSON.stringify(v1), 'v1.json').ec2.subnets).to.deep.equal([]);
  });

  describe('files the tool writes still parse', () => {
    const redshift = useClientMock(RedshiftClient);
    const ec2 = useClientMock(EC2Client);
    const serverless = useClientMock(RedshiftServerlessClient);
    it('examples/demo-account.json', () => {
      const snapshot = parseSnapshot(demo, DEMO);
      expect(snapshot.redshift.clusters.length).to.be.greaterThan(5);
      expect(snapshot.upgradedFrom).to.equal(undefined);
    });

    it('a freshly recorded snapshot of the demo account, and of a synthetic one', async () => {
      const demoRecorded = await recordAccount(redshift(), ec2(), demoAccountData(), {
        serverless: serverless(),
        fail: demoFailures,
      });
      expect(parseSnapshot(JSON.stringify(demoRecorded), 'demo.json').redshift.clusters).to.have.length(
        demoRecorded.redshift.clusters.length,
      );
      const synthetic = await recordAccount(redshift(), ec2(), syntheticAccount(3, 2), { serverless: serverless() });
      expect(parseSnapshot(JSON.stringify(synthetic, null, 2), 'synthetic.json').ec2.routeTables).to.have.length(4);
    });
  });

  describe('a file recorded over the wire', () => {
    const startStub = useHttpStub();

    it('a snapshot recorded by "redshift-evr snapshot" over the wire (AWS API emulator), and its replay', async () => {
      const stub = await startStub(emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' }));
      const previous = process.env.AWS_ENDPOINT_URL;
      process.env.AWS_ENDPOINT_URL = stub.url;
      const io = testIo();
      try {
        expect(await runCli(['snapshot', '--out', 'emu.json', '--region', 'us-east-1'], io), io.err()).to.equal(0);
      } finally {
        if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
        else process.env.AWS_ENDPOINT_URL = previous;
      }
      const text = io.files['emu.json'] ?? '';
      const snapshot: Snapshot = parseSnapshot(text, 'emu.json');
      expect(snapshot.redshift.clusters.map((c) => c.ClusterIdentifier)).to.deep.equal(['emu-1']);
      const result = await scanRegion(snapshotFactSource(snapshot), {
        prerequisiteMode: 'report',
        requireInternetPath: false,
      });
      expect(result.evaluations.map((e) => e.clusterIdentifier)).to.deep.equal(['emu-1']);
    });
  });

  describe('a large file', () => {
    /** A snapshot of `clusters` clusters over `clusters / 50` VPCs, with every kind of resource. */
    const bigSnapshot = (clusters: number): Record<string, unknown> => {
      const hex = (kind: number, n: number) => `0${kind.toString(16)}${n.toString(16).padStart(15, '0')}`;
      const vpcs = Math.max(1, Math.floor(clusters / 50));
      const vpc = (v: number) => `vpc-${hex(1, v)}`;
      const subnet = (v: number, k: number) => `subnet-${hex(2, v * 2 + k)}`;
      const sg = (v: number) => `sg-${hex(3, v)}`;
      const arn = (kind: string, n: number) => `arn:aws:redshift:us-east-1:111122223333:${kind}:${hex(4, n)}`;
      return {
        format: 'redshift-evr-snapshot',
        version: 3,
        region: 'us-east-1',
        capturedAt: '2026-11-28T09:00:00.000Z',
        redshift: {
          clusters: Array.from({ length: clusters }, (_, i) => ({
            ClusterIdentifier: `cluster-${i}`,
            NodeType: 'ra3.xlplus',
            ClusterStatus: 'available',
            ClusterAvailabilityStatus: 'Available',
            NumberOfNodes: 2,
            ClusterSubnetGroupName: `group-${i % vpcs}`,
            VpcId: vpc(i % vpcs),
            PubliclyAccessible: false,
            EnhancedVpcRouting: i % 2 === 0,
            VpcSecurityGroups: [{ VpcSecurityGroupId: sg(i % vpcs), Status: 'active' }],
            Encrypted: true,
            Tags: [
              { Key: 'team', Value: `team-${i % 17}` },
              { Key: 'cost-centre', Value: 'data platform' },
            ],
            ClusterNamespaceArn: arn('namespace', i),
          })),
          clusterSubnetGroups: Array.from({ length: vpcs }, (_, v) => ({
            ClusterSubnetGroupName: `group-${v}`,
            VpcId: vpc(v),
            Subnets: [0, 1].map((k) => ({ SubnetIdentifier: subnet(v, k), SubnetStatus: 'Active' })),
          })),
        },
        redshiftServerless: { workgroups: [], workgroupTags: {} },
        ec2: {
          subnets: Array.from({ length: vpcs * 2 }, (_, n) => ({
            SubnetId: subnet(n >> 1, n & 1),
            VpcId: vpc(n >> 1),
          })),
          routeTables: Array.from({ length: vpcs }, (_, v) => ({
            RouteTableId: `rtb-${hex(5, v)}`,
            VpcId: vpc(v),
            Associations: [{ Main: true, AssociationState: { State: 'associated' } }],
            Routes: [
              { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
              { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: `nat-${hex(6, v)}`, State: 'active' },
              { DestinationPrefixListId: 'pl-63a5400a', GatewayId: `vpce-${hex(7, v)}`, State: 'active' },
            ],
          })),
          vpcEndpoints: Array.from({ length: vpcs }, (_, v) => ({
            VpcEndpointId: `vpce-${hex(7, v)}`,
            VpcEndpointType: 'Gateway',
            VpcId: vpc(v),
            ServiceName: 'com.amazonaws.us-east-1.s3',
            State: 'available',
            RouteTableIds: [`rtb-${hex(5, v)}`],
            OwnerId: '111122223333',
          })),
          prefixLists: [
            { PrefixListId: 'pl-63a5400a', PrefixListName: 'com.amazonaws.us-east-1.s3', Cidrs: ['3.5.0.0/19'] },
          ],
          vpcAttributes: Object.fromEntries(
            Array.from({ length: vpcs }, (_, v) => [vpc(v), { enableDnsSupport: true, enableDnsHostnames: true }]),
          ),
          securityGroups: Array.from({ length: vpcs }, (_, v) => ({
            GroupId: sg(v),
            VpcId: vpc(v),
            IpPermissionsEgress: [
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            ],
          })),
          networkAcls: Array.from({ length: vpcs }, (_, v) => ({
            NetworkAclId: `acl-${hex(8, v)}`,
            VpcId: vpc(v),
            IsDefault: true,
            Associations: [0, 1].map((k) => ({ SubnetId: subnet(v, k) })),
            Entries: [
              { RuleNumber: 100, Egress: true, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
              { RuleNumber: 32767, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
            ],
          })),
          prefixListEntries: { 'pl-63a5400a': [{ Cidr: '3.5.0.0/19' }] },
          blockPublicAccess: { options: { InternetGatewayBlockMode: 'off' }, exclusions: [] },
        },
        failures: [],
      };
    };

    // How fast a large file parses is the benchmark's business; here only that one is walked to its end.
    it('names the bad field of the last cluster of a 20,000-cluster snapshot', () => {
      const data = bigSnapshot(20_000) as { redshift: { clusters: Json[] } };
      (data.redshift.clusters[19_999] as Json).Tags = [null];
      expect(parseError(data).message).to.contain('"redshift.clusters[19999].Tags[0]" must be an object, got null');
    });
  });
});
