import type { CliIo } from './io.ts';

/** Once per process. */
const PROCESS = { noted: false };

/**
 * One line, once, when Node.js is older than 22: the AWS SDK's own notice is nine lines on every client,
 * so the CLI silences it (bin/main) and says it here instead.
 */
export const noteAgeingNode = (
  io: CliIo,
  version: string = process.versions.node,
  state: { noted: boolean } = PROCESS,
): void => {
  const major = Number(version.split('.')[0]);
  if (state.noted || !(major < 22)) return;
  state.noted = true;
  io.stderr(`note: Node.js ${version} is nearing the end of AWS SDK support; use Node.js 22 or newer.\n`);
};
