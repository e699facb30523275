import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { writeFileAtomically } from './atomicWrite.ts';
import type { CliIo } from './io.ts';
import { runCli } from './runCli.ts';

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
  // https://no-color.org: any non-empty NO_COLOR turns colours off.
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFileAtomically(path, text),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  confirm: async (question) => {
    if (!process.stdin.isTTY) return false;
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  },
};

// A reader that stops early (`| head`) closes the pipe: stop quietly, keeping the exit status.
// Any other failure to write the report (a full disk, a closed terminal) is one line and exit 2.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  const cause = error.code === 'ENOSPC' ? 'the disk is full' : error.message;
  process.stderr.write(
    `error: cannot write the report to standard output: ${cause}${error.code ? ` (${error.code})` : ''}.\n`,
  );
  process.exit(2);
});
// The SDK prints a nine-line notice on every client for an ageing Node.js; the CLI says it in one line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runCli(process.argv.slice(2), processIo);
