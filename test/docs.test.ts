import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

const SOURCES = [
  'README.md',
  'serverless.yml',
  ...['src', 'test', 'scripts', 'docs', 'bench', 'org', 'conformance-packs', 'automation-documents'].flatMap(
    filesUnder,
  ),
];

describe('documentation citations', () => {
  it('cite only files of this repository that exist', () => {
    const cited = SOURCES.flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /(?<![\w/.-])((?:docs|org|conformance-packs|bench)\/[\w./-]+\.(?:md|yaml|json|sh))\b/g,
        ),
      ].map((m) => ({ file, path: m[1] as string })),
    );
    expect(cited.length).to.be.greaterThan(5);
    for (const { file, path } of cited) expect(existsSync(path), `${file} cites ${path}`).to.equal(true);
  });

  it('never cite a design document outside the repository', () => {
    for (const file of SOURCES.filter((f) => f !== 'test/docs.test.ts')) {
      expect(readFileSync(file, 'utf8'), file).not.to.match(/DESIGN\.md|\.\.\/shared/);
    }
  });
});
