import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NormalizedSchema } from '@smithy/core/schema';
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { parse } from 'yaml';
import { renderRunbookFiles } from '../../scripts/buildRunbooks.ts';
import { isModifiableStatus } from '../../src/core/clusterStates.ts';
import { isClusterIdentifier, isWorkgroupName } from '../../src/core/identifiers.ts';
import { KINDS } from '../../src/core/resourceKinds.ts';
import { parseBucketList } from '../../src/core/ruleOptions.ts';
import { readStepScripts, STEP_SCRIPTS } from '../../src/runbooks/stepScripts.ts';
import type { AutomationDocument, StepSpec } from '../support/runbook/document.ts';
import { referencedNames, selectorPath } from '../support/runbook/expressions.ts';
import { CLUSTER_KIND, type RunbookKind, WORKGROUP_KIND } from '../support/runbook/kinds.ts';
import { ACTIONS_WITH_API, CONTROL_INPUTS } from '../support/runbook/runRunbook.ts';

const LAMBDA_OUTPUTS = ['Payload', 'StatusCode', 'FunctionError', 'LogResult'];
const SYSTEM_VARIABLES = ['global:ACCOUNT_ID', 'global:REGION', 'global:AWS_PARTITION', 'automation:EXECUTION_ID'];

/** What the static checks expect of one runbook where the two differ. */
interface DocumentExpectations {
  readonly kind: RunbookKind;
  /** The Security Hub control the runbook makes pass. */
  readonly control: string;
  readonly service: 'redshift' | 'redshift-serverless';
  /** The service as a test name says it. */
  readonly serviceName: string;
  readonly readApi: 'DescribeClusters' | 'GetWorkgroup';
  readonly changeApi: 'ModifyCluster' | 'UpdateWorkgroup';
  /** The API input that names the resource, and the one that turns the flag on. */
  readonly nameInput: string;
  readonly flagInput: string;
  readonly statusSelector: string;
  /** The statuses that need a person, from src/core/clusterStates.ts (the wait before the change ends on them). */
  readonly needsPerson: readonly string[];
  /** Statuses the wait before the change must outlast. */
  readonly busy: readonly string[];
  /** The name parameter's allowedPattern, and names it must accept and reject, and the preflight's own check. */
  readonly namePattern: string;
  readonly names: readonly [good: string[], bad: string[]];
  readonly namesWord: string;
  readonly isValidName: (value: string) => boolean;
}

const DOCUMENTS: readonly DocumentExpectations[] = [
  {
    kind: CLUSTER_KIND,
    control: 'Redshift.7',
    service: 'redshift',
    serviceName: 'Redshift',
    readApi: 'DescribeClusters',
    changeApi: 'ModifyCluster',
    nameInput: 'ClusterIdentifier',
    flagInput: 'EnhancedVpcRouting',
    statusSelector: '$.Clusters[0].ClusterStatus',
    needsPerson: [...KINDS.cluster.statuses.needsPerson.keys()],
    busy: ['modifying', 'resizing', 'rebooting', 'creating', 'renaming'],
    namePattern: '^[a-z]([a-z0-9]|-[a-z0-9])*$',
    names: [
      ['etl-prod', 'a', 'c0', 'x'.repeat(63), 'bi-reporting-2024'],
      ['', 'Etl-prod', '1cluster', 'etl--prod', 'etl-', '-etl', 'etl_prod', 'x'.repeat(64), 'etl prod'],
    ],
    namesWord: 'cluster identifiers',
    isValidName: isClusterIdentifier,
  },
  {
    kind: WORKGROUP_KIND,
    control: 'RedshiftServerless.1',
    service: 'redshift-serverless',
    serviceName: 'Redshift Serverless',
    readApi: 'GetWorkgroup',
    changeApi: 'UpdateWorkgroup',
    nameInput: 'workgroupName',
    flagInput: 'enhancedVpcRouting',
    statusSelector: '$.workgroup.status',
    needsPerson: [...KINDS.workgroup.statuses.needsPerson.keys()],
    busy: ['MODIFYING', 'CREATING'],
    namePattern: '^[a-z0-9-]{3,64}$',
    names: [
      ['wg-0', 'analytics', 'abc', 'x'.repeat(64), '0-etl', 'etl-', 'a--b'],
      ['', 'ab', 'x'.repeat(65), 'Analytics', 'etl_wg', 'etl wg', 'etl.wg', 'arn:aws:redshift-serverless:x'],
    ],
    namesWord: 'workgroup names',
    isValidName: isWorkgroupName,
  },
];

/**
 * Each kind's runbook as `npm run runbooks` renders it now (generated.test.ts keeps the committed files, which
 * the scenarios run, equal to it).
 */
const RENDERED = renderRunbookFiles();
const generated = (kind: RunbookKind): AutomationDocument =>
  parse(RENDERED.get(kind.document) ?? '') as AutomationDocument;

/** Where the two runbooks differ by design: the resource's name and its first read. */
const CLUSTER_TO_WORKGROUP: Readonly<Record<string, string>> = {
  ClusterIdentifier: 'WorkgroupName',
  DescribeCluster: 'DescribeWorkgroup',
  'DescribeCluster.ClusterStatus': 'DescribeWorkgroup.WorkgroupStatus',
  'DescribeCluster.EnhancedVpcRouting': 'DescribeWorkgroup.EnhancedVpcRouting',
  'DescribeFinalState.ClusterStatus': 'DescribeFinalState.WorkgroupStatus',
};
const renamed = (name: string): string => CLUSTER_TO_WORKGROUP[name] ?? name;

const apiSchema = async (step: StepSpec) => {
  const module = (await import(`@aws-sdk/client-${String(step.inputs.Service).toLowerCase()}`)) as Record<
    string,
    unknown
  >;
  const Command = module[`${step.inputs.Api}Command`] as (new (input: object) => { schema: unknown[] }) | undefined;
  expect(Command, `${step.name}: ${step.inputs.Service} has no ${step.inputs.Api}`).to.be.a('function');
  const operation = new (Command as new (input: object) => { schema: unknown[] })({}).schema;
  return { input: NormalizedSchema.of(operation[4] as never), output: NormalizedSchema.of(operation[5] as never) };
};

/** Walk a selector through an output schema; returns the member's schema or undefined. */
const schemaAt = (root: NormalizedSchema, selector: string): NormalizedSchema | undefined => {
  let current: NormalizedSchema | undefined = root;
  for (const key of selectorPath(selector)) {
    if (current === undefined) return undefined;
    if (typeof key === 'number') current = current.isListSchema() ? current.getValueSchema() : undefined;
    else
      current =
        current.isStructSchema() && [...current.structIterator()].some(([k]) => k === key)
          ? current.getMemberSchema(key)
          : undefined;
  }
  return current;
};

const targetsOf = (step: StepSpec): string[] => {
  const targets: string[] = [];
  if (step.nextStep) targets.push(step.nextStep);
  if (step.onFailure?.startsWith('step:')) targets.push(step.onFailure.slice(5));
  if (step.action === 'aws:branch') {
    const inputs = step.inputs as { Choices: { NextStep: string }[]; Default?: string };
    targets.push(...inputs.Choices.map((c) => c.NextStep));
    if (inputs.Default) targets.push(inputs.Default);
  }
  return targets;
};

for (const expected of DOCUMENTS) {
  const { kind } = expected;
  describe(`${kind.name} remediation runbook (static checks)`, () => {
    const document = generated(kind);
    const step = (name: string) => document.mainSteps.find((s) => s.name === name) as StepSpec;
    const apiSteps = () => document.mainSteps.filter((s) => ACTIONS_WITH_API.includes(s.action));

    it("validates against AWS's SSM Automation document schema", () => {
      const schema = JSON.parse(
        readFileSync('node_modules/aws-ssm-document-language-service/dist/schema.json', 'utf8'),
      );
      // The published schema (2020) predates the current aws:executeScript runtimes; everything else is as published.
      const text = JSON.stringify(schema).replaceAll(
        '["python3.6","python3.7","PowerShell Core 6.0"]',
        '["python3.8","python3.9","python3.10","python3.11","PowerShell 7.4"]',
      );
      const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(JSON.parse(text));
      const valid = validate(document);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).to.deep.equal([]);
      expect(valid).to.equal(true);
    });

    it('has a Markdown description naming the control and the role permissions, and every parameter described', () => {
      expect(document.description).to.match(/^# /);
      expect(document.description).to.contain(`**${expected.control}**`);
      const permissions = document.description.slice(document.description.indexOf('## Permissions'));
      for (const action of [
        `${expected.service}:${expected.readApi}`,
        `${expected.service}:${expected.changeApi}`,
        'lambda:InvokeFunction',
      ]) {
        expect(permissions, action).to.contain(`\`${action}\``);
      }
      for (const [name, spec] of Object.entries(document.parameters))
        expect(spec.description, name).to.be.a('string').and.not.equal('');
    });

    it('has unique step names, existing targets, and every step reachable', () => {
      const names = document.mainSteps.map((s) => s.name);
      expect(new Set(names).size).to.equal(names.length);
      const reachable = new Set<string>();
      const visit = (i: number) => {
        const s = document.mainSteps[i];
        if (s === undefined || reachable.has(s.name)) return;
        reachable.add(s.name);
        for (const target of targetsOf(s)) {
          expect(names, `${s.name} -> ${target}`).to.include(target);
          visit(names.indexOf(target));
        }
        if (!s.isEnd && !s.nextStep && s.action !== 'aws:branch') visit(i + 1);
      };
      visit(0);
      expect([...reachable].sort()).to.deep.equal([...names].sort());
    });

    it(`reaches ${expected.changeApi} only through a ready preflight, a wait, and a ready re-check right before it`, () => {
      const predecessors = (name: string) =>
        document.mainSteps.filter((s) => targetsOf(s).includes(name)).map((s) => s.name);
      // The change only from inside the change window, which only a ready re-check leads to.
      expect(predecessors('EnableEnhancedVpcRouting')).to.deep.equal(['BranchOnChangeWindow']);
      expect(step('BranchOnChangeWindow').inputs.Choices).to.deep.include({
        NextStep: 'EnableEnhancedVpcRouting',
        Variable: '{{ CheckChangeWindow.InWindow }}',
        BooleanEquals: true,
      });
      expect(predecessors('BranchOnChangeWindow')).to.deep.equal(['CheckChangeWindow']);
      expect(predecessors('CheckChangeWindow')).to.deep.equal(['BranchOnRecheck']);
      expect(predecessors('BranchOnRecheck')).to.deep.equal(['RecheckPreflight']);
      expect(predecessors('RecheckPreflight')).to.deep.equal(['WaitForAvailableBeforeChange']);
      // Outside the window: sleep until it opens, then wait for the resource and check again.
      expect(predecessors('WaitForChangeWindow')).to.deep.equal(['BranchOnChangeWindow']);
      expect(predecessors('WaitForAvailableBeforeChange').sort()).to.deep.equal([
        'Approve',
        'ApproveWithNotification',
        'BranchOnApproval',
        'WaitForChangeWindow',
      ]);
      for (const approve of ['Approve', 'ApproveWithNotification'])
        expect(predecessors(approve)).to.deep.equal(['BranchOnApprovalNotification']);
      expect(predecessors('BranchOnApprovalNotification')).to.deep.equal(['SummarizeForApproval']);
      expect(predecessors('SummarizeForApproval')).to.deep.equal(['BranchOnApproval']);
      expect(predecessors('BranchOnApproval')).to.deep.equal(['BranchOnPreflight']);
      const readyChoice = (branch: string) =>
        (step(branch).inputs.Choices as Record<string, unknown>[]).filter((c) => c.Contains === '"ready":true');
      expect(readyChoice('BranchOnPreflight')).to.deep.equal([
        { NextStep: 'BranchOnApproval', Variable: '{{ Preflight.Payload }}', Contains: '"ready":true' },
      ]);
      expect(readyChoice('BranchOnRecheck')).to.deep.equal([
        { NextStep: 'CheckChangeWindow', Variable: '{{ RecheckPreflight.Payload }}', Contains: '"ready":true' },
      ]);
      // Only the ready choice leads to the change; the others end without one.
      const recheckTargets = (step('BranchOnRecheck').inputs.Choices as { NextStep: string }[]).map((c) => c.NextStep);
      expect(recheckTargets).to.deep.equal(['CheckChangeWindow', 'ExemptAtRecheck', 'AlreadyEnabledAtRecheck']);
      for (const name of ['ExemptAtRecheck', 'AlreadyEnabledAtRecheck']) expect(step(name).isEnd, name).to.equal(true);
      expect(step('BranchOnRecheck').inputs.Default).to.equal('StopRecheckBlocked');
      expect(step('BranchOnPreflight').inputs.Default).to.equal('StopPreflightBlocked');
      // Both preflight calls send the same decision inputs.
      expect(step('RecheckPreflight').inputs).to.deep.equal(step('Preflight').inputs);
    });

    it('sends the preflight the rule options it decides with, S3Buckets included', () => {
      const payload = step('Preflight').inputs.InputPayload as Record<string, unknown>;
      expect(payload).to.deep.include({
        ExemptionTagKey: '{{ ExemptionTagKey }}',
        RequireInternetPath: '{{ RequireInternetPath }}',
        S3Buckets: '{{ S3Buckets }}',
      });
      expect(document.parameters.S3Buckets).to.deep.include({ type: 'String', default: '' });
    });

    it(`calls only ${expected.service} ${expected.readApi}, and ${expected.changeApi} to enable, with ${expected.flagInput} alone (and to roll back)`, () => {
      const calls = apiSteps().map((s) => `${s.inputs.Service} ${s.inputs.Api}`);
      expect([...new Set(calls)].sort()).to.deep.equal([
        `${expected.service} ${expected.readApi}`,
        `${expected.service} ${expected.changeApi}`,
      ]);
      const writes = apiSteps().filter((s) => s.inputs.Api !== expected.readApi);
      expect(writes.map((s) => s.name)).to.deep.equal(['EnableEnhancedVpcRouting', 'RollBackEnhancedVpcRouting']);
      // The rollback: the flag alone, off, reached only through the branch on RollbackOnFailure.
      expect(step('RollBackEnhancedVpcRouting').inputs).to.deep.equal({
        Service: expected.service,
        Api: expected.changeApi,
        [expected.nameInput]: `{{ ${kind.nameParameter} }}`,
        [expected.flagInput]: false,
      });
      const toRollback = document.mainSteps.filter((s) =>
        JSON.stringify(s).includes('"NextStep":"RollBackEnhancedVpcRouting"'),
      );
      expect(toRollback.map((s) => s.name)).to.deep.equal(['BranchOnRollback']);
      expect(step('BranchOnRollback').inputs.Choices).to.deep.equal([
        { NextStep: 'RollBackEnhancedVpcRouting', Variable: '{{ RollbackOnFailure }}', BooleanEquals: true },
      ]);
      // Nothing but the flag (UpdateWorkgroup takes one setting per request; ModifyCluster would apply any other).
      expect(step('EnableEnhancedVpcRouting').inputs).to.deep.equal({
        Service: expected.service,
        Api: expected.changeApi,
        [expected.nameInput]: `{{ ${kind.nameParameter} }}`,
        [expected.flagInput]: true,
      });
      for (const s of apiSteps()) expect(s.inputs[expected.nameInput], s.name).to.equal(`{{ ${kind.nameParameter} }}`);
    });

    it(`ends the wait before the change in every state ${expected.serviceName} will not modify, so the re-check stops at once`, () => {
      const desired = step('WaitForAvailableBeforeChange').inputs.DesiredValues as string[];
      expect(step('WaitForAvailableBeforeChange').inputs.PropertySelector).to.equal(expected.statusSelector);
      // Exactly the table's statuses that need a person (src/core/clusterStates.ts), after the one to change in.
      expect(desired).to.deep.equal([kind.available, ...expected.needsPerson]);
      expect(isModifiableStatus(kind.available, kind.name)).to.equal(true);
      for (const state of expected.busy) {
        expect(desired, state).not.to.include(state);
        expect(isModifiableStatus(state, kind.name), state).to.equal(true);
      }
    });

    it(`waits after the change for the flag and then for ${kind.available}, and verifies the flag`, () => {
      const order = document.mainSteps.map((s) => s.name);
      const after = order.slice(order.indexOf('EnableEnhancedVpcRouting') + 1, order.indexOf('DescribeFinalState'));
      expect(
        after.map((name) => [
          name,
          step(name).action,
          step(name).inputs.PropertySelector,
          step(name).inputs.DesiredValues,
        ]),
      ).to.deep.equal([
        ['WaitForChangeApplied', 'aws:waitForAwsResourceProperty', kind.flagSelector, ['True']],
        ['WaitForAvailableAfterChange', 'aws:waitForAwsResourceProperty', expected.statusSelector, [kind.available]],
        ['VerifyEnhancedVpcRouting', 'aws:assertAwsResourceProperty', kind.flagSelector, ['True']],
      ]);
    });

    it('names existing SDK commands, with parameters, selectors and output types their schemas have', async () => {
      expect(apiSteps().length).to.be.greaterThan(5);
      for (const s of apiSteps()) {
        const { input, output } = await apiSchema(s);
        const members = [...input.structIterator()].map(([k]) => k);
        for (const key of Object.keys(s.inputs).filter((k) => !CONTROL_INPUTS.has(k))) {
          expect(members, `${s.name}: ${s.inputs.Api} has no input ${key}`).to.include(key);
        }
        if (s.inputs.PropertySelector !== undefined) {
          const property = schemaAt(output, String(s.inputs.PropertySelector));
          expect(property, `${s.name}: ${s.inputs.PropertySelector}`).to.not.equal(undefined);
          // SSM compares property values as strings: booleans must be written "True"/"False".
          if (property?.isBooleanSchema()) {
            const rollback = s.name === 'WaitForRollbackApplied';
            expect(s.inputs.DesiredValues, s.name).to.deep.equal([rollback ? 'False' : 'True']);
          }
        }
        for (const o of s.outputs ?? []) {
          const member = schemaAt(output, o.Selector);
          expect(member, `${s.name}.${o.Name}: ${o.Selector}`).to.not.equal(undefined);
          if (o.Type === 'Boolean') expect(member?.isBooleanSchema(), `${s.name}.${o.Name}`).to.equal(true);
          if (o.Type === 'String') expect(member?.isStringSchema(), `${s.name}.${o.Name}`).to.equal(true);
        }
      }
    });

    it('references only parameters, system variables and outputs of earlier steps', () => {
      const known = new Set<string>([...Object.keys(document.parameters), ...SYSTEM_VARIABLES]);
      for (const s of document.mainSteps) {
        for (const o of s.outputs ?? []) known.add(`${s.name}.${o.Name}`);
        if (s.action === 'aws:invokeLambdaFunction') for (const o of LAMBDA_OUTPUTS) known.add(`${s.name}.${o}`);
      }
      for (const s of document.mainSteps) {
        for (const name of referencedNames(s.inputs)) expect(known, `${s.name} uses {{ ${name} }}`).to.include(name);
      }
      for (const name of document.outputs ?? []) expect(known, `document output ${name}`).to.include(name);
      expect(referencedNames(document.assumeRole)).to.deep.equal(['AutomationAssumeRole']);
    });

    it('gives every acting step a timeout and a failure path', () => {
      /** A number, or a {{ parameter }} of type Integer: its default. */
      const seconds = (s: StepSpec): number => {
        if (typeof s.timeoutSeconds === 'number') return s.timeoutSeconds;
        const name = /^\{\{ (\w+) \}\}$/.exec(String(s.timeoutSeconds))?.[1] ?? '';
        const parameter = document.parameters[name];
        expect(parameter?.type, `${s.name} timeoutSeconds ${s.timeoutSeconds}`).to.equal('Integer');
        return Number(parameter?.default);
      };
      for (const s of document.mainSteps.filter((x) => x.action !== 'aws:branch')) {
        expect(seconds(s), `${s.name} timeoutSeconds`).to.be.a('number').greaterThan(0);
      }
      for (const s of document.mainSteps.filter((x) => x.action === 'aws:waitForAwsResourceProperty')) {
        // A cluster restart or a resize can take many minutes.
        expect(seconds(s), s.name).to.be.at.least(1800);
      }
      expect(step('WaitForAvailableBeforeChange').onFailure).to.equal('step:StopNotAvailable');
      for (const name of ['WaitForChangeApplied', 'WaitForAvailableAfterChange'])
        expect(step(name).onFailure).to.equal('Abort');
      expect(step('EnableEnhancedVpcRouting')).to.include({ onFailure: 'Abort', isCritical: true });
    });

    it('has Python scripts that compile', () => {
      const steps = document.mainSteps.filter((x) => x.action === 'aws:executeScript');
      // One python3 for every script: a process each is slow on a loaded machine.
      const compiled = spawnSync(
        'python3',
        ['-c', 'import json, sys\nfor name, text in json.load(sys.stdin): compile(text, name, "exec")'],
        { input: JSON.stringify(steps.map((s) => [s.name, String(s.inputs.Script)])) },
      );
      expect(compiled.status, String(compiled.stderr)).to.equal(0);
      for (const s of steps) expect(String(s.inputs.Script)).to.contain(`def ${s.inputs.Handler}(events, context):`);
    });

    it(`names the ${kind.nameParameter} to change with a required parameter, the preflight's pattern`, () => {
      expect(document.parameters[kind.nameParameter]).to.deep.include({
        type: 'String',
        allowedPattern: expected.namePattern,
      });
      expect(document.parameters[kind.nameParameter]).not.to.have.property('default');
      expect(Object.keys(document.parameters)[0]).to.equal(kind.nameParameter);
    });

    describe('allowedPattern', () => {
      const pattern = (name: string) => {
        const spec = document.parameters[name];
        return (value: string) =>
          new RegExp(spec?.allowedPattern as string).test(value) &&
          value.length <= (spec?.maxChars ?? Number.POSITIVE_INFINITY);
      };
      const cases: [string, string[], string[]][] = [
        [kind.nameParameter, ...expected.names],
        [
          'AutomationAssumeRole',
          [
            '',
            'arn:aws:iam::111122223333:role/redshift-evr-remediation',
            'arn:aws-cn:iam::111122223333:role/path/to/Role',
            'arn:aws-us-gov:iam::111122223333:role/Evr+=,.@_-',
          ],
          [
            'redshift-evr-remediation',
            'arn:aws:iam::1111:role/x',
            'arn:aws:iam::111122223333:user/alice',
            'arn:aws:sts::111122223333:assumed-role/x/y',
          ],
        ],
        [
          'PreflightFunction',
          [
            'redshift-evr-preflight',
            'arn:aws:lambda:eu-west-1:111122223333:function:redshift-evr-preflight',
            'arn:aws-cn:lambda:cn-north-1:111122223333:function:f:live',
          ],
          ['', 'my function', 'arn:aws:lambda:eu-west-1:111122223333:layer:x'],
        ],
        ['ExecutionRoleName', ['', 'RedshiftEvrRule'], ['service-role/Evr', 'arn:aws:iam::111122223333:role/X', 'a b']],
        [
          'S3Buckets',
          ['', 'abc', 'etl-staging', 'etl-staging,unload.archive-2024', 'b'.repeat(63), '1.2.3.4.5'],
          ['ab', 'b'.repeat(64), 'ETL', 'etl_raw', 'etl-', '.etl', 'etl-staging,', ',etl', 'etl, logs', 's3://etl'],
        ],
      ];
      for (const [name, good, bad] of cases) {
        it(`accepts valid and rejects invalid ${name} values`, () => {
          const test = pattern(name);
          for (const v of good) expect(test(v), `${name} should accept ${JSON.stringify(v)}`).to.equal(true);
          for (const v of bad) expect(test(v), `${name} should reject ${JSON.stringify(v)}`).to.equal(false);
        });
      }

      it('accepts the S3Buckets lists the preflight accepts; it names what else it refuses (adjacent dots, IP addresses)', () => {
        const test = pattern('S3Buckets');
        const lists = ['etl-staging,unload.archive', 'abc', 'a.b-c,x'.concat('y'.repeat(60))];
        for (const v of lists) {
          expect(test(v), v).to.equal(true);
          expect(() => parseBucketList(v, 'S3Buckets', ''), v).not.to.throw();
        }
        for (const v of ['etl..staging', '192.168.5.4']) {
          expect(test(v), v).to.equal(true);
          expect(() => parseBucketList(v, 'Preflight input "S3Buckets"', ''), v).to.throw(/adjacent dots|IP address/);
        }
      });

      it(`accepts exactly the ${expected.namesWord} the preflight accepts`, () => {
        const test = pattern(kind.nameParameter);
        for (const v of expected.names.flat()) expect(test(v), JSON.stringify(v)).to.equal(expected.isValidName(v));
      });
    });
  });
}

describe('the two generated runbooks', () => {
  const cluster = generated(CLUSTER_KIND);
  const workgroup = generated(WORKGROUP_KIND);
  const stepOf = (d: AutomationDocument, name: string) => d.mainSteps.find((s) => s.name === name);

  it('have the same step graph: the same steps, actions, paths and outputs, the resource renamed', () => {
    const shape = (d: AutomationDocument, rename: (n: string) => string) =>
      d.mainSteps.map((s) => ({
        name: rename(s.name),
        action: s.action,
        targets: targetsOf(s).map(rename),
        isEnd: s.isEnd ?? false,
        onFailure: s.onFailure ?? 'Abort',
        outputs: (s.outputs ?? []).map((o) => ({ Name: rename(`${s.name}.${o.Name}`), Type: o.Type })),
      }));
    // A cluster's first read also outputs its maintenance window (a workgroup has none).
    const withoutMaintenanceWindow = (s: ReturnType<typeof shape>[number]) => ({
      ...s,
      outputs: s.outputs.filter((o) => o.Name !== 'DescribeCluster.MaintenanceWindow'),
    });
    expect(shape(workgroup, (n) => n)).to.deep.equal(
      shape(cluster, renamed)
        .map(withoutMaintenanceWindow)
        .map((s) => ({ ...s, outputs: s.outputs.map((o) => ({ ...o, Name: renamed(o.Name) })) })),
    );
    expect(workgroup.outputs).to.deep.equal((cluster.outputs ?? []).map(renamed));
  });

  it('have the same parameters, with the same types, defaults and patterns, but the resource name and DbUser', () => {
    // A workgroup's Data API connection takes no database user (its IAM identity): no DbUser.
    expect(Object.keys(workgroup.parameters)).to.deep.equal(
      Object.keys(cluster.parameters)
        .filter((name) => name !== 'DbUser')
        .map(renamed),
    );
    expect(cluster.parameters.DbUser).to.deep.include({ type: 'String', default: '' });
    for (const [name, spec] of Object.entries(cluster.parameters)) {
      if (name === 'ClusterIdentifier' || name === 'DbUser') continue;
      const { description: _, ...shared } = spec;
      const { description: __, ...mine } = workgroup.parameters[name] ?? { description: '' };
      // A workgroup has no maintenance window to wait for: its runbook changes now unless told otherwise.
      const expected = name === 'ChangeWindow' ? { ...shared, default: 'now' } : shared;
      expect(mine, name).to.deep.equal(expected);
    }
    expect(cluster.parameters.ChangeWindow?.default).to.equal('maintenance-window');
    expect(workgroup.assumeRole).to.equal(cluster.assumeRole);
  });

  it('send the preflight the same payload, with WorkgroupName instead of ClusterIdentifier, and no DbUser', () => {
    const payload = (d: AutomationDocument, name: string) =>
      (stepOf(d, name)?.inputs.InputPayload ?? {}) as Record<string, unknown>;
    for (const name of ['Preflight', 'RecheckPreflight']) {
      const { ClusterIdentifier, MaintenanceWindow, DbUser, ...rest } = payload(cluster, name);
      expect(ClusterIdentifier).to.equal('{{ ClusterIdentifier }}');
      // The Data API connects to a workgroup as the function's IAM identity only.
      expect(DbUser).to.equal('{{ DbUser }}');
      // The cluster's own window, as its first read found it (a workgroup has none).
      expect(MaintenanceWindow).to.equal('{{ DescribeCluster.MaintenanceWindow }}');
      expect(payload(workgroup, name), name).to.deep.equal({ WorkgroupName: '{{ WorkgroupName }}', ...rest });
    }
  });

  it('run the same Python in each script step, one of automation-documents/scripts/ with the handler it defines', () => {
    const scripts = readStepScripts();
    const byText = new Map(Object.entries(scripts).map(([name, text]) => [text, name as keyof typeof STEP_SCRIPTS]));
    const scriptSteps = cluster.mainSteps.filter((s) => s.action === 'aws:executeScript');
    expect(scriptSteps.length).to.be.greaterThan(8);
    for (const step of scriptSteps) {
      const name = byText.get(String(step.inputs.Script));
      expect(name, `${step.name} runs a script of its own`).to.be.a('string');
      expect(step.inputs.Handler, step.name).to.equal(STEP_SCRIPTS[name as keyof typeof STEP_SCRIPTS].handler);
      const twin = stepOf(workgroup, step.name)?.inputs;
      expect([twin?.Script, twin?.Handler], step.name).to.deep.equal([step.inputs.Script, step.inputs.Handler]);
    }
    // Every script is used.
    expect(new Set(scriptSteps.map((s) => s.inputs.Script)).size).to.equal(Object.keys(STEP_SCRIPTS).length);
  });
});
