import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { writeFileAtomically } from './atomicWrite.ts';
import type { CliIo } from './io.ts';
import { runCli } from './runCli.ts';

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stderr.isTTY === true,
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFileAtomically(path, text),
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
