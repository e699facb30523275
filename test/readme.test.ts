/**
 * README.md is the landing page: two commands to start, the demo's output as an example, and a link to every
 * page under docs/. The example must be what `npm run demo` prints today.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';

const README = readFileSync('README.md', 'utf8');

/** The body of the first fenced block of `language` after the heading line `heading`. */
const fenced = (heading: string, language: string): string => {
  const start = README.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README.md has no heading "${heading}"`);
  const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``).exec(README.slice(start))?.[1];
  if (block === undefined) throw new Error(`no \`\`\`${language} block under "${heading}"`);
  return block;
};

const demoOutput = (): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile('node', ['scripts/demo.mjs'], (error, stdout, stderr) => {
      if (error) reject(new Error(`npm run demo failed: ${stderr}`));
      else resolve(stdout);
    });
  });

describe('README.md', () => {
  it('starts with exactly two commands: npm ci && npm run demo, then npm test', () => {
    const commands = fenced('## Quick start', 'sh')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim());
    expect(commands).to.deep.equal(['npm ci && npm run demo', 'npm test']);
  });

  it("shows lines of `npm run demo`'s real output, in order and unchanged (… marks what is left out)", async () => {
    const example = fenced('## Quick start', 'text');
    const chunks = example.split(/^…$/m).map((chunk) => chunk.replace(/^\n|\n$/g, ''));
    const shown = chunks.filter((chunk) => chunk !== '');
    expect(shown.join('\n').split('\n').length, 'example lines').to.be.greaterThan(10);
    const output = `\n${await demoOutput()}`;
    let from = 0;
    for (const chunk of shown) {
      const at = output.indexOf(`\n${chunk}\n`, from);
      expect(
        at,
        `this part of the README's example is not in the demo's output after the part before it:\n${chunk}`,
      ).to.be.greaterThan(-1);
      from = at + chunk.length + 1;
    }
  });

  it('links to every page under docs/', () => {
    for (const page of readdirSync('docs').filter((name) => name.endsWith('.md'))) {
      expect(README, `a link to docs/${page}`).to.contain(`](docs/${page})`);
    }
  });
});
