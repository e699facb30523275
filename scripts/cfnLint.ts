// Runs cfn-lint (the Python CloudFormation linter) on the templates this project ships or generates.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CFN_LINT_MISSING =
  'cfn-lint is not installed, so the CloudFormation templates cannot be checked. Install it with ' +
  '`pip install cfn-lint` (Python 3.9+; the project is checked with cfn-lint 1.51), then run this again.';

export interface CfnLintResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Lint templates; `ok` is false with cfn-lint's findings, or with the install hint when it is missing. */
export const runCfnLint = (files: readonly string[]): CfnLintResult => {
  // cfn-lint's defaults, nothing ignored: the same result as running it by hand.
  const run = spawnSync('cfn-lint', ['--', ...files], { encoding: 'utf8' });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, output: missing ? CFN_LINT_MISSING : `cfn-lint could not run: ${run.error.message}` };
  }
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('Usage: node --import tsx scripts/cfnLint.ts TEMPLATE...');
    process.exit(2);
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(
      `No template at ${missing.join(', ')}: run "npm run package" first (it writes .serverless/), or name existing files.`,
    );
    process.exit(2);
  }
  const result = runCfnLint(files);
  if (result.output) console.error(result.output);
  if (result.ok) console.log(`cfn-lint: ${files.length} template(s) clean.`);
  process.exit(result.ok ? 0 : 1);
}
