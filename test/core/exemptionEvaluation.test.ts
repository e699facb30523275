import { expect } from 'chai';
import fc from 'fast-check';
import { ANNOTATION_LIMIT } from '../../src/core/annotation.ts';
import { factsFromAnnotation } from '../../src/core/annotationFacts.ts';
import { evaluateCluster, isExempt, isReadyToRemediate } from '../../src/core/evaluateCluster.ts';
import type { ClusterFacts } from '../../src/core/types.ts';
import { aCluster, aNetwork, aWorkgroup, networkWithRoutes, options } from '../support/coreFixtures.ts';

const KEY = 'evr-exempt';
const REASON = 'Vendor-managed; risk accepted in SEC-1432 until 2027-03-31';
const LAST_MOMENT = new Date('2027-03-31T23:59:59.999Z');
const NEXT_MIDNIGHT = new Date('2027-04-01T00:00:00.000Z');
const tagged = (value: string) => aCluster({ tags: { [KEY]: value } });
const evaluate = (cluster: ClusterFacts, at: Date, network = aNetwork()) =>
  evaluateCluster(cluster, network, options({ exemptionTagKey: KEY }), at);

describe('evaluateCluster: exemptions with an end date', () => {
  it('is exempt through the last day (UTC), saying until when', () => {
    const e = evaluate(tagged(REASON), LAST_MOMENT);
    expect(e.complianceType).to.equal('NOT_APPLICABLE');
    expect(e.annotation).to.equal(`Exempt by tag ${KEY}: ${REASON}`);
    expect(e.exemption).to.deep.equal({ tagKey: KEY, reason: REASON, until: '2027-03-31' });
    expect(e.ignoredExemption).to.equal(null);
    expect(isExempt(tagged(REASON), { exemptionTagKey: KEY }, LAST_MOMENT)).to.equal(true);
  });

  it('is judged as if untagged from the next midnight UTC, its annotation opening with the expiry', () => {
    const e = evaluate(tagged(REASON), NEXT_MIDNIGHT);
    const untagged = evaluate(aCluster(), NEXT_MIDNIGHT);
    expect(e.complianceType).to.equal('NON_COMPLIANT');
    expect(isReadyToRemediate(e)).to.equal(true);
    expect(e.exemption).to.equal(null);
    expect(e.ignoredExemption).to.deep.equal({ tagKey: KEY, reason: REASON, until: '2027-03-31', why: 'expired' });
    expect(e.annotation).to.equal(`Exemption ${KEY} expired on 2027-03-31. ${untagged.annotation}`);
    expect({ ...e, annotation: '', ignoredExemption: null }).to.deep.equal({ ...untagged, annotation: '' });
    expect(isExempt(tagged(REASON), { exemptionTagKey: KEY }, NEXT_MIDNIGHT)).to.equal(false);
    // Reports read from AWS Config's stored results still read the verdict past that sentence.
    expect(factsFromAnnotation('NON_COMPLIANT', e.annotation)).to.deep.equal({
      enhancedVpcRouting: false,
      prerequisitesMet: true,
      readyToRemediate: true,
    });
  });

  it('is compliant or not by its EVR flag once expired, as any untagged workgroup', () => {
    const on = evaluate(aWorkgroup({ enhancedVpcRouting: true, tags: { [KEY]: 'until 2020-01-01' } }), NEXT_MIDNIGHT);
    expect(on.complianceType).to.equal('COMPLIANT');
    expect(on.annotation).to.equal(`Exemption ${KEY} expired on 2020-01-01. Enhanced VPC routing is on.`);
    const missing = evaluate(tagged('until 2020-01-01'), NEXT_MIDNIGHT, networkWithRoutes([]));
    expect(missing.complianceType).to.equal('NON_COMPLIANT');
    expect(missing.missing).to.deep.equal(['S3_ROUTE_MISSING']);
    expect(missing.annotation).to.match(/^Exemption evr-exempt expired on 2020-01-01\. Enhanced VPC routing is off\./);
  });

  it('exempts nothing with an invalid date, saying so and how to write it', () => {
    const e = evaluate(tagged('SEC-1432 until 2027-02-30'), new Date('2026-01-01T00:00:00Z'));
    expect(e.complianceType).to.equal('NON_COMPLIANT');
    expect(e.exemption).to.equal(null);
    expect(e.ignoredExemption).to.include({ why: 'invalid-date', until: '2027-02-30' });
    expect(e.annotation).to.match(
      /^Exemption evr-exempt not applied: "until 2027-02-30" is not a date; end the tag value with until YYYY-MM-DD, such as until 2027-03-31 \(UTC\)\. Enhanced VPC routing is off\. Ready to remediate:/,
    );
  });

  it('never expires a value without an end date, and says nothing about exemptions outside a VPC', () => {
    expect(evaluate(tagged('vendor'), new Date('9999-01-01Z')).exemption).to.deep.equal({
      tagKey: KEY,
      reason: 'vendor',
    });
    const outside = evaluate(
      aCluster({ subnetGroupName: undefined, vpcId: undefined, tags: { [KEY]: 'until 2020-01-01' } }),
      NEXT_MIDNIGHT,
    );
    expect(outside.annotation).to.equal('Cluster is not in a VPC; enhanced VPC routing does not apply.');
    expect(outside.ignoredExemption).to.equal(null);
  });

  it('keeps every annotation within 256 characters, whatever the key, the date text and the problems', () => {
    const key = fc.string({ minLength: 1, maxLength: 128 }).filter((k) => k.trim() === k && k !== '');
    const value = fc.oneof(
      fc.constant('until 2020-01-01'),
      fc.string({ maxLength: 200 }).map((s) => `until 2${s}`),
    );
    fc.assert(
      fc.property(key, value, fc.boolean(), (k, v, broken) => {
        const network = broken ? networkWithRoutes([]) : aNetwork();
        const e = evaluateCluster(
          aCluster({ tags: { [k]: v } }),
          network,
          options({ exemptionTagKey: k }),
          NEXT_MIDNIGHT,
        );
        expect(e.ignoredExemption).to.not.equal(null);
        expect(e.annotation.length).to.be.at.most(ANNOTATION_LIMIT);
        expect(e.annotation).to.match(/Enhanced VPC routing is off/);
      }),
      { numRuns: 200 },
    );
  });
});
