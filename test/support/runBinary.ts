/** Run the built CLI (dist/cli.js, what `npx redshift-evr` runs) as a child process, as a user would. */
import { execFile } from 'node:child_process';

/** The one-line note a live command prints on Node.js < 22 (tested on its own). */
export const NODE_NOTE = /^note: Node\.js \S+ is nearing the end of AWS SDK support; use Node\.js 22 or newer\.\n/;

export interface BinaryRun {
  readonly code: number;
  readonly stdout: string;
  /** stderr without the Node.js note. */
  readonly stderr: string;
  readonly rawStderr: string;
}

export const cli = (args: string[], env: Record<string, string> = {}): Promise<BinaryRun> =>
  new Promise((resolve) => {
    execFile('node', ['dist/cli.js', ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({
        code: error ? Number(error.code ?? 1) : 0,
        stdout,
        stderr: stderr.replace(NODE_NOTE, ''),
        rawStderr: stderr,
      });
    });
  });
