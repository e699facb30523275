/**
 * The Python of the runbooks' aws:executeScript steps: one file per script under automation-documents/scripts/,
 * shared by both runbooks (the resource's noun and name arrive as inputs), spliced into each step at build time.
 */
import { readFileSync } from 'node:fs';

/** Each script's file and the handler the step names (the function the file defines). */
export const STEP_SCRIPTS = {
  reportExempt: { file: 'report_exempt.py', handler: 'report' },
  reportAlreadyEnabled: { file: 'report_already_enabled.py', handler: 'report' },
  summarizeForApproval: { file: 'summarize_for_approval.py', handler: 'summarize' },
  reportExemptAtRecheck: { file: 'report_exempt_at_recheck.py', handler: 'report' },
  reportAlreadyEnabledAtRecheck: { file: 'report_already_enabled_at_recheck.py', handler: 'report' },
  checkChangeWindow: { file: 'check_change_window.py', handler: 'check' },
  reportEnabled: { file: 'report_enabled.py', handler: 'report' },
  stop: { file: 'stop.py', handler: 'stop' },
  stopBlocked: { file: 'stop_blocked.py', handler: 'stop' },
  stopWatch: { file: 'stop_watch.py', handler: 'stop' },
} as const;

export type ScriptName = keyof typeof STEP_SCRIPTS;

/** The text of every script, by name. */
export type StepScripts = Readonly<Record<ScriptName, string>>;

/** Where the scripts live, from the checkout's root. */
export const SCRIPTS_DIRECTORY = 'automation-documents/scripts';

/** The checkout's root, whatever directory the command runs from. */
const ROOT = new URL('../../', import.meta.url);

/** The path of a script's file, from the checkout's root. */
export const scriptPath = (name: ScriptName): string => `${SCRIPTS_DIRECTORY}/${STEP_SCRIPTS[name].file}`;

/**
 * A script as a step runs it: without the file's leading comment, which is for whoever edits the file (the
 * member StackSet embeds both runbooks within CloudFormation's TemplateBody limit), and without the trailing
 * newline, since a `|-` block ends without one.
 */
export const spliceableScript = (text: string): string => text.replace(/^(#.*\n)+/, '').trimEnd();

/** Read every script, as its step runs it. */
export const readStepScripts = (): StepScripts =>
  Object.fromEntries(
    Object.keys(STEP_SCRIPTS).map((name) => [
      name,
      spliceableScript(readFileSync(new URL(scriptPath(name as ScriptName), ROOT), 'utf8')),
    ]),
  ) as Record<ScriptName, string>;
