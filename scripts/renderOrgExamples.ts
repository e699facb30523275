// Writes the committed example rendering of the organization rollout (conformance-packs/, org/), so that a
// reviewer can read what `npm run org:render` produces. A test keeps these files equal to a fresh render.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseOrgRenderArgs } from '../src/deploy/org/orgOptions.ts';
import { readRunbooks } from '../src/deploy/org/readRunbooks.ts';
import {
  CLUSTER_STACKSET_FILE_NAME,
  COMMANDS_FILE_NAME,
  packFileName,
  renderOrg,
  SERVERLESS_STACKSET_FILE_NAME,
  STACKSET_FILE_NAME,
} from '../src/deploy/org/renderOrg.ts';

/** The example organization: documentation account ids, one Region. */
export const EXAMPLE_ARGS = [
  '--central-account',
  '111122223333',
  '--management-account',
  '999988887777',
  '--organization-id',
  'o-a1b2c3d4e5',
  '--region',
  'eu-west-1',
];

/** Where each rendered file is committed. */
export const EXAMPLE_PATHS: Readonly<Record<string, string>> = {
  [packFileName('eu-west-1')]: `conformance-packs/example-${packFileName('eu-west-1')}`,
  [STACKSET_FILE_NAME]: `org/example-${STACKSET_FILE_NAME}`,
  [CLUSTER_STACKSET_FILE_NAME]: `org/example-${CLUSTER_STACKSET_FILE_NAME}`,
  [SERVERLESS_STACKSET_FILE_NAME]: `org/example-${SERVERLESS_STACKSET_FILE_NAME}`,
  [COMMANDS_FILE_NAME]: `org/example-${COMMANDS_FILE_NAME}`,
};

export const renderExamples = (): ReadonlyMap<string, string> => {
  const options = parseOrgRenderArgs(EXAMPLE_ARGS);
  if (options === undefined) throw new Error('example arguments asked for help');
  return renderOrg(options, readRunbooks());
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [name, content] of renderExamples()) {
    const path = EXAMPLE_PATHS[name];
    if (path === undefined) throw new Error(`no example path for ${name}`);
    writeFileSync(path, content);
    console.log(`wrote ${path}`);
  }
}
