/**
 * docs/permissions.md is the one place the documentation lists IAM actions: the scan's policy, the action groups
 * of the deployed roles, which role gets which groups, and the operator policy. Each list must name exactly the
 * actions src/deploy/permissions.ts grants, so that a new call reaches the documentation as well as the templates.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  ASSUME_EXECUTION_ROLE_ACTIONS,
  AUTOMATION_ROLE_ACTIONS,
  CLUSTER_RUNBOOK_ACTIONS,
  CONFIG_RULE_ACTIONS,
  EXECUTION_ROLE_ACTIONS,
  NETWORK_READ_ACTIONS,
  OPERATOR_ACTIONS,
  ORGANIZATION_READER_ACTIONS,
  PREFIX_LIST_READ_ACTIONS,
  PREFLIGHT_FUNCTION_ALL_ACTIONS,
  READ_ROLE_ACTIONS,
  RULE_FUNCTION_SYNC_ACTIONS,
  SECURITY_HUB_SYNC_ACTIONS,
  UNSCOPED_READ_ACTIONS,
  USAGE_DISCOVERY_ACTIONS,
  WORKGROUP_READ_ACTIONS,
  WORKGROUP_RUNBOOK_ACTIONS,
} from '../../src/deploy/permissions.ts';
import { actionsReachableFrom } from '../support/deploy/derivedActions.ts';

const PAGE = 'docs/permissions.md';
const TEXT = readFileSync(PAGE, 'utf8');
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The text after the heading line `heading`, up to the next heading of any level. */
const section = (heading: string): string => {
  const start = TEXT.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`${PAGE} has no heading "${heading}"`);
  const rest = TEXT.slice(TEXT.indexOf('\n', start + 1) + 1);
  const end = rest.search(/^#{1,6} /m);
  return end === -1 ? rest : rest.slice(0, end);
};

/** Every `service:Action` written in backticks. */
const backtickedActions = (text: string): string[] =>
  [...text.matchAll(/`([a-z0-9-]+:[A-Za-z0-9]+)`/g)].map((m) => m[1] as string);

/** The body rows of the first Markdown table in `text`, as cells. */
const tableRows = (text: string): string[][] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );

interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}
const actionsOf = (s: Statement) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]);

const SCAN_READS = "the scan's reads";

/** The action groups table: group name → its actions (the scan's reads stand for the policy above it). */
const groups = (): Map<string, string[]> => {
  const rows = tableRows(section('## Action groups of the deployed roles'));
  return new Map(
    rows.map(([group = '', actions = '']) => [
      group,
      group === SCAN_READS ? [...NETWORK_READ_ACTIONS] : backtickedActions(actions),
    ]),
  );
};

describe('docs/permissions.md, the IAM action lists', () => {
  it("gives the scan the engine's reads, exactly, in a policy that parses, one statement per kind of resource", () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(section('## The scan (read-only)'))?.[1];
    expect(block, 'a ```json policy under "The scan (read-only)"').to.be.a('string');
    const policy = JSON.parse(block as string) as { Statement: Statement[] };
    expect(sorted(policy.Statement.flatMap(actionsOf))).to.deep.equal(sorted(NETWORK_READ_ACTIONS));
    for (const statement of policy.Statement) expect(statement.Effect).to.equal('Allow');
    const onResource = (pattern: RegExp) =>
      sorted(policy.Statement.filter((s) => pattern.test(String(s.Resource))).flatMap(actionsOf));
    expect(onResource(/^\*$/), 'actions on "*"').to.deep.equal(sorted(UNSCOPED_READ_ACTIONS));
    // The prefix-list read requires a prefix-list ARN, the workgroup reads take a workgroup ARN: never "*".
    expect(onResource(/^arn:aws:ec2:[^:]*:[^:]*:prefix-list\/\*$/), 'on prefix lists').to.deep.equal(
      sorted(PREFIX_LIST_READ_ACTIONS),
    );
    expect(onResource(/^arn:aws:redshift-serverless:[^:]*:[^:]*:workgroup\/\*$/), 'on workgroups').to.deep.equal(
      sorted(WORKGROUP_READ_ACTIONS),
    );
  });

  it('lists each action group of the deployed roles as the source defines it', () => {
    expect(Object.fromEntries([...groups()].map(([group, actions]) => [group, sorted(actions)]))).to.deep.equal({
      [SCAN_READS]: sorted(NETWORK_READ_ACTIONS),
      'Config rule': sorted(CONFIG_RULE_ACTIONS),
      'Security Hub sync': sorted(SECURITY_HUB_SYNC_ACTIONS),
      'execution role': sorted(ASSUME_EXECUTION_ROLE_ACTIONS),
      'cluster runbook': sorted(CLUSTER_RUNBOOK_ACTIONS),
      'workgroup runbook': sorted(WORKGROUP_RUNBOOK_ACTIONS),
    });
  });

  it('gives each deployed role exactly the groups that make up its grants in the source', () => {
    const byGroup = groups();
    const granted = new Map(
      tableRows(section('## Who gets what')).map(([role = '', cell = '']) => [
        role,
        // The groups the cell names, and any action it names besides them.
        sorted([
          ...[...byGroup].filter(([group]) => cell.includes(group)).flatMap(([, actions]) => actions),
          ...backtickedActions(cell),
        ]),
      ]),
    );
    const rowOf = (start: string): string[] => {
      const row = [...granted.keys()].find((role) => role.startsWith(start));
      expect(row, `a row "${start}…" under "Who gets what"`).to.be.a('string');
      return granted.get(row as string) as string[];
    };
    // The most it gets: the Security Hub sync only with SecurityHubSync=true (test/deploy/serverlessTemplate.test.ts).
    expect(rowOf('rule function role')).to.deep.equal(sorted(RULE_FUNCTION_SYNC_ACTIONS));
    expect(rowOf('preflight function role')).to.deep.equal(sorted(PREFLIGHT_FUNCTION_ALL_ACTIONS));
    expect(rowOf('either function role, in organization mode')).to.deep.equal(sorted(ASSUME_EXECUTION_ROLE_ACTIONS));
    expect(rowOf('member execution role')).to.deep.equal(sorted(EXECUTION_ROLE_ACTIONS));
    expect(rowOf('automation role')).to.deep.equal(sorted(AUTOMATION_ROLE_ACTIONS));
    expect(rowOf('member read role')).to.deep.equal(sorted(READ_ROLE_ACTIONS));
  });

  it("lists the operator policy's actions, statement by statement", () => {
    const rows = tableRows(section('## Operator policy'));
    expect(rows.length).to.be.greaterThan(1);
    expect(sorted(rows.flatMap(([, actions = '']) => backtickedActions(actions)))).to.deep.equal(
      sorted(OPERATOR_ACTIONS),
    );
  });

  it("lists the organization reader policy's actions, statement by statement", () => {
    const rows = tableRows(section('## Organization reader policy'));
    expect(rows).to.have.length(4);
    expect(sorted(rows.flatMap(([, actions = '']) => backtickedActions(actions)))).to.deep.equal(
      sorted(ORGANIZATION_READER_ACTIONS),
    );
  });

  it('lists what `scan --discover-usage` adds, and every call its code makes is among them', async () => {
    const listed = sorted(backtickedActions(section('## Usage discovery')));
    expect(listed).to.deep.equal(sorted(USAGE_DISCOVERY_ACTIONS));
    // The SDK calls; the credentials the Data API asks for on the caller's behalf are not SDK calls of ours.
    const calls = await actionsReachableFrom('src/aws/usageDiscovery.ts');
    expect(calls).to.include.members(['redshift-data:ExecuteStatement', 's3:ListBucket']);
    expect(calls.filter((a) => !listed.includes(a))).to.deep.equal([]);
  });

  it("grants, in the operator policy, every call `redshift-evr remediate` makes besides the scan's reads (the deployed rules' read too)", async function () {
    this.timeout(30_000);
    const calls = (await actionsReachableFrom('src/cli/remediateCommand.ts')).filter(
      (a) => !(NETWORK_READ_ACTIONS as readonly string[]).includes(a),
    );
    expect(calls).to.include('config:DescribeConfigRules');
    const listed = backtickedActions(section('## Operator policy'));
    expect(calls.filter((a) => !listed.includes(a))).to.deep.equal([]);
  });
});
