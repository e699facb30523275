/** Packages `serverless.yml` offline (no credentials) once per test run and reads the generated template. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly Properties: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Parameters: Record<string, Record<string, unknown>>;
  readonly Conditions: Record<string, unknown>;
  readonly Rules?: Record<
    string,
    { Assertions: { Assert: unknown; AssertDescription?: string }[]; RuleCondition?: unknown }
  >;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs: Record<string, Record<string, unknown>>;
}

export interface PackagedStack {
  readonly directory: string;
  readonly templatePath: string;
  readonly template: CfnTemplate;
  readonly state: { readonly service: { readonly provider: { readonly stackParameters: unknown[] } } };
}

let packaged: PackagedStack | undefined;

/** `serverless package --package <tmp>` as `npm run package` runs it, with no AWS credentials in reach. */
export const packageStack = (extraArgs: readonly string[] = []): PackagedStack => {
  if (packaged !== undefined && extraArgs.length === 0) return packaged;
  const directory = mkdtempSync(join(tmpdir(), 'redshift-evr-sls-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[key];
  const run = spawnSync(process.execPath, ['scripts/serverless.mjs', 'package', '--package', directory, ...extraArgs], {
    encoding: 'utf8',
    env,
  });
  if (run.status !== 0) throw new Error(`serverless package failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const templatePath = join(directory, 'cloudformation-template-update-stack.json');
  const result: PackagedStack = {
    directory,
    templatePath,
    template: JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate,
    state: JSON.parse(readFileSync(join(directory, 'serverless-state.json'), 'utf8')),
  };
  if (extraArgs.length === 0) packaged = result;
  return result;
};
