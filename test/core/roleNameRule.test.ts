import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { isRoleName, ROLE_NAME_PATTERN } from '../../src/core/identifiers.ts';
import { parseRuleOptions } from '../../src/core/ruleOptions.ts';
import { RUNBOOK_PATH, WORKGROUP_RUNBOOK_PATH } from '../../src/deploy/names.ts';
import { parseOrgRenderArgs } from '../../src/deploy/org/orgOptions.ts';
import { parsePreflightInput } from '../../src/preflight/runPreflight.ts';

/** Names every copy of the role-name rule must take, and names every copy must refuse (paths included). */
const GOOD = ['redshift-evr-execution', 'a+b=c,d.e@f_g-h', 'x'.repeat(64), 'R'];
const BAD = [
  'team/redshift-evr',
  '/team/redshift-evr',
  'role/',
  'arn:aws:iam::111122223333:role/x',
  'two words',
  'x'.repeat(65),
  'a*b',
];

const OPTIONAL = `^$|^${ROLE_NAME_PATTERN}$`;

/** Each place that takes ExecutionRoleName, as "does it accept this name?". */
const COPIES: Record<string, (name: string) => boolean> = {
  'the core rule (isRoleName)': (name) => isRoleName(name),
  "the Config rule's InputParameters": (name) => accepts(() => parseRuleOptions({ ExecutionRoleName: name })),
  "the preflight's input": (name) =>
    accepts(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExecutionRoleName: name })),
  'org:render --execution-role-name': (name) =>
    accepts(() =>
      parseOrgRenderArgs([
        ...['--central-account', '111122223333', '--management-account', '444455556666'],
        ...['--organization-id', 'o-a1b2c3d4e5', '--region', 'eu-west-1', '--execution-role-name', name],
      ]),
    ),
};

function accepts(call: () => unknown): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}

describe('the ExecutionRoleName rule', () => {
  for (const [copy, takes] of Object.entries(COPIES)) {
    it(`is the same in ${copy}`, () => {
      for (const name of GOOD) expect(takes(name), name).to.equal(true);
      for (const name of BAD) expect(takes(name), name).to.equal(false);
    });
  }

  for (const path of [RUNBOOK_PATH, WORKGROUP_RUNBOOK_PATH]) {
    it(`is the allowedPattern of ExecutionRoleName in ${path}`, () => {
      const document = parse(readFileSync(path, 'utf8')) as { parameters: Record<string, { allowedPattern?: string }> };
      expect(document.parameters.ExecutionRoleName?.allowedPattern).to.equal(OPTIONAL);
    });
  }

  it("is the stack parameter's AllowedPattern in serverless.yml", () => {
    const block = /\n {4}ExecutionRoleName:\n(?: {6}.*\n)*/.exec(readFileSync('serverless.yml', 'utf8'))?.[0] ?? '';
    expect(/AllowedPattern: '(.*)'/.exec(block)?.[1]).to.equal(OPTIONAL);
  });
});
