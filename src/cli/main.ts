import { readFile, rename, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './io.ts';
import { runCli } from './runCli.ts';

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: async (path, text) => {
    // Write beside the target, then rename: a reader never sees a half-written file.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
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

process.exitCode = await runCli(process.argv.slice(2), processIo);
