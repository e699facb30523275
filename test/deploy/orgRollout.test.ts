import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { parse } from 'yaml';
import { runCfnLint } from '../../scripts/cfnLint.ts';
import { EXAMPLE_PATHS, renderExamples } from '../../scripts/renderOrgExamples.ts';
import { parseRuleOptions } from '../../src/core/ruleOptions.ts';
import {
  DEFAULT_EXECUTION_ROLE_NAME,
  DEFAULT_READ_ROLE_NAME,
  MEMBER_AUTOMATION_ROLE_NAME,
  RUNBOOK_PATH,
  WORKGROUP_RUNBOOK_PATH,
} from '../../src/deploy/names.ts';
import { type OrgRenderOptions, parseOrgRenderArgs } from '../../src/deploy/org/orgOptions.ts';
import { readRunbooks } from '../../src/deploy/org/readRunbooks.ts';
import {
  CLUSTER_STACKSET_FILE_NAME,
  COMMANDS_FILE_NAME,
  PACK_TEMPLATE_BODY_LIMIT,
  packFileName,
  renderOrg,
  SERVERLESS_STACKSET_FILE_NAME,
  STACKSET_FILE_NAME,
  STACKSET_TEMPLATE_BODY_LIMIT,
} from '../../src/deploy/org/renderOrg.ts';
import {
  ASSUME_EXECUTION_ROLE_ACTIONS,
  AUTOMATION_ROLE_ACTIONS,
  DISCOVERY_ACTIONS,
  EXECUTION_ROLE_ACTIONS,
  PREFIX_LIST_READ_ACTIONS,
  READ_ROLE_ACTIONS,
  SECURITY_HUB_SYNC_ACTIONS,
  UNSCOPED_READ_ACTIONS,
  WATCH_ACTIONS,
  WORKGROUP_READ_ACTIONS,
} from '../../src/deploy/permissions.ts';
import { actionsReachableFrom, runbookActions } from '../support/deploy/derivedActions.ts';
import {
  type CfnResource,
  type CfnTemplate,
  type PackagedStack,
  packageStack,
} from '../support/deploy/packagedStack.ts';
import {
  actionsOf,
  grantedActions,
  propsOf,
  resolveTemplate,
  roleStatements,
} from '../support/deploy/resolveTemplate.ts';
import type { AutomationDocument } from '../support/runbook/document.ts';

const CENTRAL = '111122223333';
const MANAGEMENT = '999988887777';
const ORG_ID = 'o-a1b2c3d4e5';
const ARGS = [
  '--central-account',
  CENTRAL,
  '--management-account',
  MANAGEMENT,
  '--organization-id',
  ORG_ID,
  '--region',
  'eu-west-1',
  '--region',
  'us-east-1',
];
const runbook = parse(readFileSync(RUNBOOK_PATH, 'utf8')) as AutomationDocument;
const workgroupRunbook = parse(readFileSync(WORKGROUP_RUNBOOK_PATH, 'utf8')) as AutomationDocument;
const runbooks = { cluster: runbook, workgroup: workgroupRunbook };

const options = (extra: string[] = []): OrgRenderOptions => {
  const parsed = parseOrgRenderArgs([...ARGS, ...extra]);
  if (parsed === undefined) throw new Error('help');
  return parsed;
};

interface Template {
  readonly Resources: Record<string, CfnResource>;
}
const rendered = (o: OrgRenderOptions) => {
  const files = renderOrg(o, runbooks);
  const template = (name: string) => parse(files.get(name) ?? '') as Template;
  return {
    files,
    pack: (region: string) => template(packFileName(region)),
    stackSet: template(STACKSET_FILE_NAME),
    clusterStackSet: template(CLUSTER_STACKSET_FILE_NAME),
    serverlessStackSet: template(SERVERLESS_STACKSET_FILE_NAME),
  };
};

/** Every key and value of a JSON-like tree, to look for intrinsic functions. */
const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]) : [];

const renderCli = (args: readonly string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/deploy/org/main.ts', ...args], { encoding: 'utf8' });

describe('organization rollout (npm run org:render)', function () {
  this.timeout(180_000);
  let stack: PackagedStack;
  before(() => {
    stack = packageStack();
  });
  /** Names as the central stack (serverless.yml) creates them in a Region. */
  const central = (region: string) => {
    const { resources } = resolveTemplate(stack.template, {
      ExecutionRoleName: DEFAULT_EXECUTION_ROLE_NAME,
      OrganizationId: ORG_ID,
    });
    const sub = (value: unknown) =>
      String((value as { 'Fn::Sub': string })['Fn::Sub']).replace('${AWS::Region}', region);
    const fn = (id: string) => String(resources[id]?.Properties.FunctionName);
    return {
      ruleFunctionArn: `arn:aws:lambda:${region}:${CENTRAL}:function:${fn('ConfigRuleLambdaFunction')}`,
      preflightFunctionArn: `arn:aws:lambda:${region}:${CENTRAL}:function:${fn('PreflightLambdaFunction')}`,
      roleArns: ['ConfigRuleFunctionRole', 'PreflightFunctionRole'].map(
        (id) => `arn:aws:iam::${CENTRAL}:role/${sub(resources[id]?.Properties.RoleName)}`,
      ),
      documentName: String(resolveTemplate(stack.template).resources.RemediationDocument?.Properties.Name),
      workgroupDocumentName: String(
        resolveTemplate(stack.template).resources.WorkgroupRemediationDocument?.Properties.Name,
      ),
    };
  };
  /** The pack's rule and remediation of each kind, with the serverless.yml resources they mirror. */
  const PACK_CASES = [
    {
      kind: 'cluster',
      rule: 'RedshiftEvrRule',
      remediation: 'RedshiftEvrRemediation',
      singleRule: 'ConfigRule',
      singleRemediation: 'RemediationConfiguration',
      resourceIdParameter: 'ClusterIdentifier',
      document: () => central('eu-west-1').documentName,
      runbook,
    },
    {
      kind: 'workgroup',
      rule: 'RedshiftEvrServerlessRule',
      remediation: 'RedshiftEvrServerlessRemediation',
      singleRule: 'WorkgroupConfigRule',
      singleRemediation: 'WorkgroupRemediationConfiguration',
      resourceIdParameter: 'WorkgroupName',
      document: () => central('eu-west-1').workgroupDocumentName,
      runbook: workgroupRunbook,
    },
  ] as const;

  describe('arguments', () => {
    const cases: [string, string[], RegExp][] = [
      [
        'a short central account id',
        ['--central-account', '1234'],
        /--central-account must be a 12-digit account id, got "1234"/,
      ],
      ['a bad organization id', ['--organization-id', 'a1b2c3d4e5'], /--organization-id must be an organization id/],
      ['a bad Region', ['--region', 'Europe'], /--region must be a Region name such as eu-west-1, got "Europe"/],
      ['a Region twice', ['--region', 'eu-west-1'], /--region "eu-west-1" is given twice/],
      ['Regions of two partitions', ['--region', 'cn-north-1'], /span partitions \(aws, aws-cn\)/],
      ['a bad role name', ['--execution-role-name', 'path/role'], /--execution-role-name must be an IAM role name/],
      ['a bad mode', ['--prerequisite-mode', 'strict'], /--prerequisite-mode must be one of report\|enforce\|off/],
      ['a bad frequency', ['--evaluation-frequency', 'Daily'], /--evaluation-frequency must be one of One_Hour/],
      ['an aws: tag key', ['--exemption-tag-key', 'aws:x'], /--exemption-tag-key "aws:x" starts with "aws:"/],
      [
        'a bad bucket name',
        ['--s3-bucket', 'etl-staging,Etl_Raw'],
        /^--s3-bucket must be S3 bucket names separated by commas .*, got "etl-staging,Etl_Raw": "Etl_Raw" has an uppercase letter\.$/,
      ],
      ['an empty bucket', ['--s3-bucket', ''], /^--s3-bucket needs a value, got an empty one/],
      [
        'more buckets than a remediation parameter holds',
        ['--s3-bucket', Array.from({ length: 5 }, (_, i) => `${i}${'b'.repeat(62)}`).join()],
        /--s3-bucket values come to 319 characters with their commas; AWS Config takes at most 256/,
      ],
      ['an unknown flag', ['--central'], /Unknown option '--central'/],
      [
        'a change window that is not one',
        ['--change-window', 'weekends'],
        /^--change-window must be now, maintenance-window/,
      ],
      [
        'a workgroup change window of a maintenance window workgroups have not got',
        ['--workgroup-change-window', 'maintenance-window'],
        /^--workgroup-change-window "maintenance-window": Redshift Serverless workgroups have no maintenance window/,
      ],
      [
        'a bad excluded account',
        ['--exclude-account', 'sandbox'],
        /--exclude-account must be a 12-digit account id, got "sandbox"/,
      ],
    ];
    for (const [what, extra, message] of cases) {
      it(`rejects ${what}, naming the argument`, () => {
        expect(() => parseOrgRenderArgs([...ARGS, ...extra])).to.throw(message);
      });
    }

    it('requires the accounts, the organization and a Region, saying what each is', () => {
      expect(() => parseOrgRenderArgs(['--region', 'eu-west-1'])).to.throw(/--central-account is required/);
      expect(() => parseOrgRenderArgs(ARGS.slice(0, 2))).to.throw(/--management-account is required/);
      expect(() => parseOrgRenderArgs(ARGS.slice(0, 4))).to.throw(
        /--organization-id is required: .*describe-organization/,
      );
      expect(() => parseOrgRenderArgs(ARGS.slice(0, 6))).to.throw(/--region is required/);
    });

    it('fails from the command line with exit 2, one line naming the argument, and writes nothing', () => {
      const out = join(mkdtempSync(join(tmpdir(), 'org-')), 'org');
      const run = renderCli([...ARGS.slice(0, 1), '12', ...ARGS.slice(2), '--out', out]);
      expect(run.status).to.equal(2);
      expect(run.stderr.trim()).to.equal('org:render: --central-account must be a 12-digit account id, got "12".');
      expect(existsSync(out)).to.equal(false);
    });
  });

  it('renders from any directory (it finds the runbooks in its own checkout)', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'org-cwd-'));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href,
        join(process.cwd(), 'src/deploy/org/main.ts'),
        ...ARGS,
        '--out',
        join(elsewhere, 'org'),
      ],
      { encoding: 'utf8', cwd: elsewhere },
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(existsSync(join(elsewhere, 'org', 'commands.sh'))).to.equal(true);
  });

  it('says it could not write when --out cannot be a directory, and what to do', () => {
    const run = renderCli([...ARGS, '--out', '/dev/null/org']);
    expect(run.status).to.equal(2);
    expect(run.stderr.trim()).to.match(
      /^org:render: could not write the files to \/dev\/null\/org \(.*ENOTDIR.*\)\. Check --out: a directory you can write to\.$/,
    );
  });

  it('writes the same files, byte for byte, every time', () => {
    const dirs = [0, 1].map(() => join(mkdtempSync(join(tmpdir(), 'org-')), 'org'));
    for (const dir of dirs) {
      const run = renderCli([...ARGS, '--out', dir]);
      expect(run.status, run.stderr).to.equal(0);
    }
    const [a, b] = dirs as [string, string];
    const names = readdirSync(a).sort();
    expect(names).to.deep.equal(
      [
        packFileName('eu-west-1'),
        packFileName('us-east-1'),
        STACKSET_FILE_NAME,
        CLUSTER_STACKSET_FILE_NAME,
        SERVERLESS_STACKSET_FILE_NAME,
        COMMANDS_FILE_NAME,
      ].sort(),
    );
    for (const name of names)
      expect(readFileSync(join(b, name), 'utf8'), name).to.equal(readFileSync(join(a, name), 'utf8'));
  });

  it('replaces an earlier rendering whole', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'org-')), 'org');
    expect(renderCli([...ARGS, '--out', dir]).status).to.equal(0);
    writeFileSync(join(dir, STACKSET_FILE_NAME), 'stale');
    expect(renderCli([...ARGS, '--out', dir]).status).to.equal(0);
    expect(readFileSync(join(dir, STACKSET_FILE_NAME), 'utf8')).to.equal(
      rendered(options()).files.get(STACKSET_FILE_NAME),
    );
  });

  describe('the conformance pack', () => {
    it('holds only the two Config rules and their remediations, within the TemplateBody limit', () => {
      const { files, pack } = rendered(options());
      for (const region of ['eu-west-1', 'us-east-1']) {
        expect(Buffer.byteLength(files.get(packFileName(region)) ?? ''))
          .to.be.greaterThan(0)
          .and.at.most(PACK_TEMPLATE_BODY_LIMIT);
        const resources = pack(region).Resources;
        expect(Object.keys(resources)).to.have.members([
          'RedshiftEvrRule',
          'RedshiftEvrRemediation',
          'RedshiftEvrServerlessRule',
          'RedshiftEvrServerlessRemediation',
        ]);
        expect(Object.values(resources).map((r) => r.Type)).to.have.members([
          'AWS::Config::ConfigRule',
          'AWS::Config::RemediationConfiguration',
          'AWS::Config::ConfigRule',
          'AWS::Config::RemediationConfiguration',
        ]);
      }
    });

    it('uses no intrinsic function (AWS Config takes none for the role ARN or the rule name)', () => {
      const keys = keysOf(rendered(options()).pack('eu-west-1'));
      expect(keys.filter((k) => k === 'Ref' || k.startsWith('Fn::'))).to.deep.equal([]);
    });

    for (const c of PACK_CASES) {
      it(`points the ${c.kind} rule at the central rule function of its Region, as serverless.yml declares it`, () => {
        const o = options([
          '--prerequisite-mode',
          'enforce',
          '--exemption-tag-key',
          'evr-exempt',
          '--s3-bucket',
          'etl-staging,unload.archive',
          '--s3-bucket',
          'etl-staging',
          '--require-internet-path',
          '--evaluation-frequency',
          'Six_Hours',
        ]);
        const single = propsOf(
          resolveTemplate(stack.template, { EvaluationFrequency: 'Six_Hours' }).resources,
          c.singleRule,
        );
        for (const region of o.regions) {
          const rule = propsOf(rendered(o).pack(region).Resources, c.rule);
          const source = rule.Source as { Owner: string; SourceIdentifier: string; SourceDetails: unknown };
          expect(source.Owner).to.equal('CUSTOM_LAMBDA');
          expect(source.SourceIdentifier).to.equal(central(region).ruleFunctionArn);
          // The same triggers, scope and description as the single-account rule of serverless.yml.
          expect(source.SourceDetails).to.deep.equal((single.Source as { SourceDetails: unknown }).SourceDetails);
          expect(rule.Scope).to.deep.equal(single.Scope);
          expect(rule.Description).to.equal(single.Description);
          expect(rule.ConfigRuleName).to.equal(single.ConfigRuleName);
          expect(parseRuleOptions(rule.InputParameters as Record<string, string>)).to.deep.equal({
            prerequisiteMode: 'enforce',
            requireInternetPath: true,
            exemptionTagKey: 'evr-exempt',
            executionRoleName: DEFAULT_EXECUTION_ROLE_NAME,
            s3Buckets: ['etl-staging', 'unload.archive'],
            resourceKind: c.kind,
          });
        }
      });

      it(`wires the ${c.kind} remediation to the member's runbook and role and the central preflight, with runbook parameters only`, () => {
        const o = options();
        const remediation = propsOf(rendered(o).pack('eu-west-1').Resources, c.remediation);
        const rule = propsOf(rendered(o).pack('eu-west-1').Resources, c.rule);
        const single = propsOf(resolveTemplate(stack.template).resources, c.singleRemediation);
        expect(rendered(o).pack('eu-west-1').Resources[c.remediation]?.DependsOn).to.equal(c.rule);
        expect(remediation.ConfigRuleName).to.equal(rule.ConfigRuleName);
        expect(remediation).to.not.have.property('ResourceType');
        expect(single).to.not.have.property('ResourceType');
        expect(remediation.TargetType).to.equal('SSM_DOCUMENT');
        expect(remediation.TargetId).to.equal(c.document());
        const parameters = remediation.Parameters as Record<string, { StaticValue?: { Values: string[] } }>;
        expect(parameters[c.resourceIdParameter]).to.deep.equal({ ResourceValue: { Value: 'RESOURCE_ID' } });
        // AWS Config replaces the management account id with each member's own.
        expect(parameters.AutomationAssumeRole?.StaticValue?.Values).to.deep.equal([
          `arn:aws:iam::${MANAGEMENT}:role/${MEMBER_AUTOMATION_ROLE_NAME}`,
        ]);
        expect(parameters.PreflightFunction?.StaticValue?.Values).to.deep.equal([
          central('eu-west-1').preflightFunctionArn,
        ]);
        expect(parameters.ExecutionRoleName?.StaticValue?.Values).to.deep.equal([DEFAULT_EXECUTION_ROLE_NAME]);
        const declared = Object.keys(c.runbook.parameters);
        expect(Object.keys(parameters).filter((p) => !declared.includes(p))).to.deep.equal([]);
        const required = declared.filter((p) => c.runbook.parameters[p]?.default === undefined);
        expect(required.filter((p) => !(p in parameters))).to.deep.equal([]);
      });

      it(`passes the exemption tag key to the ${c.kind} runbook only when one is rendered`, () => {
        const params = (o: OrgRenderOptions) =>
          propsOf(rendered(o).pack('eu-west-1').Resources, c.remediation).Parameters as Record<string, unknown>;
        expect(params(options(['--exemption-tag-key', 'evr-exempt'])).ExemptionTagKey).to.deep.equal({
          StaticValue: { Values: ['evr-exempt'] },
        });
        expect(params(options())).not.to.have.property('ExemptionTagKey');
      });

      it(`passes S3Buckets to the ${c.kind} runbook only when rendered, as the rule gets it`, () => {
        const pack = (o: OrgRenderOptions) => rendered(o).pack('eu-west-1').Resources;
        const o = options(['--s3-bucket', 'etl-staging', '--s3-bucket', 'unload.archive']);
        expect(propsOf(pack(o), c.remediation).Parameters).to.deep.include({
          S3Buckets: { StaticValue: { Values: ['etl-staging,unload.archive'] } },
        });
        expect(propsOf(pack(o), c.rule).InputParameters).to.deep.include({ S3Buckets: 'etl-staging,unload.archive' });
        // Unset: empty for the rule (as conformance packs send it), left out of the remediation.
        expect(propsOf(pack(options()), c.remediation).Parameters).not.to.have.property('S3Buckets');
        expect(propsOf(pack(options()), c.rule).InputParameters).to.deep.include({ S3Buckets: '' });
      });

      it(`remediates ${c.kind}s with the same defaults as the single-account stack`, () => {
        const remediation = rendered(options()).pack('eu-west-1').Resources[c.remediation]?.Properties as Record<
          string,
          never
        >;
        const single = resolveTemplate(stack.template).resources[c.singleRemediation]?.Properties as Record<
          string,
          never
        >;
        expect(String(remediation.Automatic)).to.equal(String(single.Automatic));
        // The same ChangeWindow as the stack's default for this kind (maintenance-window for clusters, now for workgroups).
        const changeWindowOf = (r: Record<string, unknown>) =>
          (r.Parameters as { ChangeWindow: { StaticValue: { Values: unknown[] } } }).ChangeWindow.StaticValue.Values;
        expect(changeWindowOf(remediation)).to.deep.equal(changeWindowOf(single));
        expect(String(remediation.MaximumAutomaticAttempts)).to.equal(String(single.MaximumAutomaticAttempts));
        expect(String(remediation.RetryAttemptSeconds)).to.equal(String(single.RetryAttemptSeconds));
        const controls = (r: Record<string, unknown>) =>
          (r.ExecutionControls as { SsmControls: Record<string, unknown> }).SsmControls;
        expect(Object.fromEntries(Object.entries(controls(remediation)).map(([k, v]) => [k, String(v)]))).to.deep.equal(
          Object.fromEntries(Object.entries(controls(single)).map(([k, v]) => [k, String(v)])),
        );
      });
    }

    it('passes each kind its --change-window to the remediation', () => {
      const o = options(['--change-window', 'SUN:03:00-sun:05:00', '--workgroup-change-window', 'sat:22:00-sun:02:00']);
      const params = (id: string) =>
        (propsOf(rendered(o).pack('us-east-1').Resources, id).Parameters as Record<string, unknown>).ChangeWindow;
      expect(params('RedshiftEvrRemediation')).to.deep.equal({ StaticValue: { Values: ['sun:03:00-sun:05:00'] } });
      expect(params('RedshiftEvrServerlessRemediation')).to.deep.equal({
        StaticValue: { Values: ['sat:22:00-sun:02:00'] },
      });
    });

    it('evaluates workgroups periodically only, without a Scope (AWS Config does not record them)', () => {
      const rule = propsOf(rendered(options()).pack('eu-west-1').Resources, 'RedshiftEvrServerlessRule');
      expect(rule).not.to.have.property('Scope');
      expect((rule.Source as { SourceDetails: unknown }).SourceDetails).to.deep.equal([
        {
          EventSource: 'aws.config',
          MessageType: 'ScheduledNotification',
          MaximumExecutionFrequency: 'TwentyFour_Hours',
        },
      ]);
      expect((rule.InputParameters as Record<string, string>).ResourceType).to.equal(
        'AWS::RedshiftServerless::Workgroup',
      );
    });
  });

  describe('the member StackSet templates', () => {
    const resources = () => ({
      ...rendered(options()).stackSet.Resources,
      ...rendered(options()).clusterStackSet.Resources,
      ...rendered(options()).serverlessStackSet.Resources,
    });

    it('grants the execution role exactly what the rule and the preflight call in a member account', async () => {
      const derived = [
        ...(await actionsReachableFrom('src/handlers/configRule.ts')),
        ...(await actionsReachableFrom('src/handlers/preflight.ts')),
        // The Security Hub sync only with --security-hub-sync, the Data API only with --watch-minutes or
        // --discover-usage, bucket Regions only with --discover-usage (tests below).
      ].filter(
        (a) =>
          ![...ASSUME_EXECUTION_ROLE_ACTIONS, ...SECURITY_HUB_SYNC_ACTIONS, ...DISCOVERY_ACTIONS].includes(a as never),
      );
      const granted = grantedActions(resources().ExecutionRole as CfnResource);
      expect(granted).to.deep.equal([...new Set(derived)].sort());
      expect(granted).to.deep.equal([...EXECUTION_ROLE_ACTIONS].sort());
    });

    /** The IAM resources of the member templates but the read role (runbook text may name actions: not grants). */
    const iamWithoutReadRole = () =>
      Object.fromEntries(
        Object.entries(resources()).filter(
          ([id, r]) => id !== 'ReadRole' && (r as CfnResource).Type.startsWith('AWS::IAM::'),
        ),
      );

    it('grants the watch after the change to the execution role, and passes it to the remediations, only with --watch-minutes', async () => {
      const watching = rendered(options(['--watch-minutes', '30', '--rollback-on-failure']));
      const granted = grantedActions(watching.stackSet.Resources.ExecutionRole as CfnResource);
      expect(granted).to.deep.equal([...new Set([...EXECUTION_ROLE_ACTIONS, ...WATCH_ACTIONS])].sort());
      const calls = (await actionsReachableFrom('src/handlers/preflight.ts')).filter((a) =>
        a.startsWith('redshift-data:'),
      );
      expect(granted).to.include.members(calls);
      expect(JSON.stringify(iamWithoutReadRole())).not.to.contain('redshift-data:');
      const parameter = (r: ReturnType<typeof rendered>, name: string) =>
        (propsOf(r.pack('eu-west-1').Resources, 'RedshiftEvrRemediation').Parameters as Record<string, unknown>)[name];
      expect(parameter(watching, 'WatchMinutes')).to.deep.equal({ StaticValue: { Values: ['30'] } });
      expect(parameter(watching, 'RollbackOnFailure')).to.deep.equal({ StaticValue: { Values: ['true'] } });
      expect(parameter(rendered(options()), 'WatchMinutes')).to.deep.equal({ StaticValue: { Values: ['0'] } });
      expect(() => options(['--watch-minutes', '10'])).to.throw(
        /^--watch-minutes must be one of 0, 15, 30, 60, 120, 240/,
      );
      expect(() => options(['--rollback-on-failure'])).to.throw(/^--rollback-on-failure acts on what the watch/);
      expect(granted).not.to.include('s3:ListBucket');
    });

    it('grants usage discovery to the execution role, and turns it on in the remediations, only with --discover-usage', async () => {
      const discovering = rendered(options(['--discover-usage']));
      const granted = grantedActions(discovering.stackSet.Resources.ExecutionRole as CfnResource);
      expect(granted).to.deep.equal([...new Set([...EXECUTION_ROLE_ACTIONS, ...DISCOVERY_ACTIONS])].sort());
      expect(granted).to.include.members(await actionsReachableFrom('src/aws/usageDiscovery.ts'));
      const statement = roleStatements(discovering.stackSet.Resources.ExecutionRole as CfnResource).find(
        (s) => (s as { Sid?: string }).Sid === 'BucketRegions',
      );
      expect(statement?.Resource).to.deep.equal({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' });
      for (const id of ['RedshiftEvrRemediation', 'RedshiftEvrServerlessRemediation']) {
        const parameters = (r: ReturnType<typeof rendered>) =>
          propsOf(r.pack('eu-west-1').Resources, id).Parameters as Record<string, unknown>;
        expect(parameters(discovering).DiscoverUsage).to.deep.equal({ StaticValue: { Values: ['true'] } });
        expect(parameters(rendered(options())).DiscoverUsage).to.deep.equal({ StaticValue: { Values: ['false'] } });
      }
    });

    it('grants the Security Hub sync to the execution role, and turns it on in the pack, only with --security-hub-sync', () => {
      const withSync = rendered(options(['--security-hub-sync']));
      const role = withSync.stackSet.Resources.ExecutionRole as CfnResource;
      const sync = roleStatements(role).find((s) => actionsOf(s).includes('securityhub:BatchUpdateFindings'));
      expect(actionsOf(sync as never)).to.deep.equal([...SECURITY_HUB_SYNC_ACTIONS].sort());
      expect(sync?.Resource).to.deep.equal({
        'Fn::Sub': 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default',
      });
      const parameters = (r: ReturnType<typeof rendered>) =>
        (propsOf(r.pack('eu-west-1').Resources, 'RedshiftEvrRule').InputParameters as Record<string, string>)
          .SecurityHubSync;
      expect(parameters(withSync)).to.equal('true');
      // Without it: 'false', and no Security Hub action anywhere in the member templates.
      expect(parameters(rendered(options()))).to.equal('false');
      expect(Object.keys(iamWithoutReadRole())).to.include('ExecutionRole');
      expect(JSON.stringify(iamWithoutReadRole())).not.to.contain('securityhub:');
      // The remediations have the runbook mark and note findings the same way, through the same role.
      const remediation = (r: ReturnType<typeof rendered>, id: string) =>
        (propsOf(r.pack('eu-west-1').Resources, id).Parameters as Record<string, unknown>).UpdateSecurityHubFinding;
      for (const id of ['RedshiftEvrRemediation', 'RedshiftEvrServerlessRemediation']) {
        expect(remediation(withSync, id)).to.deep.equal({ StaticValue: { Values: ['true'] } });
        expect(remediation(rendered(options()), id)).to.deep.equal({ StaticValue: { Values: ['false'] } });
      }
      // The rule parses what the pack passes.
      expect(
        parseRuleOptions(
          propsOf(withSync.pack('eu-west-1').Resources, 'RedshiftEvrServerlessRule').InputParameters as never,
        ).securityHubSync,
      ).to.equal(true);
    });

    it("scopes the execution role's workgroup reads to this account's workgroups in the rendered Regions, its prefix-list reads to prefix lists", () => {
      const statements = roleStatements(resources().ExecutionRole as CfnResource);
      const resourceOf = (action: string) => statements.find((s) => actionsOf(s).includes(action))?.Resource;
      for (const action of ['redshift-serverless:GetWorkgroup', 'redshift-serverless:ListTagsForResource']) {
        expect(resourceOf(action), action).to.deep.equal(
          ['eu-west-1', 'us-east-1'].map((r) => ({
            'Fn::Sub': `arn:\${AWS::Partition}:redshift-serverless:${r}:\${AWS::AccountId}:workgroup/*`,
          })),
        );
      }
      for (const action of UNSCOPED_READ_ACTIONS) expect(resourceOf(action), action).to.equal('*');
      // AWS's S3 prefix lists (owned by AWS, not by the member), in any Region: the template's size budget.
      for (const action of PREFIX_LIST_READ_ACTIONS) {
        expect(resourceOf(action), action).to.deep.equal({ 'Fn::Sub': 'arn:${AWS::Partition}:ec2:*:*:prefix-list/*' });
      }
    });

    it("grants the automation role exactly both runbooks' actions, on this account's clusters and workgroups and the central preflights", () => {
      const role = resources().AutomationRole as CfnResource;
      expect(grantedActions(role)).to.deep.equal(
        [...new Set([...runbookActions(runbook), ...runbookActions(workgroupRunbook)])].sort(),
      );
      expect(grantedActions(role)).to.deep.equal([...AUTOMATION_ROLE_ACTIONS].sort());
      const resourceOf = (action: string) => roleStatements(role).find((s) => actionsOf(s).includes(action))?.Resource;
      expect(resourceOf('lambda:InvokeFunction')).to.deep.equal(
        ['eu-west-1', 'us-east-1'].map((r) => central(r).preflightFunctionArn),
      );
      expect(resourceOf('redshift:ModifyCluster')).to.deep.equal(
        ['eu-west-1', 'us-east-1'].map((r) => ({
          'Fn::Sub': `arn:\${AWS::Partition}:redshift:${r}:\${AWS::AccountId}:cluster:*`,
        })),
      );
      for (const action of ['redshift-serverless:GetWorkgroup', 'redshift-serverless:UpdateWorkgroup']) {
        expect(resourceOf(action), action).to.deep.equal(
          ['eu-west-1', 'us-east-1'].map((r) => ({
            'Fn::Sub': `arn:\${AWS::Partition}:redshift-serverless:${r}:\${AWS::AccountId}:workgroup/*`,
          })),
        );
      }
      expect(role.Properties.RoleName).to.equal(MEMBER_AUTOMATION_ROLE_NAME);
      // The role serverless.yml creates in a single account grants the same actions.
      expect(grantedActions(role)).to.deep.equal(
        grantedActions(resolveTemplate(stack.template).resources.AutomationRole as CfnResource),
      );
    });

    it('gives the read role exactly what a scan reads in an account, in any Region, and nothing that writes', async () => {
      const role = resources().ReadRole as CfnResource;
      const derived = [
        ...(await actionsReachableFrom('src/aws/openLiveFactSource.ts')),
        // scan --security-hub reads the findings through the same role.
        ...(await actionsReachableFrom('src/aws/securityHubFindings.ts')).filter(
          (a) => a === 'securityhub:GetFindings',
        ),
      ];
      expect(grantedActions(role)).to.deep.equal([...new Set(derived)].sort());
      expect(
        roleStatements(role).find((s) => actionsOf(s).includes('securityhub:GetFindings'))?.Resource,
      ).to.deep.equal({
        'Fn::Sub': 'arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default',
      });
      expect(grantedActions(role)).to.deep.equal([...READ_ROLE_ACTIONS].sort());
      const resourceOf = (action: string) => roleStatements(role).find((s) => actionsOf(s).includes(action))?.Resource;
      for (const action of WORKGROUP_READ_ACTIONS) {
        expect(resourceOf(action), action).to.deep.equal({
          'Fn::Sub': 'arn:${AWS::Partition}:redshift-serverless:*:${AWS::AccountId}:workgroup/*',
        });
      }
      for (const action of UNSCOPED_READ_ACTIONS) expect(resourceOf(action), action).to.equal('*');
      expect(role.Properties.RoleName).to.equal(DEFAULT_READ_ROLE_NAME);
      // Trusted by the central account, whose policies say who may assume it (the operator policy grants it).
      expect((role.Properties.AssumeRolePolicyDocument as { Statement: object[] }).Statement).to.deep.equal([
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` }, Action: 'sts:AssumeRole' },
      ]);
    });

    it('grants no wildcard action and no iam:PassRole', () => {
      for (const id of ['ExecutionRole', 'AutomationRole', 'ReadRole']) {
        for (const action of roleStatements(resources()[id] as CfnResource).flatMap(actionsOf)) {
          expect(action, id).not.to.include('*');
          expect(action, id).not.to.equal('iam:PassRole');
        }
      }
    });

    it('lets only the central rule and preflight roles, as serverless.yml names them, assume the execution role', () => {
      const statement = (propsOf(resources(), 'ExecutionRole').AssumeRolePolicyDocument as { Statement: object[] })
        .Statement;
      expect(statement).to.deep.equal([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': [...central('eu-west-1').roleArns, ...central('us-east-1').roleArns] },
          },
        },
      ]);
      expect(resources().ExecutionRole?.Properties.RoleName).to.equal(DEFAULT_EXECUTION_ROLE_NAME);
    });

    it('creates the roles once, in the first Region, and each runbook (the file itself) in every Region', () => {
      const { stackSet, clusterStackSet, serverlessStackSet } = rendered(options());
      const inRegion = (template: Template, region: string) =>
        Object.keys(resolveTemplate(template as unknown as CfnTemplate, { 'AWS::Region': region }).resources).sort();
      expect(inRegion(stackSet, 'eu-west-1')).to.deep.equal(['AutomationRole', 'ExecutionRole']);
      expect(inRegion(stackSet, 'us-east-1')).to.deep.equal([]);
      for (const region of ['eu-west-1', 'us-east-1'])
        expect(inRegion(clusterStackSet, region)).to.deep.equal(['RemediationDocument']);
      expect(inRegion(serverlessStackSet, 'eu-west-1')).to.deep.equal(['ReadRole', 'WorkgroupRemediationDocument']);
      expect(inRegion(serverlessStackSet, 'us-east-1')).to.deep.equal(['WorkgroupRemediationDocument']);
      const documents = [
        [clusterStackSet, 'RemediationDocument', central('eu-west-1').documentName, runbook],
        [
          serverlessStackSet,
          'WorkgroupRemediationDocument',
          central('eu-west-1').workgroupDocumentName,
          workgroupRunbook,
        ],
      ] as const;
      for (const [template, id, name, content] of documents) {
        const document = template.Resources[id] as CfnResource;
        expect(document.Condition, id).to.equal(undefined);
        expect(document.Properties.Name, id).to.equal(name);
        expect(document.Properties.DocumentType, id).to.equal('Automation');
        expect(document.Properties.UpdateMethod, id).to.equal('NewVersion');
        expect(document.Properties.Content, id).to.deep.equal(content);
      }
    });

    it('keeps each StackSet template within the --template-body limit, with room to spare, even for 25 Regions', () => {
      const regions = [
        ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2'],
        ...['eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'ap-south-1'],
        ...['ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-northeast-1'],
        ...['ap-northeast-2', 'ap-northeast-3', 'me-central-1', 'il-central-1'],
      ];
      expect(regions).to.have.length(25);
      for (const o of [options(), { ...options(), regions }]) {
        for (const name of [STACKSET_FILE_NAME, CLUSTER_STACKSET_FILE_NAME, SERVERLESS_STACKSET_FILE_NAME]) {
          const size = Buffer.byteLength(rendered(o).files.get(name) ?? '');
          // Room for the runbooks to grow (both in one template would not fit at all): each Region adds about
          // 600 bytes of ARNs to the roles' template, the runbooks' have none.
          expect(size, `${name}, ${o.regions.length} Regions`).to.be.at.most(STACKSET_TEMPLATE_BODY_LIMIT - 5_000);
        }
      }
    });

    it('reads both runbooks from automation-documents/ for the command line', () => {
      expect(readRunbooks()).to.deep.equal(runbooks);
    });

    it('uses a custom execution role name everywhere it is named', () => {
      const o = options(['--execution-role-name', 'org-evr-reader']);
      const { stackSet, pack } = rendered(o);
      expect(JSON.stringify(pack('eu-west-1'))).not.to.contain(DEFAULT_EXECUTION_ROLE_NAME);
      expect(stackSet.Resources.ExecutionRole?.Properties.RoleName).to.equal('org-evr-reader');
      expect(JSON.stringify(pack('eu-west-1'))).to.contain('"ExecutionRoleName":"org-evr-reader"');
      expect(rendered(o).files.get(COMMANDS_FILE_NAME)).to.contain('--param="ExecutionRoleName=org-evr-reader"');
    });
  });

  it('keeps the committed examples (conformance-packs/, org/) equal to a fresh rendering', () => {
    for (const [name, content] of renderExamples()) {
      const path = EXAMPLE_PATHS[name] as string;
      expect(readFileSync(path, 'utf8'), `${path}: run npm run org:examples`).to.equal(content);
    }
  });

  describe('commands.sh', () => {
    /** Run the rendered script with stand-ins for `aws` and `npm` that log each call and answer like AWS. */
    const runCommands = () => {
      const dir = mkdtempSync(join(tmpdir(), 'org-commands-'));
      const out = join(dir, 'org');
      expect(renderCli([...ARGS, '--out', out]).status).to.equal(0);
      const bin = join(dir, 'bin');
      const log = join(dir, 'calls.log');
      const stub = (body: string) => `#!/bin/sh\necho "$(basename "$0") $*" >> "${log}"\n${body}\n`;
      mkdirSync(bin);
      writeFileSync(
        join(bin, 'aws'),
        stub(`case "$*" in
  *"list-accounts"*) printf '111122223333\\t444455556666\\n' ;;
  *"create-stack-instances"*) echo op-1 ;;
  *"describe-stack-set-operation"*) echo SUCCEEDED ;;
esac`),
        { mode: 0o755 },
      );
      writeFileSync(join(bin, 'npm'), stub(`echo "profile=$AWS_PROFILE" >> "${log}"`), { mode: 0o755 });
      const run = spawnSync('sh', [join(out, COMMANDS_FILE_NAME)], {
        encoding: 'utf8',
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          CENTRAL_PROFILE: 'central',
          MANAGEMENT_PROFILE: 'management',
          ROOT_OR_OU_IDS: 'r-abcd',
          DELIVERY_BUCKET: 'awsconfigconforms-example',
        },
      });
      return { run, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [], out };
    };

    it('runs the steps in order: central stacks, each StackSet (waiting for it), then the packs', () => {
      const { run, calls, out } = runCommands();
      expect(run.status, run.stderr).to.equal(0);
      const step = (pattern: RegExp) => calls.findIndex((c) => pattern.test(c));
      expect(step(/^aws organizations list-accounts/)).to.equal(0);
      expect(calls[1]).to.equal(
        'npm run deploy -- --region eu-west-1 --param=ExecutionRoleName=redshift-evr-execution --param=OrganizationId=o-a1b2c3d4e5 --param=TrustedAccountIds=111122223333,444455556666',
      );
      expect(calls[2]).to.equal('profile=central');
      expect(step(/--region us-east-1 --param=/)).to.equal(3);
      expect(step(/^aws cloudformation create-stack-set /)).to.equal(5);
      const stackSets = [
        ['redshift-evr-member', STACKSET_FILE_NAME],
        ['redshift-evr-member-cluster', CLUSTER_STACKSET_FILE_NAME],
        ['redshift-evr-member-serverless', SERVERLESS_STACKSET_FILE_NAME],
      ] as const;
      for (const [i, [name, file]] of stackSets.entries()) {
        const at = 5 + 3 * i;
        expect(calls[at]).to.match(new RegExp(`^aws cloudformation create-stack-set --stack-set-name ${name} `));
        expect(calls[at]).to.contain(`--template-body file://${out}/${file}`);
        expect(calls[at + 1]).to.match(
          new RegExp(
            `^aws cloudformation create-stack-instances --stack-set-name ${name} .*--deployment-targets OrganizationalUnitIds=r-abcd --regions eu-west-1 us-east-1`,
          ),
        );
        expect(calls[at + 2]).to.match(
          new RegExp(`^aws cloudformation describe-stack-set-operation --stack-set-name ${name} .*--operation-id op-1`),
        );
      }
      expect(calls.slice(14)).to.have.length(2);
      expect(calls).to.have.length(16);
      for (const [i, region] of ['eu-west-1', 'us-east-1'].entries()) {
        expect(calls[14 + i]).to.equal(
          `aws configservice put-organization-conformance-pack --region ${region} --profile management --organization-conformance-pack-name redshift-evr --template-body file://${out}/${packFileName(region)} --delivery-s3-bucket awsconfigconforms-example --excluded-accounts ${MANAGEMENT}`,
        );
      }
    });

    it("deploys the central stack with the pack's exemption tag key, which the preflight then always applies", () => {
      const text = rendered(options(['--exemption-tag-key', 'evr-exempt'])).files.get(COMMANDS_FILE_NAME) ?? '';
      const deploys = text.match(/npm run deploy .*/g) ?? [];
      expect(deploys).to.have.length.greaterThan(0);
      for (const line of deploys) expect(line).to.contain('--param="ExemptionTagKey=evr-exempt"');
      const without = rendered(options([])).files.get(COMMANDS_FILE_NAME) ?? '';
      expect(without).to.not.contain('ExemptionTagKey');
    });

    it('leaves the management account and every --exclude-account out of the pack', () => {
      const text = rendered(options(['--exclude-account', '555566667777'])).files.get(COMMANDS_FILE_NAME) ?? '';
      expect(text.match(/--excluded-accounts .*/g)).to.deep.equal([
        `--excluded-accounts ${MANAGEMENT} 555566667777`,
        `--excluded-accounts ${MANAGEMENT} 555566667777`,
      ]);
    });

    it('refuses to start without the profiles and targets it needs', () => {
      const dir = mkdtempSync(join(tmpdir(), 'org-commands-'));
      expect(renderCli([...ARGS, '--out', dir]).status).to.equal(0);
      const run = spawnSync('sh', [join(dir, COMMANDS_FILE_NAME)], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(run.status).not.to.equal(0);
      expect(run.stderr).to.contain('set CENTRAL_PROFILE');
    });
  });

  it('passes cfn-lint: every member StackSet template and every pack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'org-lint-'));
    for (const [name, content] of rendered(options()).files) writeFileSync(join(dir, name), content);
    const templates = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
    expect(templates).to.have.length(5);
    const result = runCfnLint(templates.map((n) => join(dir, n)));
    expect(result.output).to.equal('');
    expect(result.ok).to.equal(true);
  });
});
