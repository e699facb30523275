import { expect } from 'chai';
import fc from 'fast-check';
import { evaluatePrerequisites } from '../../src/core/prerequisites.ts';
import type { BlockPublicAccess, EgressRule, NetworkAclEntry } from '../../src/core/types.ts';
import {
  aCluster,
  allTrafficEgress,
  aNetwork,
  anAcl,
  aRouteTable,
  aSecurityGroup,
  endpointRoute,
  known,
  localRoute,
  natRoute,
  S3_CIDRS,
  S3_PL,
  SG,
} from '../support/coreFixtures.ts';

const cidr = fc.oneof(
  fc.constant('0.0.0.0/0'),
  fc.constantFrom(...S3_CIDRS),
  fc.constantFrom('3.5.0.0/20', '52.216.0.0/16', '52.217.0.0/16', '10.0.0.0/16'),
);
const port = fc.integer({ min: 0, max: 65535 });
const egressRule: fc.Arbitrary<EgressRule> = fc
  .record({
    protocol: fc.constantFrom('-1', 'tcp', 'udp'),
    from: port,
    span: fc.integer({ min: 0, max: 70000 }),
    cidrs: fc.array(cidr, { maxLength: 2 }),
    prefixListIds: fc.array(fc.constantFrom(S3_PL, 'pl-other'), { maxLength: 1 }),
  })
  .map(({ protocol, from, span, cidrs, prefixListIds }) => ({
    protocol,
    fromPort: from,
    toPort: Math.min(65535, from + span),
    cidrs,
    prefixListIds,
    groupIds: [],
  }));
const aclEntry: fc.Arbitrary<NetworkAclEntry> = fc
  .record({
    ruleNumber: fc.integer({ min: 1, max: 32766 }),
    egress: fc.boolean(),
    allow: fc.boolean(),
    tcp: fc.boolean(),
    cidr,
    from: port,
    span: fc.integer({ min: 0, max: 70000 }),
  })
  .map(({ ruleNumber, egress, allow, tcp, cidr, from, span }) => ({
    ruleNumber,
    egress,
    allow,
    cidr,
    protocol: tcp ? '6' : '-1',
    ...(tcp ? { ports: { from, to: Math.min(65535, from + span) } } : {}),
  }));
const bpa: fc.Arbitrary<BlockPublicAccess> = fc.record({
  mode: fc.constantFrom('off', 'block-bidirectional', 'block-ingress'),
  exclusions: fc.array(
    fc.record({
      resourceId: fc.constantFrom('vpc-0a1', 'subnet-a', 'subnet-z'),
      mode: fc.constantFrom('allow-bidirectional', 'allow-egress'),
    }),
    { maxLength: 2 },
  ),
});

describe('the network path (property)', () => {
  it('never turns a ready cluster into a blocked one when an allow-all egress rule is added', () => {
    fc.assert(
      fc.property(
        fc.array(egressRule, { maxLength: 4 }),
        fc.array(aclEntry, { maxLength: 6 }),
        bpa,
        fc.boolean(),
        (rules, entries, blockPublicAccess, viaNat) => {
          const acl = anAcl({ entries: [...entries, ...anAcl().entries.filter((e) => e.ruleNumber === 32767)] });
          const route = viaNat ? natRoute() : endpointRoute();
          const network = (egress: EgressRule[]) =>
            aNetwork({
              routeTables: known([aRouteTable({ routes: [localRoute(), route] })]),
              securityGroups: known([aSecurityGroup(SG, egress)]),
              networkAcls: known([acl]),
              blockPublicAccess: known(blockPublicAccess),
            });
          const before = evaluatePrerequisites(aCluster(), network(rules), { requireInternetPath: false });
          const after = evaluatePrerequisites(aCluster(), network([...rules, allTrafficEgress()]), {
            requireInternetPath: false,
          });
          expect(after.missing).to.not.include('SECURITY_GROUP_EGRESS_BLOCKED');
          if (before.met === true) expect(after.met).to.equal(true);
          // Nothing but the egress verdict may change.
          expect(after.missing.filter((c) => c !== 'NETWORK_UNVERIFIED')).to.deep.equal(
            before.missing.filter((c) => c !== 'NETWORK_UNVERIFIED' && c !== 'SECURITY_GROUP_EGRESS_BLOCKED'),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
