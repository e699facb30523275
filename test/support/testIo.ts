import type { CliIo } from '../../src/cli/io.ts';

export interface TestIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly questions: string[];
  readonly sleeps: number[];
  /** What was written (and the files given). */
  readonly files: Record<string, string>;
}

/**
 * An in-memory CliIo: collects output, answers confirmations, sleeps instantly (yielding to other work) and
 * moves its clock on by what was slept, so that a wait's deadline passes as it would, without the wait.
 */
export const testIo = (options: { confirm?: boolean; files?: Record<string, string> } = {}): TestIo => {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const sleeps: number[] = [];
  const files = { ...options.files };
  let clock = Date.UTC(2026, 0, 1);
  return {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    isTty: false,
    color: false,
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
    writeFile: async (path, text) => {
      files[path] = text;
    },
    confirm: async (question) => {
      questions.push(question);
      return options.confirm ?? false;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    now: () => clock,
    out: () => out,
    err: () => err,
    questions,
    sleeps,
    files,
  };
};
