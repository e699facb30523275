/**
 * README.md lists the engine's IAM actions in three places (the scan's policy, the deployment's least-privilege
 * list, the rule function role's permissions); each must name exactly the actions src/deploy/permissions.ts
 * grants, so that a new read reaches the documentation as well as the templates.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  ASSUME_EXECUTION_ROLE_ACTIONS,
  NETWORK_READ_ACTIONS,
  PREFIX_LIST_READ_ACTIONS,
  RULE_FUNCTION_ACTIONS,
  UNSCOPED_READ_ACTIONS,
} from '../../src/deploy/permissions.ts';
import { actionsReachableFrom } from '../support/deploy/derivedActions.ts';

const README = readFileSync('README.md', 'utf8');
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The text after the heading line that starts with `heading`, up to the next heading of any level. */
const section = (heading: string): string => {
  const start = README.indexOf(`\n${heading}`);
  if (start === -1) throw new Error(`README.md has no heading "${heading}"`);
  const rest = README.slice(README.indexOf('\n', start + 1) + 1);
  const end = rest.search(/^#{1,6} /m);
  return end === -1 ? rest : rest.slice(0, end);
};

/** Every `service:Action` written in backticks. */
const backtickedActions = (text: string): string[] =>
  [...text.matchAll(/`([a-z0-9-]+:[A-Za-z0-9]+)`/g)].map((m) => m[1] as string);

interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}

describe('README.md IAM action lists', () => {
  it("gives the scan the engine's reads, exactly, in a policy that parses", () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(section('### Scanning a real account'))?.[1];
    expect(block, 'a ```json policy under "Scanning a real account"').to.be.a('string');
    const policy = JSON.parse(block as string) as { Statement: Statement[] };
    const actionsOf = (s: Statement) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]);
    expect(sorted(policy.Statement.flatMap(actionsOf))).to.deep.equal(sorted(NETWORK_READ_ACTIONS));
    for (const statement of policy.Statement) expect(statement.Effect).to.equal('Allow');
    // The prefix-list read requires a prefix-list ARN: never "*" in the policy the README hands out.
    for (const action of PREFIX_LIST_READ_ACTIONS) {
      const statement = policy.Statement.find((s) => actionsOf(s).includes(action));
      expect(statement?.Resource, action).to.match(/^arn:aws:ec2:[^:]*:[^:]*:prefix-list\/\*$/);
    }
  });

  it("lists the rule function's grants in the deployment's least-privilege list", () => {
    const bullet = /^- rule function: [\s\S]*?(?=^- )/m.exec(section('## Deploy'))?.[0];
    expect(bullet, 'the "- rule function:" bullet under "Deploy"').to.be.a('string');
    expect(sorted(backtickedActions(bullet as string))).to.deep.equal(sorted(RULE_FUNCTION_ACTIONS));
    expect(bullet).to.contain('these support no resource-level permissions');
    // The unscoped actions come before that remark, the scoped ones after it.
    const [unscoped = ''] = (bullet as string).split('these support no resource-level permissions');
    expect(sorted(backtickedActions(unscoped))).to.deep.equal(sorted(UNSCOPED_READ_ACTIONS));
  });

  it("lists the rule function role's permissions, and sts:AssumeRole for organization mode", () => {
    expect(sorted(backtickedActions(section("### Permissions of the rule's function role")))).to.deep.equal(
      sorted([...RULE_FUNCTION_ACTIONS, ...ASSUME_EXECUTION_ROLE_ACTIONS]),
    );
  });

  it("names, under `redshift-evr remediate`, every call it makes besides the scan's reads (the deployed rules' read too)", async function () {
    this.timeout(30_000);
    const calls = (await actionsReachableFrom('src/cli/remediateCommand.ts')).filter(
      (a) => !(NETWORK_READ_ACTIONS as readonly string[]).includes(a),
    );
    expect(calls).to.include('config:DescribeConfigRules');
    const listed = backtickedActions(section('### `redshift-evr remediate`'));
    expect(calls.filter((a) => !listed.includes(a))).to.deep.equal([]);
  });
});
