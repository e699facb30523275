/**
 * An exemption's end date, from its tag value (docs/rule.md, "Exemptions"): a value that ends with
 * `until YYYY-MM-DD` holds through that day in UTC and ends at the next midnight UTC; a value without one never
 * expires. "until" followed by a digit is meant as an end date: when it is not a real date ending the value
 * (`until 2027-02-30`, `until 2027-3-31`, `until 2027-03-31 (SEC-1432)`) the tag exempts nothing, so that a typo
 * never grants a permanent exemption. Pure: the time an exemption is judged at is always given.
 */
import type { Exemption, IgnoredExemption } from './types.ts';

/** What a tag value says about when its exemption ends. */
export type ExemptionEnd =
  /** No end date: the exemption never expires. */
  | { readonly kind: 'none' }
  /** It holds through `date` (YYYY-MM-DD, UTC), that is until `endsAtMs`, the next midnight UTC. */
  | { readonly kind: 'date'; readonly date: string; readonly endsAtMs: number }
  /** "until" and a digit, but not a valid date ending the value: `text` is what follows "until". */
  | { readonly kind: 'invalid'; readonly text: string };

/** Every "until" that is a word of its own (any case); the last one is the one that counts. */
const UNTIL = /(?<![\p{L}\p{N}_])until(?![\p{L}_])/giu;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC at the start of that calendar day; undefined when there is no such day (2027-02-30). */
const startOfDay = (year: number, month: number, day: number): number | undefined => {
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  at.setUTCFullYear(year, month - 1, day);
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day
    ? at.getTime()
    : undefined;
};

/** The end date a tag value gives its exemption, if any (see the module's comment for the format). */
export const exemptionEndOf = (value: string): ExemptionEnd => {
  const last = [...value.matchAll(UNTIL)].at(-1);
  if (last === undefined) return { kind: 'none' };
  const rest = value.slice(last.index + last[0].length);
  // "until the vendor migrates" is a reason, not a date.
  if (!/^\s*\d/.test(rest)) return { kind: 'none' };
  const text = rest.trim();
  const parts = /^\s/.test(rest) ? ISO_DATE.exec(text) : null;
  if (parts === null) return { kind: 'invalid', text };
  const [, year, month, day] = parts.map(Number) as [number, number, number, number];
  const start = startOfDay(year, month, day);
  if (start === undefined) return { kind: 'invalid', text };
  return { kind: 'date', date: text, endsAtMs: startOfDay(year, month, day + 1) ?? start + 86_400_000 };
};

/** What an exemption tag does at a given time. */
export type ExemptionJudgement =
  /** No tag key configured, or the resource does not carry it. */
  | { readonly kind: 'untagged' }
  | { readonly kind: 'exempt'; readonly exemption: Exemption }
  /** Tagged, but the exemption does not apply: it expired, or its date is invalid. */
  | { readonly kind: 'ignored'; readonly ignored: IgnoredExemption };

/**
 * Judge the exemption tag `tagKey` on `tags` at `at`: exempt through the end date's whole day (UTC), not from
 * the next midnight UTC on; never exempt with an invalid date.
 * @throws TypeError when `at` is not a time (an end date must never be compared with NaN).
 */
export const judgeExemption = (
  tags: Readonly<Record<string, string>>,
  tagKey: string | undefined,
  at: Date,
): ExemptionJudgement => {
  if (tagKey === undefined || !Object.hasOwn(tags, tagKey)) return { kind: 'untagged' };
  const reason = tags[tagKey] ?? '';
  const end = exemptionEndOf(reason);
  switch (end.kind) {
    case 'none':
      return { kind: 'exempt', exemption: { tagKey, reason } };
    case 'invalid':
      return { kind: 'ignored', ignored: { tagKey, reason, until: end.text, why: 'invalid-date' } };
    case 'date': {
      const now = at.getTime();
      if (Number.isNaN(now)) throw new TypeError('judgeExemption: the time to judge at is not a valid Date');
      return now < end.endsAtMs
        ? { kind: 'exempt', exemption: { tagKey, reason, until: end.date } }
        : { kind: 'ignored', ignored: { tagKey, reason, until: end.date, why: 'expired' } };
    }
    default: {
      const never: never = end;
      throw new TypeError(`unhandled exemption end ${JSON.stringify(never)}`);
    }
  }
};
