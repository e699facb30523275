/** Packages `serverless.yml` offline (no credentials) once per test run and reads the generated template. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

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

/** `serverless package --package <directory>` as `npm run package` runs it, with no AWS credentials in reach. */
const runPackage = (directory: string, extraArgs: readonly string[]): void => {
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
};

/**
 * Packaging builds in the service's own directory (serverless-esbuild's .esbuild/), so two at once (mocha's
 * parallel workers) would clash: one runs at a time, under a lock shared by the workers of one test run.
 */
/** The test run: its workers' parent process, told apart from an earlier one with the same pid by its start time. */
const RUN = (() => {
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    return `${process.ppid}-${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return `${process.pid}-${Date.now()}`;
  }
})();
const LOCK = join(tmpdir(), `redshift-evr-sls-lock-${RUN}`);
/** The default package, shared by the workers of one test run (made once, by whichever asks first). */
const SHARED = join(tmpdir(), `redshift-evr-sls-shared-${RUN}`);
const LOCK_WAIT_MS = 180_000;

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

const withLock = <T>(work: () => T): T => {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run must not stall the next one for ever.
      if (Date.now() - started > LOCK_WAIT_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleepSync(200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
};

let packaged: PackagedStack | undefined;

/** The stack packaged offline (no credentials): once per test run by default, or with these extra arguments. */
export const packageStack = (extraArgs: readonly string[] = []): PackagedStack => {
  if (packaged !== undefined && extraArgs.length === 0) return packaged;
  const shared = extraArgs.length === 0;
  const directory = withLock(() => {
    if (shared && existsSync(join(SHARED, 'done'))) return SHARED;
    const target = shared ? SHARED : mkdtempSync(join(tmpdir(), 'redshift-evr-sls-'));
    if (shared) rmSync(SHARED, { recursive: true, force: true });
    runPackage(target, extraArgs);
    if (shared) writeFileSync(join(SHARED, 'done'), '');
    return target;
  });
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

/**
 * The files of a zip archive by path (stored or deflated entries, no zip64): enough to read the function
 * packages without an unzip tool.
 */
export const readZip = (path: string): Map<string, Buffer> => {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end === -1) throw new Error(`${path} is not a zip archive (no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${path}: ${name} uses compression method ${method}`);
    if (!name.endsWith('/')) files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
};

/** Unzip a function's package (`configRule`, `preflight`) into a new directory: what Lambda puts in /var/task. */
export const unzipFunction = (stack: PackagedStack, functionAlias: string): string => {
  const root = mkdtempSync(join(tmpdir(), `redshift-evr-${functionAlias}-`));
  for (const [name, content] of readZip(join(stack.directory, `${functionAlias}.zip`))) {
    const file = join(root, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
};
