import { expect } from 'chai';
import fc from 'fast-check';
import { nextChangeSlot, parseChangeWindow, parseWeeklyWindow, WEEK_MS } from '../../src/core/changeWindow.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const pad = (n: number) => String(n).padStart(2, '0');
const windowText = (d1: number, h1: number, m1: number, d2: number, h2: number, m2: number) =>
  `${DAYS[d1]}:${pad(h1)}:${pad(m1)}-${DAYS[d2]}:${pad(h2)}:${pad(m2)}`;

/** Any valid window: every weekday, hour and minute for both ends, wrapping the week or not. */
const anyWindow = fc
  .tuple(
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
  )
  .map((t) => windowText(...t))
  .filter((text) => parseWeeklyWindow(text) !== undefined);

/** Any instant over several years, to the millisecond. */
const anyInstant = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2030-12-31T23:59:59Z'),
  noInvalidDate: true,
});

/** Whether `t` falls inside `text`'s window, by walking UTC fields (a second, independent way to decide). */
const insideByFields = (text: string, t: Date): boolean => {
  const w = parseWeeklyWindow(text);
  if (w === undefined) throw new Error(text);
  const minuteOfWeek = t.getUTCDay() * 1440 + t.getUTCHours() * 60 + t.getUTCMinutes();
  const since = (minuteOfWeek - w.startMinute + 10080) % 10080;
  return since < w.lengthMinutes;
};

describe('change windows (weekly, UTC)', () => {
  it('reads Redshift maintenance windows, wrapping ones too, and refuses what is not one', () => {
    expect(parseWeeklyWindow('sat:07:30-sat:08:00')).to.deep.equal({
      text: 'sat:07:30-sat:08:00',
      startMinute: 6 * 1440 + 7 * 60 + 30,
      lengthMinutes: 30,
    });
    expect(parseWeeklyWindow('SUN:23:00-mon:01:00')?.lengthMinutes).to.equal(120);
    // Saturday night into Sunday morning wraps the week.
    expect(parseWeeklyWindow('sat:23:30-sun:00:30')?.lengthMinutes).to.equal(60);
    for (const bad of ['sat:07:30-sat:07:30', 'sat:24:00-sun:01:00', 'sat:7:30-sat:08:00', 'fri:10:00', 'x', '']) {
      expect(parseWeeklyWindow(bad), bad).to.equal(undefined);
    }
    expect(parseChangeWindow('')).to.deep.equal({ kind: 'now' });
    expect(parseChangeWindow('now')).to.deep.equal({ kind: 'now' });
    expect(parseChangeWindow('maintenance-window')).to.deep.equal({ kind: 'maintenance-window' });
    expect(parseChangeWindow('tomorrow')).to.equal(undefined);
  });

  it('is inside the window from its start minute to just before its end minute', () => {
    const w = parseWeeklyWindow('wed:03:00-wed:05:00');
    if (w === undefined) throw new Error('window');
    // Wednesday 2026-12-02.
    const at = (iso: string) => nextChangeSlot(w, new Date(iso));
    expect(at('2026-12-02T02:59:59.999Z')).to.deep.include({ inWindow: false });
    expect(at('2026-12-02T02:59:59.999Z').start.toISOString()).to.equal('2026-12-02T03:00:00.000Z');
    expect(at('2026-12-02T03:00:00.000Z')).to.deep.include({ inWindow: true });
    expect(at('2026-12-02T04:59:59.999Z').end.toISOString()).to.equal('2026-12-02T05:00:00.000Z');
    expect(at('2026-12-02T05:00:00.000Z')).to.deep.include({ inWindow: false });
    // Just after the end: next week's window.
    expect(at('2026-12-02T05:00:00.000Z').start.toISOString()).to.equal('2026-12-09T03:00:00.000Z');
  });

  it('handles a window that wraps the week, from either side of midnight on Saturday', () => {
    const w = parseWeeklyWindow('sat:23:00-sun:01:00');
    if (w === undefined) throw new Error('window');
    // Sunday 2026-12-06 00:30 is inside the window that started on Saturday 2026-12-05 23:00.
    const sunday = nextChangeSlot(w, new Date('2026-12-06T00:30:00Z'));
    expect(sunday.inWindow).to.equal(true);
    expect(sunday.start.toISOString()).to.equal('2026-12-05T23:00:00.000Z');
    expect(sunday.end.toISOString()).to.equal('2026-12-06T01:00:00.000Z');
    const friday = nextChangeSlot(w, new Date('2026-12-04T12:00:00Z'));
    expect(friday.inWindow).to.equal(false);
    expect(friday.start.toISOString()).to.equal('2026-12-05T23:00:00.000Z');
  });

  it('always answers the window now is in, or the next start within a week, as the UTC fields say', () => {
    fc.assert(
      fc.property(anyWindow, anyInstant, (text, now) => {
        const w = parseWeeklyWindow(text);
        if (w === undefined) return false;
        const slot = nextChangeSlot(w, now);
        const t = now.getTime();
        expect(slot.inWindow).to.equal(insideByFields(text, now));
        expect(slot.end.getTime() - slot.start.getTime()).to.equal(w.lengthMinutes * 60_000);
        if (slot.inWindow) {
          expect(slot.start.getTime()).to.be.at.most(t);
          expect(slot.end.getTime()).to.be.above(t);
        } else {
          // The next start: later than now, within a week, and nothing in between is inside.
          expect(slot.start.getTime()).to.be.above(t);
          expect(slot.start.getTime() - t).to.be.below(WEEK_MS);
          expect(insideByFields(text, new Date(slot.start.getTime() - 60_000))).to.equal(false);
        }
        // The start falls on the window's weekday, hour and minute, to the minute.
        const s = slot.start;
        expect(s.getUTCDay() * 1440 + s.getUTCHours() * 60 + s.getUTCMinutes()).to.equal(w.startMinute);
        expect(s.getUTCSeconds() * 1000 + s.getUTCMilliseconds()).to.equal(0);
        // At the start the window is open; the slot from there is the same.
        expect(nextChangeSlot(w, slot.start).start.getTime()).to.equal(slot.start.getTime());
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('covers every weekday and hour as the current time for one window', () => {
    const w = parseWeeklyWindow('tue:22:00-wed:02:00');
    if (w === undefined) throw new Error('window');
    // Sunday 2026-11-29 00:00 UTC, then every hour of that week.
    for (let hour = 0; hour < 7 * 24; hour++) {
      const now = new Date(Date.UTC(2026, 10, 29, hour, 17));
      const slot = nextChangeSlot(w, now);
      const inside = hour >= 2 * 24 + 22 && hour < 3 * 24 + 2;
      expect(slot.inWindow, now.toISOString()).to.equal(inside);
      expect(slot.start.toISOString(), now.toISOString()).to.equal(
        inside || hour < 2 * 24 + 22 ? '2026-12-01T22:00:00.000Z' : '2026-12-08T22:00:00.000Z',
      );
    }
  });
});
