// npm run demo: scan the bundled demo account. The scan exits 1 because the demo has noncompliant clusters
// on purpose; for the demo that is the expected outcome, so only a real error (2) fails the command.
import { spawnSync } from 'node:child_process';

const { status } = spawnSync(
  process.execPath,
  ['dist/cli.js', 'scan', '--snapshot', 'examples/demo-account.json', '--exemption-tag-key', 'evr-exempt'],
  { stdio: 'inherit' },
);
process.exitCode = status === 0 || status === 1 ? 0 : (status ?? 2);
