/**
 * Change windows: when a runbook may change a cluster or workgroup. A window is weekly, in UTC, written as
 * Redshift writes a cluster's PreferredMaintenanceWindow (`ddd:hh24:mi-ddd:hh24:mi`, e.g. `sat:07:30-sat:08:00`),
 * and may wrap the week (`sun:23:00-mon:01:00`). UTC has no daylight saving time: every week is as long as
 * every other, so the next start is plain arithmetic.
 */

/** Days as `Date#getUTCDay` numbers them. */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
export const WEEK_MS = 7 * DAY_MINUTES * MINUTE_MS;

const DAY = `(${DAYS.join('|')})`;
const TIME = '([01][0-9]|2[0-3]):([0-5][0-9])';
/** A weekly window, unanchored (for the runbooks' and the stack's allowed patterns). */
export const WEEKLY_WINDOW_PATTERN = `${DAY}:${TIME}-${DAY}:${TIME}`;

/** What a ChangeWindow parameter may say: `now`, the cluster's own maintenance window, or a weekly window. */
export const CHANGE_WINDOW_PATTERN = `now|maintenance-window|${WEEKLY_WINDOW_PATTERN}`;
export const CHANGE_WINDOW_RULE =
  'now, maintenance-window (the cluster\'s PreferredMaintenanceWindow) or a weekly window in UTC such as "sun:03:00-sun:05:00" (ddd:hh24:mi-ddd:hh24:mi)';

/** A weekly window: its text, and its start and length in minutes from Sunday 00:00 UTC. */
export interface WeeklyWindow {
  readonly text: string;
  readonly startMinute: number;
  readonly lengthMinutes: number;
}

/** A ChangeWindow parameter, parsed. */
export type ChangeWindow =
  | { readonly kind: 'now' }
  | { readonly kind: 'maintenance-window' }
  | { readonly kind: 'weekly'; readonly window: WeeklyWindow };

const minuteOf = (day: string, hour: string, minute: string): number =>
  DAYS.indexOf(day as (typeof DAYS)[number]) * DAY_MINUTES + Number(hour) * 60 + Number(minute);

/** A weekly window (any case, as Redshift accepts it), or undefined when `text` is not one or is empty. */
export const parseWeeklyWindow = (text: string): WeeklyWindow | undefined => {
  const lower = text.trim().toLowerCase();
  const m = new RegExp(`^${WEEKLY_WINDOW_PATTERN}$`).exec(lower);
  if (m === null) return undefined;
  const [, d1 = '', h1 = '', m1 = '', d2 = '', h2 = '', m2 = ''] = m;
  const startMinute = minuteOf(d1, h1, m1);
  const lengthMinutes = (minuteOf(d2, h2, m2) - startMinute + 7 * DAY_MINUTES) % (7 * DAY_MINUTES);
  // Start and end at the same minute: a window of no time, or of a whole week; neither is a window.
  return lengthMinutes === 0 ? undefined : { text: lower, startMinute, lengthMinutes };
};

/** A ChangeWindow parameter, or undefined when it is none of the three forms. Empty is `now`. */
export const parseChangeWindow = (text: string): ChangeWindow | undefined => {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'now') return { kind: 'now' };
  if (value === 'maintenance-window') return { kind: 'maintenance-window' };
  const window = parseWeeklyWindow(value);
  return window === undefined ? undefined : { kind: 'weekly', window };
};

/** When the change may happen: now, inside the window, or at its next start. */
export interface ChangeSlot {
  /** `now` is inside the window (always, for ChangeWindow `now`). */
  readonly inWindow: boolean;
  /** The start of the window `now` is in, or of the next one. */
  readonly start: Date;
  /** Its end (exclusive): no change at or after it. */
  readonly end: Date;
}

/**
 * The window `now` is in, or the next one (pure). Inside means start <= now < end; at the end minute the
 * window is over and the next one is a week later.
 */
export const nextChangeSlot = (window: WeeklyWindow, now: Date): ChangeSlot => {
  const t = now.getTime();
  // Sunday 00:00 UTC of this week: days since Sunday, taken from the UTC date.
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekStart = day.getTime() - now.getUTCDay() * DAY_MINUTES * MINUTE_MS;
  const windowStartThisWeek = weekStart + window.startMinute * MINUTE_MS;
  const length = window.lengthMinutes * MINUTE_MS;
  // How far past the latest start `now` is, in [0, WEEK).
  const sinceStart = (((t - windowStartThisWeek) % WEEK_MS) + WEEK_MS) % WEEK_MS;
  const start = sinceStart < length ? t - sinceStart : t - sinceStart + WEEK_MS;
  return { inWindow: sinceStart < length, start: new Date(start), end: new Date(start + length) };
};
