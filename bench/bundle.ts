/**
 * The Config rule's Lambda package: the handler bundled as serverless.yml's `custom.esbuild` deploys it,
 * against the same handler bundled with esbuild's defaults for Node (CommonJS, default mainFields). Size on
 * disk, and the median time a fresh `node` process takes to import it (the cold start's share we control).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { BundleRecord } from './results.ts';
import { runNode } from './runNode.ts';

const HANDLER = fileURLToPath(new URL('../src/handlers/configRule.ts', import.meta.url));
const RUNNER = fileURLToPath(new URL('./runContender.ts', import.meta.url));

/** serverless.yml targets node24 (the Lambda runtime); a local Node older than that gets its own version. */
const esbuildTarget = (): string => {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 24 ? 'node24' : `node${major}`;
};

/** serverless.yml `custom.esbuild`, option for option (the target aside, see esbuildTarget). */
export const shippedOptions = (): BuildOptions => ({
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  platform: 'node',
  target: esbuildTarget(),
  mainFields: ['module', 'main'],
  splitting: true,
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  define: { 'import.meta.env': 'process.env' },
  logLevel: 'error',
});

/**
 * Bundle the contender runner as the Lambda is bundled, so a run's process holds what a deployed function
 * would (no TypeScript loader inflating its memory); returns the file to run with plain `node`.
 */
export const bundleRunner = async (dir: string): Promise<string> => {
  await build({ ...shippedOptions(), entryPoints: [RUNNER], outdir: dir, outExtension: { '.js': '.mjs' } });
  return join(dir, 'runContender.mjs');
};

/**
 * The bytes of a split build that its entry can load: the entry and every chunk it imports, statically or with
 * import(), transitively. esbuild also emits a chunk for a dynamic import in code it tree-shook away (the SDK's
 * browser user-agent parser): nothing can load it, serverless.yml leaves it out of the package, and so does this.
 */
const reachableBytes = (metafile: Metafile, entry: string): number => {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external) visit(imported.path);
  };
  visit(entry);
  return [...seen].reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0);
};

/** Imports the file given as argv[1] and prints how long the import took (ms). */
const IMPORT_PROBE =
  "const { pathToFileURL } = await import('node:url');" +
  'const t = performance.now();' +
  'await import(pathToFileURL(process.argv[1]).href);' +
  'process.stdout.write(String(performance.now() - t));';

const importOnce = async (file: string, env: NodeJS.ProcessEnv): Promise<number> => {
  const ms = Number(await runNode(['--input-type=module', '-e', IMPORT_PROBE, file], { env }));
  if (!Number.isFinite(ms)) throw new Error(`importing ${file} printed no time`);
  return ms;
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Bundle both ways into a temporary directory, measure, and remove it. */
export const measureBundles = async (samples: number, env: NodeJS.ProcessEnv): Promise<BundleRecord> => {
  const dir = await mkdtemp(join(tmpdir(), 'redshift-evr-bench-'));
  const target = esbuildTarget();
  try {
    const shippedDir = join(dir, 'shipped');
    const shipped = join(shippedDir, 'configRule.mjs');
    const defaults = join(dir, 'defaults', 'configRule.cjs');
    // Split as deployed: the handler and its chunks; the size counts them all, the import loads what it loads.
    const { metafile } = await build({
      ...shippedOptions(),
      entryPoints: [HANDLER],
      outdir: shippedDir,
      outExtension: { '.js': '.mjs' },
      metafile: true,
    });
    // esbuild's defaults for a Node bundle (format cjs, mainFields main,module); only minify and the target
    // are set, so that the comparison is about module format and entry points, not syntax lowering. CommonJS
    // has no import.meta.url, which the IAM data package reads as it loads: give it the file's URL, as Node's
    // ESM loader would.
    await build({
      entryPoints: [HANDLER],
      outfile: defaults,
      bundle: true,
      minify: true,
      platform: 'node',
      target,
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      logLevel: 'error',
    });
    // Alternate the two so that drift on the machine (frequency, cache) hits both alike.
    const shippedMs: number[] = [];
    const defaultMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      shippedMs.push(await importOnce(shipped, env));
      defaultMs.push(await importOnce(defaults, env));
    }
    return {
      shippedBytes: reachableBytes(metafile, relative(process.cwd(), shipped)),
      defaultBytes: (await stat(defaults)).size,
      shippedColdMs: Math.round(median(shippedMs) * 10) / 10,
      defaultColdMs: Math.round(median(defaultMs) * 10) / 10,
      coldSamples: samples,
      esbuildTarget: target,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
