// Writes both remediation runbooks (automation-documents/*.yaml) from the template in src/runbooks/ and the
// step scripts in automation-documents/scripts/. The files are committed; a test keeps them equal to a fresh
// rendering, so that a hand edit fails `npm test`.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { RESOURCE_KINDS } from '../src/core/types.ts';
import { formatRunbook } from '../src/runbooks/formatRunbook.ts';
import { renderRunbook } from '../src/runbooks/renderRunbook.ts';
import { RUNBOOK_KINDS } from '../src/runbooks/runbookKinds.ts';
import { readStepScripts } from '../src/runbooks/stepScripts.ts';

/** Each runbook's path and its text, as `npm run runbooks` writes it. */
export const renderRunbookFiles = (): ReadonlyMap<string, string> => {
  const scripts = readStepScripts();
  return new Map(
    RESOURCE_KINDS.map((kind) => {
      const facts = RUNBOOK_KINDS[kind];
      return [facts.runbookPath, formatRunbook(renderRunbook(facts, scripts))];
    }),
  );
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [path, content] of renderRunbookFiles()) {
    writeFileSync(path, content);
    console.log(`wrote ${path}`);
  }
}
