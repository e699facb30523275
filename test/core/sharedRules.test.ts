/**
 * A rule the code, the runbooks, the stack and org:render all apply is written once (src/core/identifiers.ts);
 * every copy a template must repeat is compared with it here, value by value, so that no copy is looser or
 * stricter than the others.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { ruleOptionsFromFlags } from '../../src/cli/args.ts';
import { isRoleName, isTagKey, ROLE_NAME_PATTERN, TAG_KEY_PATTERN } from '../../src/core/identifiers.ts';
import { parseRuleOptions } from '../../src/core/ruleOptions.ts';
import { RUNBOOK_PATH, WORKGROUP_RUNBOOK_PATH } from '../../src/deploy/names.ts';
import { parseOrgRenderArgs } from '../../src/deploy/org/orgOptions.ts';
import { parsePreflightInput } from '../../src/preflight/runPreflight.ts';

const accepts = (call: () => unknown): boolean => {
  try {
    call();
    return true;
  } catch {
    return false;
  }
};

const ORG_ARGS = [
  ...['--central-account', '111122223333', '--management-account', '444455556666'],
  ...['--organization-id', 'o-a1b2c3d4e5', '--region', 'eu-west-1'],
];

interface SharedRule {
  /** The parameter every template names it by. */
  readonly parameter: 'ExecutionRoleName' | 'ExemptionTagKey';
  readonly pattern: string;
  readonly good: readonly string[];
  readonly bad: readonly string[];
  /** Each place that takes it, as "does it accept this value?". */
  readonly copies: Readonly<Record<string, (value: string) => boolean>>;
}

const RULES: readonly SharedRule[] = [
  {
    parameter: 'ExecutionRoleName',
    pattern: ROLE_NAME_PATTERN,
    good: ['redshift-evr-execution', 'a+b=c,d.e@f_g-h', 'x'.repeat(64), 'R'],
    bad: [
      'team/redshift-evr',
      '/team/redshift-evr',
      'role/',
      'arn:aws:iam::111122223333:role/x',
      'two words',
      'x'.repeat(65),
      'a*b',
    ],
    copies: {
      'the core rule (isRoleName)': (name) => isRoleName(name),
      "the Config rule's InputParameters": (name) => accepts(() => parseRuleOptions({ ExecutionRoleName: name })),
      "the preflight's input": (name) =>
        accepts(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExecutionRoleName: name })),
      'org:render --execution-role-name': (name) =>
        accepts(() => parseOrgRenderArgs([...ORG_ARGS, '--execution-role-name', name])),
    },
  },
  {
    parameter: 'ExemptionTagKey',
    pattern: TAG_KEY_PATTERN,
    good: ['evr-exempt', 'Owner', 'k'.repeat(128), 'awsome', 'team:aws:exempt', 'a b'],
    bad: ['aws:x', 'AWS:exempt', 'Aws:x', 'k'.repeat(129)],
    copies: {
      'the core rule (isTagKey)': (key) => isTagKey(key),
      "the Config rule's InputParameters": (key) => accepts(() => parseRuleOptions({ ExemptionTagKey: key })),
      "the preflight's input": (key) =>
        accepts(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExemptionTagKey: key })),
      'scan, remediate and org:render --exemption-tag-key': (key) =>
        accepts(() => ruleOptionsFromFlags({ 'exemption-tag-key': key })),
      'org:render itself': (key) => accepts(() => parseOrgRenderArgs([...ORG_ARGS, '--exemption-tag-key', key])),
    },
  },
];

/** An optional template parameter: empty, or the whole value matches the rule. */
const optional = (pattern: string): string => `^$|^${pattern}$`;

/** A parameter's AllowedPattern in serverless.yml (the stack's Parameters block). */
const stackPattern = (parameter: string): string | undefined => {
  const block = new RegExp(`\\n {4}${parameter}:\\n(?: {6}.*\\n)*`).exec(readFileSync('serverless.yml', 'utf8'))?.[0];
  return /AllowedPattern: '(.*)'/.exec(block ?? '')?.[1];
};

for (const rule of RULES) {
  describe(`the ${rule.parameter} rule`, () => {
    for (const [copy, takes] of Object.entries(rule.copies)) {
      it(`is the same in ${copy}`, () => {
        for (const value of rule.good) expect(takes(value), value).to.equal(true);
        for (const value of rule.bad) expect(takes(value), value).to.equal(false);
      });
    }

    for (const path of [RUNBOOK_PATH, WORKGROUP_RUNBOOK_PATH]) {
      it(`is the allowedPattern of ${rule.parameter} in ${path}`, () => {
        const document = parse(readFileSync(path, 'utf8')) as {
          parameters: Record<string, { allowedPattern?: string }>;
        };
        expect(document.parameters[rule.parameter]?.allowedPattern).to.equal(optional(rule.pattern));
      });
    }

    it("is the stack parameter's AllowedPattern in serverless.yml", () => {
      expect(stackPattern(rule.parameter)).to.equal(optional(rule.pattern));
    });
  });
}
