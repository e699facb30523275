import { expect } from 'chai';
import type { HubFinding } from '../../src/core/findingSync.ts';
import {
  type ComparedEvaluation,
  DISAGREEMENT_WHAT,
  disagreementsOf,
  hubCell,
  reportedHubFinding,
} from '../../src/core/hubComparison.ts';

const ARN = 'arn:aws:redshift:us-east-1:111122223333:cluster:c-0';
const EXEMPT = { tagKey: 'evr-exempt', reason: 'vendor-managed' };

const finding = (over: Partial<HubFinding> = {}): HubFinding => ({
  id: 'f-0',
  productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
  workflowStatus: 'NEW',
  noteText: null,
  complianceStatus: 'FAILED',
  ...over,
});

const evaluation = (over: Partial<ComparedEvaluation>): ComparedEvaluation => ({
  clusterArn: ARN,
  clusterIdentifier: 'c-0',
  complianceType: 'NON_COMPLIANT',
  exemption: null,
  securityHub: reportedHubFinding([finding()]),
  ...over,
});

const kinds = (e: ComparedEvaluation) => disagreementsOf(e).map((d) => d.kind);

describe('Security Hub comparison (scan --security-hub)', () => {
  it('reports the first finding read, or null without one', () => {
    expect(reportedHubFinding(undefined)).to.equal(null);
    expect(reportedHubFinding([])).to.equal(null);
    expect(reportedHubFinding([finding({ id: 'a' }), finding({ id: 'b', workflowStatus: 'NOTIFIED' })])).to.deep.equal({
      findingId: 'a',
      complianceStatus: 'FAILED',
      workflowStatus: 'NEW',
    });
  });

  it('finds no disagreement where both agree, or without a finding', () => {
    expect(kinds(evaluation({}))).to.deep.equal([]);
    expect(kinds(evaluation({ securityHub: null, exemption: EXEMPT, complianceType: 'NOT_APPLICABLE' }))).to.deep.equal(
      [],
    );
    const suppressed = reportedHubFinding([finding({ workflowStatus: 'SUPPRESSED' })]);
    expect(
      kinds(evaluation({ exemption: EXEMPT, complianceType: 'NOT_APPLICABLE', securityHub: suppressed })),
    ).to.deep.equal([]);
    // WARNING and NOT_AVAILABLE say nothing either way.
    for (const complianceStatus of ['WARNING', 'NOT_AVAILABLE'] as const) {
      const hub = reportedHubFinding([finding({ complianceStatus })]);
      expect(kinds(evaluation({ complianceType: 'COMPLIANT', securityHub: hub }))).to.deep.equal([]);
    }
  });

  it('names each disagreement, by ARN (the name when there is none), with its sentence', () => {
    expect(disagreementsOf(evaluation({ exemption: EXEMPT, complianceType: 'NOT_APPLICABLE' }))).to.deep.equal([
      { resource: ARN, kind: 'exempt-not-suppressed', what: DISAGREEMENT_WHAT['exempt-not-suppressed'] },
    ]);
    const passedSuppressed = reportedHubFinding([
      finding({ complianceStatus: 'PASSED', workflowStatus: 'SUPPRESSED' }),
    ]);
    expect(kinds(evaluation({ securityHub: passedSuppressed }))).to.deep.equal([
      'suppressed-not-exempt',
      'passed-but-noncompliant',
    ]);
    expect(disagreementsOf(evaluation({ clusterArn: null, complianceType: 'COMPLIANT' }))).to.deep.equal([
      { resource: 'c-0', kind: 'failed-but-compliant', what: DISAGREEMENT_WHAT['failed-but-compliant'] },
    ]);
  });

  it("shows the table's HUB cell", () => {
    expect(hubCell(null)).to.equal('-');
    expect(hubCell(undefined)).to.equal('-');
    expect(hubCell(reportedHubFinding([finding({ workflowStatus: 'NOTIFIED' })]))).to.equal('FAILED/NOTIFIED');
    expect(hubCell(reportedHubFinding([finding({ complianceStatus: null })]))).to.equal('?/NEW');
  });
});
