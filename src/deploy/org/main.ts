// `npm run org:render -- …`: write the organization rollout files (conformance packs, member StackSet, commands).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RedshiftEvrError } from '../../errors.ts';
import { ORG_RENDER_USAGE, parseOrgRenderArgs } from './orgOptions.ts';
import { readRunbooks } from './readRunbooks.ts';
import {
  MEMBER_STACKSETS,
  PACK_TEMPLATE_BODY_LIMIT,
  packFileName,
  renderOrg,
  STACKSET_TEMPLATE_BODY_LIMIT,
} from './renderOrg.ts';

const run = async (argv: readonly string[]): Promise<number> => {
  const options = parseOrgRenderArgs(argv);
  if (options === undefined) {
    console.log(ORG_RENDER_USAGE);
    return 0;
  }
  const files = renderOrg(options, readRunbooks());
  const limits = new Map([
    ...options.regions.map((r) => [packFileName(r), PACK_TEMPLATE_BODY_LIMIT] as const),
    ...MEMBER_STACKSETS.map(({ file }) => [file, STACKSET_TEMPLATE_BODY_LIMIT] as const),
  ]);
  for (const [name, limit] of limits) {
    const size = Buffer.byteLength(files.get(name) ?? '');
    if (size > limit)
      throw new RedshiftEvrError(`${name} would be ${size} bytes, over AWS's ${limit}-byte TemplateBody limit.`);
  }
  // Everything is rendered before anything is written; each file is replaced whole (write, then rename).
  try {
    await mkdir(options.outDir, { recursive: true });
    for (const [name, content] of files) {
      const path = join(options.outDir, name);
      await writeFile(`${path}.tmp`, content, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
      await rename(`${path}.tmp`, path);
    }
  } catch (error) {
    throw new RedshiftEvrError(
      `could not write the files to ${options.outDir} (${(error as Error).message}). Check --out: a directory you can write to.`,
    );
  }
  for (const name of files.keys()) console.log(`wrote ${join(options.outDir, name)}`);
  console.log('Next: docs/org-rollout.md, in the order of commands.sh.');
  return 0;
};

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof RedshiftEvrError
        ? `org:render: ${error.message}`
        : `org:render: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(2);
  },
);
