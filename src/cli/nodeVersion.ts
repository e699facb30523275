import type { CliIo } from './io.ts';

let noted = false;

/**
 * One line, once, when Node.js is older than 22: the AWS SDK's own notice is nine lines on every client,
 * so the CLI silences it (bin/main) and says it here instead.
 */
export const noteAgeingNode = (io: CliIo, version: string = process.versions.node): void => {
  const major = Number(version.split('.')[0]);
  if (noted || !(major < 22)) return;
  noted = true;
  io.stderr(`note: Node.js ${version} is nearing the end of AWS SDK support; use Node.js 22 or newer.\n`);
};
