// Bundles the CLI into dist/cli.js (run by `prepare`, so `npm ci` leaves `npx redshift-evr` working).
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outdir: 'dist',
  entryNames: 'cli',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies stay in node_modules: the CLI runs from an installed checkout.
  packages: 'external',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
