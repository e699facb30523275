/** What a command may touch; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly isTty: boolean;
  /** Colours on stdout: a terminal, and NO_COLOR unset. */
  readonly color: boolean;
  /** stdout's width when it is a terminal. */
  readonly columns?: number | undefined;
  readonly readFile: (path: string) => Promise<string>;
  /** Writes atomically: a reader never sees a half-written file. */
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** Asks a yes/no question on the terminal; false when there is no terminal. */
  readonly confirm: (question: string) => Promise<boolean>;
  /** Waits between polls of long-running work (tests make it instant). */
  readonly sleep: (ms: number) => Promise<void>;
  /** The clock, in milliseconds since the epoch, that bounds a wait (tests move it on with `sleep`). */
  readonly now: () => number;
}

/** Exit statuses (docs/report.md): 0 nothing noncompliant, 1 something noncompliant, 2 usage/credentials error. */
export const EXIT = { OK: 0, NONCOMPLIANT: 1, USAGE: 2 } as const;
