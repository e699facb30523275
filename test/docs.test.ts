import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

  it('link, in README.md and docs/, only to files that exist and headings that exist in them', () => {
    const pages = ['README.md', ...filesUnder('docs').filter((f) => f.endsWith('.md'))];
    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-');
    const anchorsOf = (file: string) =>
      new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
    let links = 0;
    for (const page of pages) {
      const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        links += 1;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? page : join(dirname(page), path);
        expect(existsSync(file), `${page} links to ${target}`).to.equal(true);
        if (anchor !== undefined) expect([...anchorsOf(file)], `${page} links to ${target}`).to.include(anchor);
      }
    }
    expect(links).to.be.greaterThan(20);
  });

  it('never cite a design document outside the repository', () => {
    for (const file of SOURCES.filter((f) => f !== 'test/docs.test.ts')) {
      expect(readFileSync(file, 'utf8'), file).not.to.match(/DESIGN\.md|\.\.\/shared/);
    }
  });
});
