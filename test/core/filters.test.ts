import { expect } from 'chai';
import fc from 'fast-check';
import {
  evaluateBlockPublicAccess,
  evaluateEgress,
  evaluateNetworkAcl,
  type S3Destinations,
} from '../../src/core/filters.ts';
import type { BlockPublicAccess, EgressRule, S3Path } from '../../src/core/types.ts';
import {
  allTrafficEgress,
  anAcl,
  anAclEntry,
  aSecurityGroup,
  known,
  S3_CIDRS,
  S3_PL,
  SG,
  unknown,
} from '../support/coreFixtures.ts';

const S3: S3Destinations = { prefixListId: known(S3_PL), cidrs: known(S3_CIDRS) };
const denied = { kind: 'call', failure: 'denied', operation: 'ec2:GetManagedPrefixListEntries', error: 'x' } as const;

const tcp = (from: number, to: number, cidrs: string[]): EgressRule => ({
  protocol: 'tcp',
  fromPort: from,
  toPort: to,
  cidrs,
  prefixListIds: [],
  groupIds: [],
});
const toPrefixList = (id: string, protocol = 'tcp'): EgressRule => ({
  protocol,
  fromPort: 443,
  toPort: 443,
  cidrs: [],
  prefixListIds: [id],
  groupIds: [],
});

describe('evaluateEgress', () => {
  const cases: { name: string; groups: ReturnType<typeof aSecurityGroup>[]; ids?: string[]; open: boolean | null }[] = [
    { name: 'all traffic to 0.0.0.0/0 (AWS default)', groups: [aSecurityGroup()], open: true },
    { name: 'TCP 443 to the S3 prefix list', groups: [aSecurityGroup(SG, [toPrefixList(S3_PL)])], open: true },
    { name: 'TCP 0-65535 to 0.0.0.0/0', groups: [aSecurityGroup(SG, [tcp(0, 65535, ['0.0.0.0/0'])])], open: true },
    {
      name: 'TCP 443 to CIDRs that together cover every S3 CIDR',
      groups: [aSecurityGroup(SG, [tcp(443, 443, ['3.5.0.0/20', '3.5.16.0/20', '52.216.0.0/15'])])],
      open: true,
    },
    {
      name: 'the union of two groups covering S3 between them',
      groups: [
        aSecurityGroup('sg-1', [tcp(443, 443, ['3.5.0.0/19'])]),
        aSecurityGroup('sg-2', [tcp(443, 443, ['52.216.0.0/15'])]),
      ],
      ids: ['sg-1', 'sg-2'],
      open: true,
    },
    { name: 'no egress rule at all', groups: [aSecurityGroup(SG, [])], open: false },
    {
      name: 'egress only to tcp/5439 inside the VPC',
      groups: [aSecurityGroup(SG, [tcp(5439, 5439, ['10.0.0.0/16'])])],
      open: false,
    },
    {
      name: 'TCP 443 to part of the S3 CIDRs only',
      groups: [aSecurityGroup(SG, [tcp(443, 443, ['3.5.0.0/19', '52.216.0.0/16'])])],
      open: false,
    },
    { name: 'TCP 80 to 0.0.0.0/0', groups: [aSecurityGroup(SG, [tcp(80, 80, ['0.0.0.0/0'])])], open: false },
    {
      name: 'UDP 443 to the S3 prefix list',
      groups: [aSecurityGroup(SG, [toPrefixList(S3_PL, 'udp')])],
      open: false,
    },

    {
      name: 'a rule to another security group only',
      groups: [aSecurityGroup(SG, [{ protocol: '-1', cidrs: [], prefixListIds: [], groupIds: ['sg-proxy'] }])],
      open: false,
    },
    {
      name: 'one group open, but the cluster is in another one that is closed (union: still open)',
      groups: [aSecurityGroup('sg-1', []), aSecurityGroup('sg-2', [allTrafficEgress()])],
      ids: ['sg-1', 'sg-2'],
      open: true,
    },
  ];
  for (const c of cases) {
    it(`is ${c.open === true ? 'open' : 'blocked'} with ${c.name}`, () => {
      expect(evaluateEgress(c.ids ?? [SG], known(c.groups), S3).open).to.equal(c.open);
    });
  }

  it('is unverified when a group of the cluster was not returned', () => {
    expect(evaluateEgress(['sg-gone'], known([aSecurityGroup()]), S3)).to.deep.equal({
      open: null,
      reason: { kind: 'security-group-not-found', groupId: 'sg-gone' },
    });
  });

  it('is unverified, not blocked, with egress to another prefix list (a customer-managed one may hold S3)', () => {
    expect(evaluateEgress([SG], known([aSecurityGroup(SG, [toPrefixList('pl-0custom')])]), S3)).to.deep.equal({
      open: null,
      reason: { kind: 'egress-prefix-list', prefixListId: 'pl-0custom' },
    });
  });

  it('is unverified when the groups could not be described, and when the cluster lists none', () => {
    expect(evaluateEgress([SG], unknown(denied), S3)).to.deep.equal({ open: null, reason: denied });
    expect(evaluateEgress([], known([]), S3)).to.deep.equal({ open: null, reason: { kind: 'no-security-groups' } });
  });

  it("is unverified, not blocked, when partial CIDRs cannot be compared with S3's unread CIDRs", () => {
    const groups = known([aSecurityGroup(SG, [tcp(443, 443, ['3.5.0.0/19'])])]);
    expect(evaluateEgress([SG], groups, { prefixListId: known(S3_PL), cidrs: unknown(denied) })).to.deep.equal({
      open: null,
      reason: denied,
    });
    // 0.0.0.0/0 covers S3 whatever its CIDRs are.
    expect(
      evaluateEgress([SG], known([aSecurityGroup()]), { prefixListId: known(S3_PL), cidrs: unknown(denied) }).open,
    ).to.equal(true);
  });

  it('never turns from open to blocked when an allow-all egress rule is added (property)', () => {
    const cidr = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
      .map(([a, b, bits]) => `${a}.${b}.0.0/${Math.max(bits, 16)}`);
    const rule = fc.record({
      protocol: fc.constantFrom('-1', 'tcp', 'udp', '6'),
      fromPort: fc.integer({ min: 0, max: 1000 }),
      toPort: fc.integer({ min: 0, max: 65535 }),
      cidrs: fc.array(fc.oneof(cidr, fc.constant('0.0.0.0/0'), fc.constantFrom(...S3_CIDRS)), { maxLength: 3 }),
      prefixListIds: fc.array(fc.constantFrom(S3_PL, 'pl-other'), { maxLength: 1 }),
      groupIds: fc.array(fc.constant('sg-x'), { maxLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 4 }), (rules) => {
        const before = evaluateEgress([SG], known([aSecurityGroup(SG, rules)]), S3).open;
        const after = evaluateEgress([SG], known([aSecurityGroup(SG, [...rules, allTrafficEgress()])]), S3).open;
        return after === true && (before !== true || after === true);
      }),
    );
  });
});

describe('evaluateNetworkAcl', () => {
  const withEntries = (...entries: ReturnType<typeof anAclEntry>[]) => anAcl({ networkAclId: 'acl-1', entries });
  const allowInbound = anAclEntry(100, false, true);
  const allowOutbound = anAclEntry(100, true, true);

  it("is open with AWS's default ACL", () => {
    expect(evaluateNetworkAcl(anAcl(), known(S3_CIDRS))).to.deep.equal({ open: true });
  });

  it('is blocked outbound by a deny numbered before the allow, naming its rule', () => {
    const acl = withEntries(anAclEntry(50, true, false), allowOutbound, allowInbound);
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({
      open: false,
      direction: 'outbound',
      ruleNumber: 50,
    });
  });

  it('is open when the allow comes before the deny (lowest rule number first)', () => {
    const acl = withEntries(
      anAclEntry(90, true, true, { ports: [443, 443] }),
      anAclEntry(100, true, false),
      allowInbound,
    );
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({ open: true });
  });

  it('is blocked by the final * deny when no rule allows outbound traffic', () => {
    const acl = withEntries(anAclEntry(32767, true, false), allowInbound);
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({
      open: false,
      direction: 'outbound',
      ruleNumber: null,
    });
  });

  it('is blocked when a deny covers only part of one S3 CIDR', () => {
    const acl = withEntries(anAclEntry(10, true, false, { cidr: '52.217.0.0/16' }), allowOutbound, allowInbound);
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({
      open: false,
      direction: 'outbound',
      ruleNumber: 10,
    });
  });

  it('is open when allows cover exactly the S3 CIDRs (and a deny of everything else follows)', () => {
    const acl = withEntries(
      anAclEntry(10, true, true, { cidr: '3.5.0.0/19', ports: [443, 443] }),
      anAclEntry(20, true, true, { cidr: '52.216.0.0/15', ports: [443, 443] }),
      anAclEntry(30, true, false),
      anAclEntry(10, false, true, { cidr: '3.5.0.0/19', ports: [1024, 65535] }),
      anAclEntry(20, false, true, { cidr: '52.216.0.0/15', ports: [1024, 65535] }),
    );
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({ open: true });
  });

  it('is blocked inbound when return traffic on the ephemeral ports is denied (it is stateless)', () => {
    const acl = withEntries(allowOutbound, anAclEntry(100, false, true, { cidr: '10.0.0.0/16' }));
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({
      open: false,
      direction: 'inbound',
      ruleNumber: null,
    });
  });

  it('is unverified when return traffic is allowed on part of 1024-65535 only', () => {
    const acl = withEntries(allowOutbound, anAclEntry(100, false, true, { ports: [32768, 65535] }));
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS))).to.deep.equal({
      open: null,
      reason: { kind: 'acl-narrow-ephemeral', networkAclId: 'acl-1' },
    });
  });

  it('is blocked when the outbound allow is for TCP 80 only', () => {
    const acl = withEntries(anAclEntry(100, true, true, { ports: [80, 80] }), allowInbound);
    expect(evaluateNetworkAcl(acl, known(S3_CIDRS)).open).to.equal(false);
  });

  it('is open without the S3 CIDRs when it lets everything through, else unverified', () => {
    expect(evaluateNetworkAcl(anAcl(), unknown(denied))).to.deep.equal({ open: true });
    const acl = withEntries(anAclEntry(10, true, true, { cidr: '52.216.0.0/15' }), allowInbound);
    expect(evaluateNetworkAcl(acl, unknown(denied))).to.deep.equal({ open: null, reason: denied });
  });
});

describe('evaluateBlockPublicAccess', () => {
  const where = { vpcId: 'vpc-1', subnetId: 'subnet-1', natGatewayId: 'nat-1' };
  const bpa = (
    mode: BlockPublicAccess['mode'],
    exclusions: BlockPublicAccess['exclusions'] = [],
  ): BlockPublicAccess => ({
    mode,
    exclusions,
  });
  const cases: {
    mode: BlockPublicAccess['mode'];
    path: S3Path;
    exclusions?: BlockPublicAccess['exclusions'];
    open: boolean | null;
  }[] = [
    { mode: 'off', path: 'INTERNET_GATEWAY', open: true },
    { mode: 'block-bidirectional', path: 'GATEWAY_ENDPOINT', open: true },
    { mode: 'block-bidirectional', path: 'INTERNET_GATEWAY', open: false },
    { mode: 'block-bidirectional', path: 'NAT_GATEWAY', open: false },
    {
      mode: 'block-bidirectional',
      path: 'INTERNET_GATEWAY',
      exclusions: [{ resourceId: 'vpc-1', mode: 'allow-egress' }],
      open: true,
    },
    {
      mode: 'block-bidirectional',
      path: 'INTERNET_GATEWAY',
      exclusions: [{ resourceId: 'subnet-1', mode: 'allow-bidirectional' }],
      open: true,
    },
    {
      mode: 'block-bidirectional',
      path: 'NAT_GATEWAY',
      exclusions: [{ resourceId: 'subnet-nat', mode: 'allow-egress' }],
      open: null,
    },
    { mode: 'block-ingress', path: 'NAT_GATEWAY', open: true },
    { mode: 'block-ingress', path: 'INTERNET_GATEWAY', open: false },
    {
      mode: 'block-ingress',
      path: 'INTERNET_GATEWAY',
      exclusions: [{ resourceId: 'vpc-1', mode: 'allow-egress' }],
      open: false,
    },
    {
      mode: 'block-ingress',
      path: 'INTERNET_GATEWAY',
      exclusions: [{ resourceId: 'vpc-1', mode: 'allow-bidirectional' }],
      open: true,
    },
  ];
  for (const c of cases) {
    const ex = (c.exclusions ?? []).map((e) => `${e.resourceId} ${e.mode}`).join(', ') || 'no exclusion';
    it(`${c.mode}, ${c.path}, ${ex}: ${c.open === null ? 'unverified' : c.open ? 'open' : 'blocked'}`, () => {
      expect(evaluateBlockPublicAccess(bpa(c.mode, c.exclusions), c.path, where).open).to.equal(c.open);
    });
  }
});
