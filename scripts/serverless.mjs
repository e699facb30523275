// Runs the project's own Serverless Framework (osls, from node_modules) with telemetry and notifications off.
// `npx serverless` would ask the npm registry first; this never leaves the machine for `package`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}node_modules/.bin/serverless`;
if (!existsSync(bin)) {
  console.error('The Serverless Framework is not installed in node_modules: run `npm ci` first.');
  process.exit(2);
}
const child = spawn(bin, process.argv.slice(2), {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
