import { execFile } from 'node:child_process';

/**
 * Run `node …args` in a fresh process and resolve with its stdout; reject, with its stderr, when it exits
 * non-zero. Asynchronous, so the fake endpoint in this process keeps answering meanwhile.
 */
export const runNode = (args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, [...args], { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`node ${args.join(' ')} exited with ${error.code ?? error.message}: ${stderr.trim()}`));
      else resolve(stdout);
    });
  });
