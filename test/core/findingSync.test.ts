import { expect } from 'chai';
import fc from 'fast-check';
import {
  applyFindingUpdate,
  changeNoteText,
  decideChangeNote,
  decideFindingUpdate,
  type FindingUpdate,
  type HubComplianceStatus,
  type HubFinding,
  isOurNote,
  NOTE_AUTHOR,
  NOTE_LIMIT,
  ourNote,
  type SyncedEvaluation,
  type WorkflowStatus,
} from '../../src/core/findingSync.ts';
import type { ComplianceType, ResourceKind } from '../../src/core/types.ts';

const BLOCKED_ANNOTATION =
  'Enhanced VPC routing is off. Fix first: subnet-1 has no route to S3; add an S3 gateway endpoint to rtb-1.';
const READY_ANNOTATION = 'Enhanced VPC routing is off. Ready to remediate: the network reaches S3.';

const blocked: SyncedEvaluation = {
  kind: 'cluster',
  complianceType: 'NON_COMPLIANT',
  annotation: BLOCKED_ANNOTATION,
  exemption: null,
  readyToRemediate: false,
};
const ready: SyncedEvaluation = { ...blocked, annotation: READY_ANNOTATION, readyToRemediate: true };
const exempt: SyncedEvaluation = {
  kind: 'cluster',
  complianceType: 'NOT_APPLICABLE',
  annotation: 'Exempt by tag evr-exempt: legacy ETL',
  exemption: { tagKey: 'evr-exempt', reason: 'legacy ETL' },
  readyToRemediate: false,
};
const compliant: SyncedEvaluation = {
  ...blocked,
  complianceType: 'COMPLIANT',
  annotation: 'Enhanced VPC routing is on.',
};

const finding = (over: Partial<HubFinding> = {}): HubFinding => ({
  id: 'arn:aws:securityhub:us-east-1:111122223333:security-control/Redshift.7/finding/abc',
  productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
  workflowStatus: 'NEW',
  noteText: null,
  complianceStatus: 'FAILED',
  ...over,
});

const EXEMPT_NOTE = 'Exempt by tag evr-exempt: legacy ETL (redshift-evr)';

describe('Security Hub finding sync: the decision', () => {
  describe("after the runbook's change", () => {
    const note = { kind: 'cluster' as const, executionId: 'e-1', explanation: 'S3 reachable.', skipped: false };

    it('resolves every active finding with a note naming the execution and what was found after the change', () => {
      const update = decideChangeNote(note, finding({ workflowStatus: 'NOTIFIED', noteText: ourNote('x') }));
      expect(update).to.deep.include({ workflowStatus: 'RESOLVED', reason: 'changed' });
      expect(update?.note).to.equal(
        'Enhanced VPC routing enabled by SSM Automation execution e-1, verified on the cluster. After the change: S3 reachable. (redshift-evr)',
      );
      expect(decideChangeNote(note, applyFindingUpdate(finding(), update as FindingUpdate))).to.equal(undefined);
    });

    it('says when the network was not checked (SkipPreflight)', () => {
      expect(decideChangeNote({ ...note, skipped: true }, finding())?.note).to.include(
        'The network prerequisites were NOT checked (SkipPreflight=true).',
      );
    });

    it('reopens a finding it resolved when the routing is off again, and leaves other resolved findings alone', () => {
      const resolved = finding({ workflowStatus: 'RESOLVED', noteText: changeNoteText(note) });
      expect(decideFindingUpdate(ready, resolved)).to.deep.include({ workflowStatus: 'NEW', reason: 'off-again' });
      expect(decideFindingUpdate(blocked, resolved)).to.deep.include({ workflowStatus: 'NOTIFIED', reason: 'blocked' });
      expect(decideFindingUpdate(exempt, resolved)).to.deep.include({ workflowStatus: 'SUPPRESSED' });
      expect(decideFindingUpdate(compliant, resolved)).to.equal(undefined);
      expect(decideFindingUpdate(ready, finding({ workflowStatus: 'RESOLVED', noteText: 'fixed by hand' }))).to.equal(
        undefined,
      );
    });
  });

  it('suppresses the finding of an exempt resource, naming the tag and the reason', () => {
    const update = decideFindingUpdate(exempt, finding());
    expect(update).to.deep.equal({
      findingId: finding().id,
      productArn: finding().productArn,
      workflowStatus: 'SUPPRESSED',
      note: EXEMPT_NOTE,
      reason: 'exempt',
    });
  });

  it('suppresses an exempt resource whose finding is NOTIFIED, by us or by someone else (the tag is a decision)', () => {
    expect(decideFindingUpdate(exempt, finding({ workflowStatus: 'NOTIFIED', noteText: ourNote('x') }))).to.include({
      workflowStatus: 'SUPPRESSED',
    });
    expect(decideFindingUpdate(exempt, finding({ workflowStatus: 'NOTIFIED', noteText: 'ticket SEC-1' }))).to.include({
      workflowStatus: 'SUPPRESSED',
    });
  });

  it('rewrites the note of an exempt finding it suppressed when the reason changed, and nothing when it did not', () => {
    const suppressed = finding({ workflowStatus: 'SUPPRESSED', noteText: ourNote('Exempt by tag evr-exempt: old') });
    expect(decideFindingUpdate(exempt, suppressed)).to.include({ workflowStatus: 'SUPPRESSED', note: EXEMPT_NOTE });
    expect(decideFindingUpdate(exempt, finding({ workflowStatus: 'SUPPRESSED', noteText: EXEMPT_NOTE }))).to.equal(
      undefined,
    );
  });

  it('marks a blocked resource NOTIFIED with its problems and fixes', () => {
    const update = decideFindingUpdate(blocked, finding());
    expect(update).to.include({ workflowStatus: 'NOTIFIED', reason: 'blocked' });
    expect(update?.note).to.equal(`${BLOCKED_ANNOTATION} (redshift-evr)`);
  });

  it('updates the note of a finding it NOTIFIED when the problems changed; nothing when they did not', () => {
    const old = finding({
      workflowStatus: 'NOTIFIED',
      noteText: ourNote('Enhanced VPC routing is off. Fix first: DNS'),
    });
    expect(decideFindingUpdate(blocked, old)).to.include({
      workflowStatus: 'NOTIFIED',
      note: ourNote(BLOCKED_ANNOTATION),
    });
    const same = finding({ workflowStatus: 'NOTIFIED', noteText: ourNote(BLOCKED_ANNOTATION) });
    expect(decideFindingUpdate(blocked, same)).to.equal(undefined);
  });

  it('leaves a finding someone else NOTIFIED alone when the resource is blocked', () => {
    expect(decideFindingUpdate(blocked, finding({ workflowStatus: 'NOTIFIED', noteText: 'ticket SEC-1' }))).to.equal(
      undefined,
    );
    expect(decideFindingUpdate(blocked, finding({ workflowStatus: 'NOTIFIED', noteText: null }))).to.equal(undefined);
  });

  it('moves a finding it suppressed back to NEW when the resource is no longer exempt, saying why', () => {
    const update = decideFindingUpdate(ready, finding({ workflowStatus: 'SUPPRESSED', noteText: EXEMPT_NOTE }));
    expect(update).to.include({ workflowStatus: 'NEW', reason: 'no-longer-exempt' });
    expect(update?.note).to.equal(`The cluster is no longer exempt: ${READY_ANNOTATION} (redshift-evr)`);
  });

  it('moves a finding it suppressed straight to NOTIFIED when the resource is no longer exempt but blocked', () => {
    const update = decideFindingUpdate(blocked, finding({ workflowStatus: 'SUPPRESSED', noteText: EXEMPT_NOTE }));
    expect(update).to.include({ workflowStatus: 'NOTIFIED', note: ourNote(BLOCKED_ANNOTATION) });
  });

  it('moves a finding it NOTIFIED back to NEW once the resource is ready to remediate (or compliant)', () => {
    const notified = finding({ workflowStatus: 'NOTIFIED', noteText: ourNote(BLOCKED_ANNOTATION) });
    expect(decideFindingUpdate(ready, notified)).to.include({ workflowStatus: 'NEW', reason: 'no-longer-blocked' });
    expect(decideFindingUpdate(compliant, notified)?.note).to.equal(
      'The cluster is no longer blocked: Enhanced VPC routing is on. (redshift-evr)',
    );
  });

  it('says workgroup for a workgroup', () => {
    const w: SyncedEvaluation = { ...ready, kind: 'workgroup' };
    expect(decideFindingUpdate(w, finding({ workflowStatus: 'SUPPRESSED', noteText: EXEMPT_NOTE }))?.note).to.match(
      /^The workgroup is no longer exempt/,
    );
  });

  it('never touches a finding someone else suppressed', () => {
    for (const e of [exempt, blocked, ready, compliant]) {
      expect(decideFindingUpdate(e, finding({ workflowStatus: 'SUPPRESSED', noteText: 'accepted risk' }))).to.equal(
        undefined,
      );
      expect(decideFindingUpdate(e, finding({ workflowStatus: 'SUPPRESSED', noteText: null }))).to.equal(undefined);
    }
  });

  it('never changes a RESOLVED finding, nor one that is not FAILED', () => {
    for (const e of [exempt, blocked]) {
      expect(decideFindingUpdate(e, finding({ workflowStatus: 'RESOLVED' }))).to.equal(undefined);
      for (const complianceStatus of ['PASSED', 'WARNING', 'NOT_AVAILABLE', null] as const) {
        expect(decideFindingUpdate(e, finding({ complianceStatus }))).to.equal(undefined);
      }
    }
  });

  it('leaves a NEW finding of a resource that is ready, compliant or not applicable alone', () => {
    const gone: SyncedEvaluation = { ...compliant, complianceType: 'NOT_APPLICABLE', annotation: 'deleted' };
    for (const e of [ready, compliant, gone]) {
      expect(decideFindingUpdate(e, finding())).to.equal(undefined);
      expect(decideFindingUpdate(e, finding({ noteText: ourNote('The cluster is no longer exempt: x') }))).to.equal(
        undefined,
      );
    }
  });

  it('keeps notes within 512 characters, marked as its own', () => {
    const long = ourNote(`Fix first: ${'subnet-0123456789 '.repeat(60)}`);
    expect(long.length).to.be.at.most(NOTE_LIMIT);
    expect(isOurNote(long)).to.equal(true);
    expect(isOurNote(`written by a person about ${NOTE_AUTHOR}`)).to.equal(false);
    expect(isOurNote(null)).to.equal(false);
  });

  describe('properties', () => {
    const KIND: fc.Arbitrary<ResourceKind> = fc.constantFrom('cluster', 'workgroup');
    const COMPLIANCE: fc.Arbitrary<ComplianceType> = fc.constantFrom('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE');
    const STATUS: fc.Arbitrary<WorkflowStatus> = fc.constantFrom('NEW', 'NOTIFIED', 'SUPPRESSED', 'RESOLVED');
    const HUB: fc.Arbitrary<HubComplianceStatus | null> = fc.constantFrom(
      'PASSED',
      'FAILED',
      'FAILED',
      'WARNING',
      'NOT_AVAILABLE',
      null,
    );
    const TEXT = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 200, maxLength: 700 }));
    const evaluation: fc.Arbitrary<SyncedEvaluation> = fc.record({
      kind: KIND,
      complianceType: COMPLIANCE,
      annotation: TEXT,
      exemption: fc.option(fc.record({ tagKey: fc.string({ minLength: 1, maxLength: 128 }), reason: TEXT })),
      readyToRemediate: fc.boolean(),
    });
    const hubFinding: fc.Arbitrary<HubFinding> = fc.record({
      id: fc.constant('f-1'),
      productArn: fc.constant('p-1'),
      workflowStatus: STATUS,
      noteText: fc.option(fc.oneof(TEXT, TEXT.map(ourNote))),
      complianceStatus: HUB,
    });

    it('deciding again after the update is applied changes nothing (idempotence)', () => {
      fc.assert(
        fc.property(evaluation, hubFinding, (e, f) => {
          const update = decideFindingUpdate(e, f);
          if (update === undefined) return;
          expect(decideFindingUpdate(e, applyFindingUpdate(f, update))).to.equal(undefined);
        }),
        { numRuns: 2000 },
      );
    });

    it("every update changes something, fits in a note and is marked; others' suppressions and resolutions stay", () => {
      fc.assert(
        fc.property(evaluation, hubFinding, (e, f) => {
          const update = decideFindingUpdate(e, f);
          if (update === undefined) return;
          expect(update.workflowStatus !== f.workflowStatus || update.note !== f.noteText).to.equal(true);
          expect(update.note.length).to.be.at.most(NOTE_LIMIT);
          expect(isOurNote(update.note)).to.equal(true);
          expect(f.complianceStatus).to.equal('FAILED');
          expect(update.workflowStatus).to.not.equal('RESOLVED');
          if (f.workflowStatus === 'SUPPRESSED' || f.workflowStatus === 'RESOLVED') {
            expect(isOurNote(f.noteText)).to.equal(true);
          }
          if (f.workflowStatus === 'RESOLVED') expect(e.complianceType).to.not.equal('COMPLIANT');
        }),
        { numRuns: 2000 },
      );
    });
  });
});
