import { expect } from 'chai';
import fc from 'fast-check';
import { exemptionEndOf, judgeExemption } from '../../src/core/exemptionExpiry.ts';

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Any calendar day from year 0000 to 9999, as a UTC midnight. */
const anyDay = fc
  .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(d.getTime() - (((d.getTime() % DAY_MS) + DAY_MS) % DAY_MS)));
const isoDay = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Reasons written before the end date: any text, "until" and digits included. */
const anyReason = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom('Vendor-managed; risk accepted in SEC-1432', 'until 2025-01-01 then', 'UNTIL', ''),
);
const TAGS = (value: string) => ({ 'evr-exempt': value });

describe('exemptionEndOf (the tag value format "… until YYYY-MM-DD")', () => {
  it('reads the end date of the documented example', () => {
    expect(exemptionEndOf('Vendor-managed; risk accepted in SEC-1432 until 2027-03-31')).to.deep.equal({
      kind: 'date',
      date: '2027-03-31',
      endsAtMs: Date.parse('2027-04-01T00:00:00.000Z'),
    });
  });

  it('takes "until" in any case and surrounding spaces, and only the last "until"', () => {
    expect(exemptionEndOf('UNTIL 2027-03-31 ')).to.include({ kind: 'date', date: '2027-03-31' });
    expect(exemptionEndOf('until\t2027-03-31')).to.include({ kind: 'date', date: '2027-03-31' });
    expect(exemptionEndOf('was until 2020-01-01, now Until 2028-12-31')).to.include({ date: '2028-12-31' });
  });

  it('has no end date without "until" and a digit: such an exemption never expires', () => {
    for (const value of ['', 'vendor managed', 'until the vendor migrates', 'Untilled field 2027-03-31', 'until']) {
      expect(exemptionEndOf(value), value).to.deep.equal({ kind: 'none' });
    }
  });

  it('calls a date after "until" that is not a real one, or not at the end, invalid (never permanent)', () => {
    for (const [value, text] of [
      ['SEC-1 until 2027-02-30', '2027-02-30'],
      ['until 2027-13-01', '2027-13-01'],
      ['until 2027-3-31', '2027-3-31'],
      ['until 2027-03-31.', '2027-03-31.'],
      ['until 31/03/2027', '31/03/2027'],
      ['until 2027-03-31 (SEC-1432)', '2027-03-31 (SEC-1432)'],
      ['until2027-03-31', '2027-03-31'],
      ['until 2026-02-29', '2026-02-29'],
    ] as const) {
      expect(exemptionEndOf(value), value).to.deep.equal({ kind: 'invalid', text });
    }
  });

  it('knows leap years: 29 February of 2024, 2000 and 0000, but not of 2100 or 1900', () => {
    for (const year of ['2024', '2000', '0000', '2400']) {
      expect(exemptionEndOf(`until ${year}-02-29`).kind, year).to.equal('date');
    }
    for (const year of ['2100', '1900', '2023']) {
      expect(exemptionEndOf(`until ${year}-02-29`).kind, year).to.equal('invalid');
    }
    expect(exemptionEndOf('until 2024-02-29')).to.include({ endsAtMs: Date.parse('2024-03-01T00:00:00Z') });
    expect(exemptionEndOf('until 2027-12-31')).to.include({ endsAtMs: Date.parse('2028-01-01T00:00:00Z') });
  });

  it('round-trips any valid date after any reason, ending at the next midnight UTC', () => {
    fc.assert(
      fc.property(anyReason, anyDay, (reason, day) => {
        const date = isoDay(day);
        expect(exemptionEndOf(`${reason} until ${date}`)).to.deep.equal({
          kind: 'date',
          date,
          endsAtMs: day.getTime() + DAY_MS,
        });
      }),
    );
  });

  it('never grants a permanent exemption to "until" and a digit that is not a valid date', () => {
    fc.assert(
      fc.property(anyReason, fc.stringMatching(/^\d[\d\-/. ]{0,12}$/), (reason, attempt) => {
        const end = exemptionEndOf(`${reason} until ${attempt}`);
        expect(end.kind).to.not.equal('none');
        if (end.kind === 'date') expect(end.date).to.equal(attempt.trim());
      }),
    );
  });
});

describe('judgeExemption (the day boundary, in UTC)', () => {
  it('holds through the last day and ends at the next midnight UTC', () => {
    const tags = TAGS('SEC-1432 until 2027-03-31');
    expect(judgeExemption(tags, 'evr-exempt', new Date('2027-03-31T23:59:59.999Z'))).to.deep.equal({
      kind: 'exempt',
      exemption: { tagKey: 'evr-exempt', reason: 'SEC-1432 until 2027-03-31', until: '2027-03-31' },
    });
    expect(judgeExemption(tags, 'evr-exempt', new Date('2027-04-01T00:00:00.000Z'))).to.deep.equal({
      kind: 'ignored',
      ignored: { tagKey: 'evr-exempt', reason: 'SEC-1432 until 2027-03-31', until: '2027-03-31', why: 'expired' },
    });
    // Tomorrow's end is still an exemption today.
    expect(judgeExemption(tags, 'evr-exempt', new Date('2027-03-30T12:00:00Z')).kind).to.equal('exempt');
  });

  it('holds for every instant of the last day, and for none after it', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: DAY_MS - 1 }), fc.nat(10 * DAY_MS), (day, into, after) => {
        const tags = TAGS(`until ${isoDay(day)}`);
        expect(judgeExemption(tags, 'evr-exempt', new Date(day.getTime() + into)).kind).to.equal('exempt');
        expect(judgeExemption(tags, 'evr-exempt', new Date(day.getTime() + DAY_MS + after)).kind).to.equal('ignored');
      }),
    );
  });

  it('exempts nothing with an invalid date, whatever the time', () => {
    expect(judgeExemption(TAGS('until 2027-02-30'), 'evr-exempt', new Date('2020-01-01Z'))).to.deep.equal({
      kind: 'ignored',
      ignored: { tagKey: 'evr-exempt', reason: 'until 2027-02-30', until: '2027-02-30', why: 'invalid-date' },
    });
  });

  it('never expires a value without an end date; untagged without the key or without a key configured', () => {
    const far = new Date('9999-12-31T23:59:59Z');
    expect(judgeExemption(TAGS('vendor'), 'evr-exempt', far)).to.deep.equal({
      kind: 'exempt',
      exemption: { tagKey: 'evr-exempt', reason: 'vendor' },
    });
    expect(judgeExemption(TAGS('vendor'), 'other', far)).to.deep.equal({ kind: 'untagged' });
    expect(judgeExemption(TAGS('vendor'), undefined, far)).to.deep.equal({ kind: 'untagged' });
  });

  it('refuses to compare an end date with an invalid time', () => {
    expect(() => judgeExemption(TAGS('until 2027-03-31'), 'evr-exempt', new Date(Number.NaN))).to.throw(TypeError);
  });
});
