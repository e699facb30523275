/**
 * README.md is the landing page: two commands to start, the demo's output as an example, the organization
 * report's, and a link to every page under docs/. The examples must be what the commands print today.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { runCli } from '../src/cli/runCli.ts';
import { fakeAggregator } from './support/fakeAws/aggregator.ts';
import { startHttpStub } from './support/fakeAws/httpStub.ts';
import { README_AGGREGATOR_NAME, README_ORGANIZATION } from './support/fakeAws/readmeOrganization.ts';
import { testIo } from './support/testIo.ts';

const README = readFileSync('README.md', 'utf8');

/** The body of the first fenced block of `language` after the heading line `heading`. */
const fenced = (heading: string, language: string): string => {
  const start = README.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README.md has no heading "${heading}"`);
  const block = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``).exec(README.slice(start))?.[1];
  if (block === undefined) throw new Error(`no \`\`\`${language} block under "${heading}"`);
  return block;
};

/** Every chunk of `example` (split at lines of "…") is in `output`, in order. */
const expectShownIn = (example: string, output: string, what: string) => {
  const shown = example
    .split(/^…$/m)
    .map((chunk) => chunk.replace(/^\n|\n$/g, ''))
    .filter((chunk) => chunk !== '');
  expect(shown.join('\n').split('\n').length, 'example lines').to.be.greaterThan(8);
  let from = 0;
  for (const chunk of shown) {
    const at = `\n${output}`.indexOf(`\n${chunk}\n`, from);
    expect(
      at,
      `this part of the README's example is not in ${what} after the part before it:\n${chunk}`,
    ).to.be.greaterThan(-1);
    from = at + chunk.length + 1;
  }
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
    expectShownIn(fenced('## Quick start', 'text'), await demoOutput(), "the demo's output");
  });

  it("shows lines of `redshift-evr report --aggregator`'s real output for its example organization", async () => {
    const command = fenced('## The whole organization', 'sh').trim();
    expect(command).to.equal(
      `npx redshift-evr report --aggregator ${README_AGGREGATOR_NAME} --aggregator-region eu-west-1`,
    );
    const stub = await startHttpStub(fakeAggregator(README_ORGANIZATION));
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = stub.url;
    try {
      const io = testIo();
      expect(await runCli(command.split(' ').slice(2), io)).to.equal(1);
      expectShownIn(fenced('## The whole organization', 'text'), io.out(), "the report's output");
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
      await stub.close();
    }
  });

  it('links to every page under docs/', () => {
    for (const page of readdirSync('docs').filter((name) => name.endsWith('.md'))) {
      expect(README, `a link to docs/${page}`).to.contain(`](docs/${page})`);
    }
  });
});
