import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { PREREQUISITE_CODES } from '../../src/core/types.ts';

/** The rows of a page's table under a heading, as their first cell. */
const firstCells = (page: string, heading: string): string[] => {
  const text = readFileSync(page, 'utf8');
  const section = text.slice(text.indexOf(`\n${heading}\n`)).split(/\n## /)[1] ?? '';
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string);
};

describe('the codes and their documentation', () => {
  it('docs/report.md explains every code, once, in the order reports list them', () => {
    expect(firstCells('docs/report.md', '## Codes')).to.deep.equal([...PREREQUISITE_CODES]);
  });

  it('docs/checks.md names every code as the one a check reports', () => {
    const page = readFileSync('docs/checks.md', 'utf8');
    for (const code of PREREQUISITE_CODES) expect(page, code).to.include(`\`${code}\``);
  });
});
