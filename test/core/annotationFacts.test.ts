import { expect } from 'chai';
import { isOurRuleName } from '../../src/cli/aggregateReport.ts';
import { annotationAfterEvr, factsFromAnnotation } from '../../src/core/annotationFacts.ts';

describe('factsFromAnnotation (reports from AWS Config stored results)', () => {
  it('reads what the rule says for certain, and nothing else', () => {
    const ready =
      'Enhanced VPC routing is off. Ready to remediate: S3 reachable via S3 gateway endpoint from its subnet.';
    expect(factsFromAnnotation('NON_COMPLIANT', ready)).to.deep.equal({
      enhancedVpcRouting: false,
      prerequisitesMet: true,
      readyToRemediate: true,
    });
    expect(factsFromAnnotation('NON_COMPLIANT', 'Enhanced VPC routing is off. Fix first: No S3 route.')).to.deep.equal({
      enhancedVpcRouting: false,
      prerequisitesMet: false,
      readyToRemediate: false,
    });
    expect(
      factsFromAnnotation('NON_COMPLIANT', 'Enhanced VPC routing is off. Not verified safe to remediate: x'),
    ).to.include({
      enhancedVpcRouting: false,
      prerequisitesMet: null,
    });
    expect(
      factsFromAnnotation('NON_COMPLIANT', 'Enhanced VPC routing is on, but prerequisites are missing: x'),
    ).to.deep.equal({ enhancedVpcRouting: true, prerequisitesMet: false, readyToRemediate: false });
    expect(factsFromAnnotation('COMPLIANT', 'Enhanced VPC routing is on.')).to.include({
      enhancedVpcRouting: true,
      prerequisitesMet: null,
    });
    expect(factsFromAnnotation('NOT_APPLICABLE', 'Exempt by tag evr-exempt: vendor')).to.deep.equal({
      enhancedVpcRouting: null,
      prerequisitesMet: null,
      readyToRemediate: false,
    });
  });

  it('leaves out the opening the EVR column shows, and nothing else', () => {
    expect(annotationAfterEvr('Enhanced VPC routing is off. Fix first: No S3 route from subnet-1.')).to.equal(
      'Fix first: No S3 route from subnet-1.',
    );
    expect(annotationAfterEvr('Enhanced VPC routing is on.')).to.equal('');
    expect(annotationAfterEvr('Exempt by tag evr-exempt: vendor')).to.equal('Exempt by tag evr-exempt: vendor');
    expect(annotationAfterEvr('Enhanced VPC routing is often off')).to.equal('Enhanced VPC routing is often off');
  });

  it("matches the rule's own name and a conformance pack's or organization rule's suffixed name only", () => {
    const base = 'redshift-evr-enhanced-vpc-routing';
    expect(isOurRuleName(base, base)).to.equal(true);
    expect(isOurRuleName(`${base}-conformance-pack-a1b2c3d4`, base)).to.equal(true);
    expect(isOurRuleName(`OrgConfigRule-${base}-x1y2`, base)).to.equal(true);
    expect(isOurRuleName(`${base}-conformance-pack-`, base)).to.equal(false);
    expect(isOurRuleName('redshift-evr-serverless-enhanced-vpc-routing', base)).to.equal(false);
    expect(isOurRuleName(`${base}-copy`, base)).to.equal(false);
  });
});
