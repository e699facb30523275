/**
 * When a ready change may happen, decided by the preflight (so that it is tested here, in TypeScript, and the
 * runbook only sleeps and branches on the answer).
 */
import { type ChangeWindow, nextChangeSlot, parseWeeklyWindow, type WeeklyWindow } from '../core/changeWindow.ts';
import { KINDS } from '../core/resourceKinds.ts';
import type { ResourceKind } from '../core/types.ts';

/** The preflight's answer about timing: the runbook changes the resource only while `inWindow` is true. */
export interface ChangeSchedule {
  /** The ChangeWindow given: `now`, `maintenance-window` or a weekly window. */
  readonly changeWindow: string;
  /** The weekly window applied (the maintenance window, read from the resource); null for `now`. */
  readonly window: string | null;
  readonly inWindow: boolean;
  /** When the window opens (now, for `now`), and when it closes (null for `now`), ISO 8601 UTC. */
  readonly start: string;
  readonly end: string | null;
}

/** Why no schedule can be made: a sentence saying what to do. */
export interface ScheduleProblem {
  readonly problem: string;
}

const textOf = (w: ChangeWindow): string => (w.kind === 'weekly' ? w.window.text : w.kind);

/** Why `changeWindow` can never work for `kind` (a maintenance window it has not got), if so. */
export const scheduleProblemOf = (changeWindow: ChangeWindow, kind: ResourceKind): string | undefined => {
  if (changeWindow.kind !== 'maintenance-window') return undefined;
  const { plural, service, runbook } = KINDS[kind];
  return runbook.maintenanceWindowSelector === null
    ? `${service} ${plural} have no maintenance window: give ChangeWindow as a weekly window in UTC (ddd:hh24:mi-ddd:hh24:mi, e.g. sun:03:00-sun:05:00) or now.`
    : undefined;
};

/** The resource's own maintenance window, or why it cannot be used. */
const maintenanceWindowOf = (kind: ResourceKind, text: string | undefined): WeeklyWindow | ScheduleProblem => {
  const problem = scheduleProblemOf({ kind: 'maintenance-window' }, kind);
  if (problem !== undefined) return { problem };
  const { noun } = KINDS[kind];
  return (
    (text === undefined ? undefined : parseWeeklyWindow(text)) ?? {
      problem: `The ${noun}'s maintenance window could not be read (PreferredMaintenanceWindow ${JSON.stringify(text ?? null)}): give ChangeWindow as a weekly window in UTC (ddd:hh24:mi-ddd:hh24:mi) or now.`,
    }
  );
};

/**
 * The schedule of a change under `changeWindow` at `now` (pure). `maintenanceWindow` is the resource's own
 * PreferredMaintenanceWindow as its read step found it (undefined for a kind without one).
 */
export const scheduleChange = (
  changeWindow: ChangeWindow,
  kind: ResourceKind,
  maintenanceWindow: string | undefined,
  now: Date,
): ChangeSchedule | ScheduleProblem => {
  if (changeWindow.kind === 'now') {
    return { changeWindow: 'now', window: null, inWindow: true, start: now.toISOString(), end: null };
  }
  const window = changeWindow.kind === 'weekly' ? changeWindow.window : maintenanceWindowOf(kind, maintenanceWindow);
  if ('problem' in window) return window;
  const slot = nextChangeSlot(window, now);
  return {
    changeWindow: textOf(changeWindow),
    window: window.text,
    inWindow: slot.inWindow,
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
  };
};

export const isScheduleProblem = (s: ChangeSchedule | ScheduleProblem): s is ScheduleProblem => 'problem' in s;
