import { readFileSync } from 'node:fs';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { expect } from 'chai';
import { parse } from 'yaml';
import { BUCKET_LIST_PATTERN } from '../../src/core/identifiers.ts';
import { KINDS } from '../../src/core/resourceKinds.ts';
import { parseRuleOptions, RULE_PARAMETER_KEYS } from '../../src/core/ruleOptions.ts';
import { PREREQUISITE_MODES, RESOURCE_KINDS } from '../../src/core/types.ts';
import {
  automationRoleName,
  CONFIG_RULE_NAME,
  DEFAULT_READ_ROLE_NAME,
  operatorPolicyName,
  organizationReaderPolicyName,
  PREFLIGHT_FUNCTION_NAME,
  preflightFunctionRoleName,
  REMEDIATION_DOCUMENT_NAME,
  RULE_FUNCTION_NAME,
  RUNBOOK_PATH,
  ruleFunctionRoleName,
  WORKGROUP_CONFIG_RULE_NAME,
  WORKGROUP_REMEDIATION_DOCUMENT_NAME,
  WORKGROUP_RUNBOOK_PATH,
} from '../../src/deploy/names.ts';
import {
  ASSUME_EXECUTION_ROLE_ACTIONS,
  AUTOMATION_ROLE_ACTIONS,
  CLUSTER_RUNBOOK_ACTIONS,
  DISCOVERY_ACTIONS,
  NETWORK_READ_ACTIONS,
  OPERATOR_ACTIONS,
  ORGANIZATION_READER_ACTIONS,
  PREFIX_LIST_READ_ACTIONS,
  PREFLIGHT_FUNCTION_ACTIONS,
  PREFLIGHT_FUNCTION_ALL_ACTIONS,
  PREFLIGHT_FUNCTION_SYNC_ACTIONS,
  RULE_FUNCTION_ACTIONS,
  RULE_FUNCTION_SYNC_ACTIONS,
  SECURITY_HUB_SYNC_ACTIONS,
  UNSCOPED_READ_ACTIONS,
  WATCH_ACTIONS,
  WATCH_RESOURCE_ACTIONS,
  WATCH_STATEMENT_ACTIONS,
  WORKGROUP_READ_ACTIONS,
  WORKGROUP_RUNBOOK_ACTIONS,
} from '../../src/deploy/permissions.ts';
import { RULE_SPECS } from '../../src/deploy/ruleSpec.ts';
import { EXEMPTION_TAG_KEY_VARIABLE } from '../../src/preflight/exemptions.ts';
import { actionsReachableFrom, runbookActions } from '../support/deploy/derivedActions.ts';
import type { CfnResource } from '../support/deploy/packagedStack.ts';
import { type PackagedStack, packageStack } from '../support/deploy/packagedStack.ts';
import {
  actionsOf,
  grantedActions,
  type PolicyStatement,
  propsOf,
  resolveTemplate,
  roleStatements,
} from '../support/deploy/resolveTemplate.ts';
import type { AutomationDocument } from '../support/runbook/document.ts';

const ORG = { ExecutionRoleName: 'redshift-evr-execution', OrganizationId: 'o-a1b2c3d4e5' };
const runbook = parse(readFileSync(RUNBOOK_PATH, 'utf8')) as AutomationDocument;
const workgroupRunbook = parse(readFileSync(WORKGROUP_RUNBOOK_PATH, 'utf8')) as AutomationDocument;
/** Each rule's resources in serverless.yml, with its runbook. */
const REMEDIATIONS = [
  {
    kind: 'cluster',
    rule: 'ConfigRule',
    remediation: 'RemediationConfiguration',
    document: 'RemediationDocument',
    runbook,
  },
  {
    kind: 'workgroup',
    rule: 'WorkgroupConfigRule',
    remediation: 'WorkgroupRemediationConfiguration',
    document: 'WorkgroupRemediationDocument',
    runbook: workgroupRunbook,
  },
] as const;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** Where the operator policy is simulated: a concrete account, Region and partition. */
const HERE = { partition: 'aws', region: 'eu-west-1', account: '111122223333' } as const;
const documentArn = (name: string) => `arn:aws:ssm:${HERE.region}:${HERE.account}:document/${name}`;
const automationRoleArn = `arn:aws:iam::${HERE.account}:role/${automationRoleName(HERE.region)}`;

/** A resolved template value with this stack's Fn::Sub and Fn::GetAtt made concrete (as CloudFormation would). */
const concrete = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(concrete);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record['Fn::Sub'] === 'string') {
    const names: Record<string, string> = {
      'AWS::Partition': HERE.partition,
      'AWS::Region': HERE.region,
      'AWS::AccountId': HERE.account,
      RemediationDocument: REMEDIATION_DOCUMENT_NAME,
      WorkgroupRemediationDocument: WORKGROUP_REMEDIATION_DOCUMENT_NAME,
    };
    return record['Fn::Sub'].replace(/\$\{([\w:]+)\}/g, (_, name: string) => {
      if (!(name in names)) throw new Error(`no value for \${${name}}`);
      return names[name] as string;
    });
  }
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    if (getAtt[0] === 'AutomationRole' && getAtt[1] === 'Arn') return automationRoleArn;
    throw new Error(`no value for Fn::GetAtt ${JSON.stringify(getAtt)}`);
  }
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, concrete(inner)]));
};
const without = (values: readonly string[], drop: readonly string[]) => values.filter((v) => !drop.includes(v));

/** Does CloudFormation accept this value for the parameter (AllowedValues / AllowedPattern / Min / Max)? */
const accepts = (spec: Record<string, unknown>, value: string): boolean => {
  if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.includes(value)) return false;
  if (typeof spec.AllowedPattern === 'string' && !new RegExp(spec.AllowedPattern).test(value)) return false;
  if (typeof spec.MaxLength === 'number' && value.length > spec.MaxLength) return false;
  if (spec.Type === 'Number') {
    const n = Number(value);
    if (value.trim() === '' || Number.isNaN(n)) return false;
    if (typeof spec.MinValue === 'number' && n < spec.MinValue) return false;
    if (typeof spec.MaxValue === 'number' && n > spec.MaxValue) return false;
  }
  return true;
};

describe('serverless.yml (packaged offline)', function () {
  this.timeout(120_000);
  let stack: PackagedStack;
  before(() => {
    stack = packageStack();
  });
  const single = () => resolveTemplate(stack.template);
  const org = () => resolveTemplate(stack.template, ORG);

  describe('functions', () => {
    it('deploys both handlers on a supported Node.js runtime, arm64, under the names the runbook and the CLI use', () => {
      const fns = Object.values(single().resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      const byName = new Map(fns.map((f) => [f.Properties.FunctionName, f.Properties]));
      expect([...byName.keys()].sort()).to.deep.equal([RULE_FUNCTION_NAME, PREFLIGHT_FUNCTION_NAME].sort());
      expect(runbook.parameters.PreflightFunction?.default).to.equal(PREFLIGHT_FUNCTION_NAME);
      expect(workgroupRunbook.parameters.PreflightFunction?.default).to.equal(PREFLIGHT_FUNCTION_NAME);
      for (const props of byName.values()) {
        // nodejs20.x reached end of support in 2026; 22 and 24 are current.
        expect(props.Runtime).to.be.oneOf(['nodejs22.x', 'nodejs24.x']);
        expect(props.Architectures).to.deep.equal(['arm64']);
      }
      expect(byName.get(RULE_FUNCTION_NAME)?.Handler).to.equal('src/handlers/configRule.handler');
      expect(byName.get(PREFLIGHT_FUNCTION_NAME)?.Handler).to.equal('src/handlers/preflight.handler');
    });

    it('sets a log retention on each function log group', () => {
      const groups = Object.values(single().resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
      expect(groups.map((g) => g.Properties.LogGroupName).sort()).to.deep.equal(
        [`/aws/lambda/${RULE_FUNCTION_NAME}`, `/aws/lambda/${PREFLIGHT_FUNCTION_NAME}`].sort(),
      );
      for (const g of groups) expect(g.Properties.RetentionInDays).to.be.a('number').greaterThan(0);
    });

    it('reserves ReservedConcurrency (default 10) for each function, and none with 0', () => {
      const reserved = (values: Record<string, string>) =>
        ['ConfigRuleLambdaFunction', 'PreflightLambdaFunction'].map(
          (id) => propsOf(resolveTemplate(stack.template, values).resources, id).ReservedConcurrentExecutions,
        );
      expect(stack.template.Parameters.ReservedConcurrency).to.include({
        Type: 'Number',
        Default: 10,
        MinValue: 0,
        MaxValue: 200,
      });
      expect(reserved({})).to.deep.equal(['10', '10']);
      expect(reserved({ ReservedConcurrency: '50' })).to.deep.equal(['50', '50']);
      // 0 is "no reservation", never Lambda's 0 (which would throttle every invocation).
      expect(reserved({ ReservedConcurrency: '0' })).to.deep.equal([undefined, undefined]);
      // Both functions together stay within the default quota of 1,000 less the 100 Lambda keeps unreserved.
      expect(2 * (stack.template.Parameters.ReservedConcurrency?.MaxValue as number)).to.be.at.most(900);
      for (const mode of [{}, ORG]) {
        const resources = resolveTemplate(stack.template, mode).resources;
        expect(propsOf(resources, 'ConfigRuleLambdaFunction').ReservedConcurrentExecutions).to.equal('10');
      }
    });

    it("passes the account allow-list to both handlers' TRUSTED_ACCOUNT_IDS", () => {
      const { resources } = resolveTemplate(stack.template, { TrustedAccountIds: '111122223333,444455556666' });
      for (const id of ['ConfigRuleLambdaFunction', 'PreflightLambdaFunction']) {
        const env = (propsOf(resources, id).Environment as { Variables: Record<string, string> }).Variables;
        expect(env.TRUSTED_ACCOUNT_IDS, id).to.equal('111122223333,444455556666');
      }
    });
  });

  describe('the deployment bucket', () => {
    it('blocks public access explicitly, from the stack that creates it on (create-stack and update-stack)', () => {
      const core = (
        stack.state.service.provider as unknown as {
          coreCloudFormationTemplate: { Resources: Record<string, CfnResource> };
        }
      ).coreCloudFormationTemplate;
      for (const [name, template] of [
        ['create-stack', core],
        ['update-stack', stack.template],
      ] as const) {
        const bucket = template.Resources.ServerlessDeploymentBucket;
        expect(bucket?.Type, name).to.equal('AWS::S3::Bucket');
        expect(bucket?.Properties.PublicAccessBlockConfiguration, name).to.deep.equal({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket?.Properties.BucketEncryption, name).to.be.an('object');
      }
    });

    it("passes the stack's ExemptionTagKey to the preflight's EXEMPTION_TAG_KEY, in either mode, empty by default", () => {
      const env = (values: Record<string, string>) =>
        (
          propsOf(resolveTemplate(stack.template, values).resources, 'PreflightLambdaFunction').Environment as {
            Variables: Record<string, string>;
          }
        ).Variables;
      expect(env({ ExemptionTagKey: 'evr-exempt' })[EXEMPTION_TAG_KEY_VARIABLE]).to.equal('evr-exempt');
      expect(env({ ...ORG, ExemptionTagKey: 'evr-exempt' })[EXEMPTION_TAG_KEY_VARIABLE]).to.equal('evr-exempt');
      expect(env({})[EXEMPTION_TAG_KEY_VARIABLE]).to.equal('');
      // The rule's function decides by its InputParameters, not by this.
      const rule = propsOf(single().resources, 'ConfigRuleLambdaFunction').Environment as {
        Variables: Record<string, string>;
      };
      expect(rule.Variables).not.to.have.property(EXEMPTION_TAG_KEY_VARIABLE);
    });
  });

  describe('the Config rules', () => {
    it('is a CUSTOM_LAMBDA rule on AWS::Redshift::Cluster with change, oversized and periodic triggers', () => {
      const rule = propsOf(single().resources, 'ConfigRule');
      expect(rule.ConfigRuleName).to.equal(CONFIG_RULE_NAME);
      expect(rule.Description).to.equal(RULE_SPECS.cluster.description);
      expect(rule.Scope).to.deep.equal({ ComplianceResourceTypes: ['AWS::Redshift::Cluster'] });
      const source = rule.Source as { Owner: string; SourceIdentifier: unknown; SourceDetails: object[] };
      expect(source.Owner).to.equal('CUSTOM_LAMBDA');
      expect(source.SourceIdentifier).to.deep.equal({ 'Fn::GetAtt': ['ConfigRuleLambdaFunction', 'Arn'] });
      expect(source.SourceDetails).to.deep.equal([
        { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
        { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
        {
          EventSource: 'aws.config',
          MessageType: 'ScheduledNotification',
          MaximumExecutionFrequency: 'TwentyFour_Hours',
        },
      ]);
      expect(source.SourceDetails).to.deep.equal(RULE_SPECS.cluster.sourceDetails('TwentyFour_Hours'));
    });

    it('evaluates Redshift Serverless workgroups with the same function, periodically only and without a Scope', () => {
      const rule = propsOf(single().resources, 'WorkgroupConfigRule');
      expect(rule.ConfigRuleName).to.equal(WORKGROUP_CONFIG_RULE_NAME);
      expect(rule.Description).to.equal(RULE_SPECS.workgroup.description);
      expect(String(rule.Description).length).to.be.at.most(256);
      // AWS Config does not record AWS::RedshiftServerless::Workgroup: no configuration item ever triggers it.
      expect(rule).not.to.have.property('Scope');
      const source = rule.Source as { Owner: string; SourceIdentifier: unknown; SourceDetails: object[] };
      expect(source.Owner).to.equal('CUSTOM_LAMBDA');
      expect(source.SourceIdentifier).to.deep.equal({ 'Fn::GetAtt': ['ConfigRuleLambdaFunction', 'Arn'] });
      expect(source.SourceDetails).to.deep.equal([
        {
          EventSource: 'aws.config',
          MessageType: 'ScheduledNotification',
          MaximumExecutionFrequency: 'TwentyFour_Hours',
        },
      ]);
      expect(source.SourceDetails).to.deep.equal(RULE_SPECS.workgroup.sourceDetails('TwentyFour_Hours'));
      const custom = propsOf(
        resolveTemplate(stack.template, { EvaluationFrequency: 'Six_Hours' }).resources,
        'WorkgroupConfigRule',
      );
      expect((custom.Source as { SourceDetails: object[] }).SourceDetails).to.deep.equal([
        { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'Six_Hours' },
      ]);
    });

    const ruleCases = [
      ['ConfigRule', 'cluster'],
      ['WorkgroupConfigRule', 'workgroup'],
    ] as const;
    for (const [id, kind] of ruleCases) {
      it(`sends ${id} exactly the rule parameters the handler accepts, empty meaning unset, ResourceType the ${kind}s`, () => {
        const input = propsOf(single().resources, id).InputParameters as Record<string, string>;
        expect(Object.keys(input).sort()).to.deep.equal([...RULE_PARAMETER_KEYS].sort());
        expect(parseRuleOptions(input)).to.deep.equal({
          prerequisiteMode: 'report',
          requireInternetPath: false,
          resourceKind: kind,
        });
        const custom = propsOf(
          resolveTemplate(stack.template, {
            PrerequisiteMode: 'enforce',
            RequireInternetPath: 'true',
            ExemptionTagKey: 'evr-exempt',
            S3Buckets: 'etl-staging,unload.archive',
            EvaluationFrequency: 'Six_Hours',
            SecurityHubSync: 'true',
          }).resources,
          id,
        );
        expect(parseRuleOptions(custom.InputParameters as Record<string, string>)).to.deep.equal({
          prerequisiteMode: 'enforce',
          requireInternetPath: true,
          exemptionTagKey: 'evr-exempt',
          s3Buckets: ['etl-staging', 'unload.archive'],
          securityHubSync: true,
          resourceKind: kind,
        });
        expect(JSON.stringify(custom.Source)).to.contain('Six_Hours');
      });
    }

    it('lets only AWS Config of this account invoke the rule function, for both rules', () => {
      const permission = single().resources.ConfigRuleInvokePermission?.Properties;
      // No SourceArn: one permission serves both rules (their ARNs end in ids AWS Config generates).
      expect(permission).to.deep.equal({
        FunctionName: { 'Fn::GetAtt': ['ConfigRuleLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'config.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      for (const id of ['ConfigRule', 'WorkgroupConfigRule']) {
        expect(stack.template.Resources[id]?.DependsOn, id).to.deep.equal(['ConfigRuleInvokePermission']);
        expect(
          (propsOf(single().resources, id).Source as { SourceIdentifier: unknown }).SourceIdentifier,
        ).to.deep.equal(permission?.FunctionName);
      }
      const permissions = Object.values(single().resources).filter((r) => r.Type === 'AWS::Lambda::Permission');
      expect(permissions.filter((p) => p.Properties.Principal === 'config.amazonaws.com')).to.have.length(1);
    });
  });

  describe('the runbooks and the remediations', () => {
    const documentCases = [
      ['RemediationDocument', REMEDIATION_DOCUMENT_NAME, runbook],
      ['WorkgroupRemediationDocument', WORKGROUP_REMEDIATION_DOCUMENT_NAME, workgroupRunbook],
    ] as const;
    for (const [id, name, document] of documentCases) {
      it(`deploys ${name} from automation-documents/ itself, as a new version on change`, () => {
        const doc = propsOf(single().resources, id);
        expect(doc.Name).to.equal(name);
        expect(doc.DocumentType).to.equal('Automation');
        expect(doc.UpdateMethod).to.equal('NewVersion');
        expect(doc.Content).to.deep.equal(document);
      });
    }

    const wiringCases = [
      [
        'ConfigRule',
        'RemediationConfiguration',
        'RemediationDocument',
        'AutomationRole',
        'ClusterIdentifier',
        'AWS::Redshift::Cluster',
      ],
      [
        'WorkgroupConfigRule',
        'WorkgroupRemediationConfiguration',
        'WorkgroupRemediationDocument',
        'AutomationRole',
        'WorkgroupName',
        'AWS::RedshiftServerless::Workgroup',
      ],
    ] as const;
    for (const [rule, id, document, role, resourceIdParameter, resourceType] of wiringCases) {
      it(`wires "Remediate" on ${rule}: ${document}, RESOURCE_ID as ${resourceIdParameter}, ${role} and the preflight`, () => {
        const props = propsOf(single().resources, id);
        expect(props.ConfigRuleName).to.deep.equal({ Ref: rule });
        // ResourceType is optional and left out: AWS Config may refuse a type it does not record.
        expect(props, resourceType).to.not.have.property('ResourceType');
        expect(props.TargetType).to.equal('SSM_DOCUMENT');
        expect(props.TargetId).to.deep.equal({ Ref: document });
        const parameters = props.Parameters as Record<string, unknown>;
        expect(parameters[resourceIdParameter]).to.deep.equal({ ResourceValue: { Value: 'RESOURCE_ID' } });
        expect(parameters.AutomationAssumeRole).to.deep.equal({
          StaticValue: { Values: [{ 'Fn::GetAtt': [role, 'Arn'] }] },
        });
        expect(parameters.PreflightFunction).to.deep.equal({
          StaticValue: { Values: [{ 'Fn::GetAtt': ['PreflightLambdaFunction', 'Arn'] }] },
        });
        expect(parameters.RequireInternetPath).to.deep.equal({ StaticValue: { Values: ['false'] } });
      });
    }

    it('sends the resource id only to the parameter the shared rule spec names (which the pack uses too)', () => {
      for (const { kind, remediation } of REMEDIATIONS) {
        const parameters = propsOf(single().resources, remediation).Parameters as Record<string, object>;
        const fromResource = Object.keys(parameters).filter((name) => 'ResourceValue' in (parameters[name] ?? {}));
        expect(fromResource, kind).to.deep.equal([RULE_SPECS[kind].resourceIdParameter]);
      }
    });

    for (const { remediation, runbook: document, kind } of REMEDIATIONS) {
      it(`passes only parameters the ${kind} runbook declares, and every one without a default`, () => {
        for (const values of [{}, { ExemptionTagKey: 'evr-exempt', S3Buckets: 'etl-staging' }] as Record<
          string,
          string
        >[]) {
          const parameters = Object.keys(
            resolveTemplate(stack.template, values).resources[remediation]?.Properties.Parameters as Record<
              string,
              unknown
            >,
          );
          const declared = Object.keys(document.parameters);
          expect(without(parameters, declared)).to.deep.equal([]);
          const required = declared.filter((name) => document.parameters[name]?.default === undefined);
          expect(without(required, parameters)).to.deep.equal([]);
        }
      });

      it(`passes the exemption tag key to the ${kind} runbook only when one is set`, () => {
        const parameters = (values: Record<string, string>) =>
          propsOf(resolveTemplate(stack.template, values).resources, remediation).Parameters as Record<string, unknown>;
        expect(parameters({ ExemptionTagKey: 'evr-exempt' }).ExemptionTagKey).to.deep.equal({
          StaticValue: { Values: ['evr-exempt'] },
        });
        expect(parameters({})).not.to.have.property('ExemptionTagKey');
      });

      it(`passes S3Buckets to the ${kind} runbook only when set, as the rule gets it`, () => {
        const parameters = (values: Record<string, string>) =>
          propsOf(resolveTemplate(stack.template, values).resources, remediation).Parameters as Record<string, unknown>;
        expect(parameters({ S3Buckets: 'etl-staging,unload.archive' }).S3Buckets).to.deep.equal({
          StaticValue: { Values: ['etl-staging,unload.archive'] },
        });
        // AWS Config refuses an empty static value.
        expect(parameters({})).not.to.have.property('S3Buckets');
      });

      it(`remediates ${kind}s manually by default; automatic remediation is a parameter with bounded retries and concurrency`, () => {
        const props = propsOf(single().resources, remediation);
        expect(props.Automatic).to.equal('false');
        expect(
          resolveTemplate(stack.template, { AutomaticRemediation: 'true' }).resources[remediation],
        ).to.have.nested.property('Properties.Automatic', 'true');
        const { Parameters } = stack.template;
        expect(Parameters.RemediationConcurrencyPercent?.MaxValue).to.be.at.most(50);
        expect(
          (props.ExecutionControls as { SsmControls: { ErrorPercentage: number } }).SsmControls.ErrorPercentage,
        ).to.be.within(1, 100);
        expect(props.MaximumAutomaticAttempts).to.equal(String(Parameters.RemediationMaximumAttempts?.Default));
      });
    }
  });

  describe('least privilege', () => {
    const functionRoles: [string, string, string, readonly string[]][] = [
      ['rule function', 'src/handlers/configRule.ts', 'ConfigRuleFunctionRole', RULE_FUNCTION_ACTIONS],
      ['preflight function', 'src/handlers/preflight.ts', 'PreflightFunctionRole', PREFLIGHT_FUNCTION_ACTIONS],
    ];
    for (const [what, handler, roleId, declared] of functionRoles) {
      it(`grants the ${what} exactly the actions its code can call, in either mode`, async () => {
        const derived = await actionsReachableFrom(handler);
        const granted = grantedActions(single().resources[roleId] as never);
        expect(granted).to.deep.equal(sorted(declared));
        // sts:AssumeRole is reachable too: it is organization mode's only grant.
        expect(derived).to.include.members([...ASSUME_EXECUTION_ROLE_ACTIONS]);
        // The Security Hub sync's actions only with SecurityHubSync=true, the Data API's and the bucket Regions'
        // only with WatchMinutes or DiscoverUsage.
        expect(granted).to.deep.equal(
          without(derived, [...ASSUME_EXECUTION_ROLE_ACTIONS, ...SECURITY_HUB_SYNC_ACTIONS, ...DISCOVERY_ACTIONS]),
        );
        expect(grantedActions(org().resources[roleId] as never)).to.deep.equal([...ASSUME_EXECUTION_ROLE_ACTIONS]);
      });
    }

    it('grants the watch after the change to the preflight function only with WatchMinutes, on this account only', async () => {
      const derived = await actionsReachableFrom('src/handlers/preflight.ts');
      const calls = derived.filter((a) => a.startsWith('redshift-data:'));
      expect(calls).to.have.length(4);
      expect(WATCH_ACTIONS).to.include.members(calls);
      const all = resolveTemplate(stack.template, {
        WatchMinutes: '15',
        SecurityHubSync: 'true',
        DiscoverUsage: 'true',
      }).resources;
      expect(grantedActions(all.PreflightFunctionRole as never)).to.deep.equal(sorted(PREFLIGHT_FUNCTION_ALL_ACTIONS));
      // What the code calls, and the database credentials the Data API asks for on the function's behalf.
      expect(grantedActions(all.PreflightFunctionRole as never)).to.deep.equal(
        sorted([...new Set([...without(derived, ASSUME_EXECUTION_ROLE_ACTIONS), ...WATCH_ACTIONS])]),
      );
      const watched = resolveTemplate(stack.template, { WatchMinutes: '15' }).resources;
      expect(grantedActions(watched.PreflightFunctionRole as never)).to.deep.equal(
        sorted([...PREFLIGHT_FUNCTION_ACTIONS, ...WATCH_ACTIONS]),
      );
      // DiscoverUsage alone: the Data API too, and bucket Regions on any bucket.
      const discovering = resolveTemplate(stack.template, { DiscoverUsage: 'true' }).resources;
      expect(grantedActions(discovering.PreflightFunctionRole as never)).to.deep.equal(
        sorted([...PREFLIGHT_FUNCTION_ACTIONS, ...DISCOVERY_ACTIONS]),
      );
      const regions = roleStatements(discovering.PreflightFunctionRole as never).find(
        (s) => (s as { Sid?: string }).Sid === 'BucketRegions',
      ) as PolicyStatement;
      expect(regions.Resource).to.deep.equal({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' });
      expect(
        (discovering.RemediationConfiguration as unknown as { Properties: { Parameters: Record<string, unknown> } })
          .Properties.Parameters.DiscoverUsage,
      ).to.deep.equal({ StaticValue: { Values: ['true'] } });
      const statements = roleStatements(watched.PreflightFunctionRole as never);
      const run = statements.find((s) => (s as { Sid?: string }).Sid === 'WatchPipelinesRun') as PolicyStatement;
      expect(sorted(actionsOf(run))).to.deep.equal(sorted(WATCH_RESOURCE_ACTIONS));
      expect(run.Resource).to.deep.equal([
        { 'Fn::Sub': 'arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:cluster:*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:dbname:*/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:dbuser:*/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:redshift-serverless:${AWS::Region}:${AWS::AccountId}:workgroup/*' },
      ]);
      const read = statements.find((s) => (s as { Sid?: string }).Sid === 'WatchPipelinesRead') as PolicyStatement;
      expect(sorted(actionsOf(read))).to.deep.equal(sorted(WATCH_STATEMENT_ACTIONS));
      expect(read.Resource).to.equal('*');
      // Off (the default): none of it. The remediations pass the stack's values to the runbooks.
      expect(
        grantedActions(single().resources.PreflightFunctionRole as never).filter((a) => a.startsWith('redshift-data:')),
      ).to.deep.equal([]);
      for (const id of ['RemediationConfiguration', 'WorkgroupRemediationConfiguration']) {
        const parameters = (watched[id] as unknown as { Properties: { Parameters: Record<string, unknown> } })
          .Properties.Parameters;
        expect(parameters.WatchMinutes).to.deep.equal({ StaticValue: { Values: ['15'] } });
        expect(parameters.RollbackOnFailure).to.deep.equal({ StaticValue: { Values: ['false'] } });
        expect(parameters.Database).to.deep.equal({ StaticValue: { Values: ['dev'] } });
      }
    });

    it('grants the Security Hub sync to both functions only with SecurityHubSync=true, on this hub only', async () => {
      const derived = await actionsReachableFrom('src/handlers/configRule.ts');
      expect(derived).to.include.members([...SECURITY_HUB_SYNC_ACTIONS]);
      const preflight = await actionsReachableFrom('src/handlers/preflight.ts');
      expect(preflight).to.include.members([...SECURITY_HUB_SYNC_ACTIONS]);
      const synced = resolveTemplate(stack.template, { SecurityHubSync: 'true' }).resources;
      expect(grantedActions(synced.ConfigRuleFunctionRole as never)).to.deep.equal(sorted(RULE_FUNCTION_SYNC_ACTIONS));
      expect(grantedActions(synced.ConfigRuleFunctionRole as never)).to.deep.equal(
        without(derived, ASSUME_EXECUTION_ROLE_ACTIONS),
      );
      expect(grantedActions(synced.PreflightFunctionRole as never)).to.deep.equal(
        sorted(PREFLIGHT_FUNCTION_SYNC_ACTIONS),
      );
      expect(grantedActions(synced.PreflightFunctionRole as never)).to.deep.equal(
        without(preflight, [...ASSUME_EXECUTION_ROLE_ACTIONS, ...DISCOVERY_ACTIONS]),
      );
      for (const role of ['ConfigRuleFunctionRole', 'PreflightFunctionRole']) {
        const statement = roleStatements(synced[role] as never).find((s) =>
          actionsOf(s).includes('securityhub:GetFindings'),
        );
        expect(sorted(actionsOf(statement as PolicyStatement))).to.deep.equal(sorted(SECURITY_HUB_SYNC_ACTIONS));
        expect(statement?.Resource).to.deep.equal({
          'Fn::Sub': 'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:hub/default',
        });
      }
      // Organization mode: the function only assumes the execution role, whatever the parameter says.
      const orgSynced = resolveTemplate(stack.template, { ...ORG, SecurityHubSync: 'true' }).resources;
      for (const role of ['ConfigRuleFunctionRole', 'PreflightFunctionRole']) {
        expect(grantedActions(orgSynced[role] as never)).to.deep.equal([...ASSUME_EXECUTION_ROLE_ACTIONS]);
      }
    });

    it('grants the functions the workgroup reads on workgroups of this account and Region, prefix-list reads on this Region\'s lists, the list and describe actions on "*"', () => {
      for (const roleId of ['ConfigRuleFunctionRole', 'PreflightFunctionRole']) {
        const statements = roleStatements(single().resources[roleId] as never);
        const resourceOf = (action: string) => statements.find((s) => actionsOf(s).includes(action))?.Resource;
        for (const action of ['redshift-serverless:GetWorkgroup', 'redshift-serverless:ListTagsForResource']) {
          expect(resourceOf(action), `${roleId} ${action}`).to.deep.equal({
            'Fn::Sub': 'arn:${AWS::Partition}:redshift-serverless:${AWS::Region}:${AWS::AccountId}:workgroup/*',
          });
        }
        for (const action of UNSCOPED_READ_ACTIONS) {
          expect(resourceOf(action), `${roleId} ${action}`).to.equal('*');
        }
        // The S3 prefix list is AWS's, not this account's: any owner, this Region only.
        for (const action of PREFIX_LIST_READ_ACTIONS) {
          expect(resourceOf(action), `${roleId} ${action}`).to.deep.equal({
            'Fn::Sub': 'arn:${AWS::Partition}:ec2:${AWS::Region}:*:prefix-list/*',
          });
        }
      }
      expect([...WORKGROUP_READ_ACTIONS].sort()).to.deep.equal([
        'redshift-serverless:GetWorkgroup',
        'redshift-serverless:ListTagsForResource',
      ]);
      expect([...PREFIX_LIST_READ_ACTIONS]).to.deep.equal(['ec2:GetManagedPrefixListEntries']);
      expect(UNSCOPED_READ_ACTIONS).to.include.members(['redshift-serverless:ListWorkgroups', 'ec2:DescribeSubnets']);
    });

    it("grants the automation role exactly both runbooks' actions, on this account's clusters and workgroups only", () => {
      const role = single().resources.AutomationRole as never;
      expect(runbookActions(runbook)).to.deep.equal(sorted(CLUSTER_RUNBOOK_ACTIONS));
      expect(runbookActions(workgroupRunbook)).to.deep.equal(sorted(WORKGROUP_RUNBOOK_ACTIONS));
      expect(grantedActions(role)).to.deep.equal(
        sorted([...runbookActions(runbook), ...runbookActions(workgroupRunbook)]),
      );
      expect(grantedActions(role)).to.deep.equal(sorted(AUTOMATION_ROLE_ACTIONS));
      expect(grantedActions(role)).to.deep.equal([
        'lambda:InvokeFunction',
        'redshift-serverless:GetWorkgroup',
        'redshift-serverless:UpdateWorkgroup',
        'redshift:DescribeClusters',
        'redshift:ModifyCluster',
        'sns:Publish',
      ]);
      const resourceOf = (action: string) => roleStatements(role).find((s) => actionsOf(s).includes(action))?.Resource;
      expect(resourceOf('redshift:ModifyCluster')).to.deep.equal({
        'Fn::Sub': 'arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:cluster:*',
      });
      for (const action of ['redshift-serverless:GetWorkgroup', 'redshift-serverless:UpdateWorkgroup']) {
        expect(resourceOf(action), action).to.deep.equal({
          'Fn::Sub': 'arn:${AWS::Partition}:redshift-serverless:${AWS::Region}:${AWS::AccountId}:workgroup/*',
        });
      }
      expect(resourceOf('redshift:DescribeClusters')).to.equal('*');
      expect(resourceOf('lambda:InvokeFunction')).to.deep.equal({ 'Fn::GetAtt': ['PreflightLambdaFunction', 'Arn'] });
      // The approvers' topic: SSM notifies only topics named Automation*, of this account and Region here.
      expect(resourceOf('sns:Publish')).to.deep.equal({
        'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:Automation*',
      });
    });

    it('names the roles as src/deploy/names.ts does (the organization StackSet trusts the function roles by name)', () => {
      const roleName = (id: string) =>
        String((propsOf(single().resources, id).RoleName as { 'Fn::Sub': string })['Fn::Sub']).replace(
          '${AWS::Region}',
          'eu-west-1',
        );
      expect(roleName('ConfigRuleFunctionRole')).to.equal(ruleFunctionRoleName('eu-west-1'));
      expect(roleName('PreflightFunctionRole')).to.equal(preflightFunctionRoleName('eu-west-1'));
      expect(roleName('AutomationRole')).to.equal(automationRoleName('eu-west-1'));
    });

    it('grants no wildcard action and no iam:PassRole, in either mode', () => {
      for (const resolved of [single(), org()]) {
        for (const [id, resource] of Object.entries(resolved.resources)) {
          if (resource.Type !== 'AWS::IAM::Role') continue;
          for (const action of roleStatements(resource).flatMap(actionsOf)) {
            expect(action, id).not.to.include('*');
            expect(action, id).not.to.equal('iam:PassRole');
          }
        }
      }
    });

    describe('the organization reader policy (organization mode, output OrganizationReaderPolicyArn)', () => {
      type Policy = { Statement: PolicyStatement[] };
      const statementsOf = (resources: Record<string, CfnResource>, id: string) =>
        (propsOf(resources, id).PolicyDocument as Policy).Statement;

      it("is exactly the operator policy's statements for report --aggregator and scan --organization, in organization mode only", () => {
        const reader = statementsOf(org().resources, 'OrganizationReaderPolicy');
        const sids = ['ReadAggregatedResults', 'ListAggregators', 'AssumeReadRole', 'ListOrganizationAccounts'];
        expect(reader).to.deep.equal(
          statementsOf(single().resources, 'OperatorPolicy').filter((s) =>
            sids.includes(String((s as { Sid?: string }).Sid)),
          ),
        );
        expect(sorted(reader.flatMap(actionsOf))).to.deep.equal(sorted(ORGANIZATION_READER_ACTIONS));
        expect(single().resources).not.to.have.property('OrganizationReaderPolicy');
        expect(
          String(
            (propsOf(org().resources, 'OrganizationReaderPolicy').ManagedPolicyName as { 'Fn::Sub': string })[
              'Fn::Sub'
            ],
          ).replace('${AWS::Region}', 'eu-west-1'),
        ).to.equal(organizationReaderPolicyName('eu-west-1'));
        expect(stack.template.Outputs.OrganizationReaderPolicyArn).to.include({ Condition: 'OrganizationMode' });
        expect(stack.template.Outputs.OrganizationReaderPolicyArn?.Value).to.deep.equal({
          Ref: 'OrganizationReaderPolicy',
        });
      });

      it('grants every call `report --aggregator` and `scan --organization` make in the central account', async () => {
        const calls = [
          ...(await actionsReachableFrom('src/cli/reportCommand.ts')),
          ...(await actionsReachableFrom('src/aws/organizationAccounts.ts')),
          // assumeReadRole.ts assumes through the SDK's credential provider, not a Command import.
          'sts:AssumeRole',
        ];
        expect(calls).to.include.members([
          'config:GetAggregateComplianceDetailsByConfigRule',
          'organizations:ListAccounts',
        ]);
        expect(without(calls, ORGANIZATION_READER_ACTIONS)).to.deep.equal([]);
      });
    });

    describe('the operator policy (stack output OperatorPolicyArn)', () => {
      const operatorPolicy = () => propsOf(single().resources, 'OperatorPolicy');
      const statements = () => (operatorPolicy().PolicyDocument as { Statement: PolicyStatement[] }).Statement;
      const sub = (arn: string) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:${arn}`,
      });
      const documents = [sub('document/${RemediationDocument}'), sub('document/${WorkgroupRemediationDocument}')];
      const executions = sub('automation-execution/*');

      it('is exactly: start the two runbooks, read them, follow executions, pass the automation role to SSM, assume the read role, list the accounts', () => {
        expect(single().resources.OperatorPolicy?.Type).to.equal('AWS::IAM::ManagedPolicy');
        expect(statements()).to.deep.equal([
          {
            Sid: 'StartRunbooks',
            Effect: 'Allow',
            Action: 'ssm:StartAutomationExecution',
            Resource: [...documents, executions],
          },
          { Sid: 'ReadRunbooks', Effect: 'Allow', Action: 'ssm:DescribeDocument', Resource: documents },
          {
            Sid: 'FollowExecutions',
            Effect: 'Allow',
            Action: ['ssm:GetAutomationExecution', 'ssm:DescribeAutomationStepExecutions'],
            Resource: executions,
          },
          { Sid: 'ListExecutions', Effect: 'Allow', Action: 'ssm:DescribeAutomationExecutions', Resource: '*' },
          { Sid: 'ReadRuleSettings', Effect: 'Allow', Action: 'config:DescribeConfigRules', Resource: '*' },
          {
            Sid: 'ReadAggregatedResults',
            Effect: 'Allow',
            Action: [
              'config:DescribeAggregateComplianceByConfigRules',
              'config:GetAggregateComplianceDetailsByConfigRule',
            ],
            Resource: {
              'Fn::Sub': 'arn:${AWS::Partition}:config:${AWS::Region}:${AWS::AccountId}:config-aggregator/*',
            },
          },
          { Sid: 'ListAggregators', Effect: 'Allow', Action: 'config:DescribeConfigurationAggregators', Resource: '*' },
          {
            Sid: 'PassAutomationRoleToSsm',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': ['AutomationRole', 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
          {
            Sid: 'AssumeReadRole',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${DEFAULT_READ_ROLE_NAME}` },
          },
          { Sid: 'ListOrganizationAccounts', Effect: 'Allow', Action: 'organizations:ListAccounts', Resource: '*' },
        ]);
        const actions = statements().flatMap(actionsOf);
        expect(sorted(actions)).to.deep.equal(sorted(OPERATOR_ACTIONS));
        for (const action of actions) expect(action).to.match(/^[a-z]+:[A-Za-z]+$/);
        // No "*" anywhere but where the action supports no resource-level permissions.
        for (const statement of statements()) {
          if (statement.Resource === '*') {
            expect(statement.Action).to.be.oneOf([
              'ssm:DescribeAutomationExecutions',
              'config:DescribeConfigRules',
              'organizations:ListAccounts',
              'config:DescribeConfigurationAggregators',
            ]);
          }
        }
      });

      it('names the documents the stack creates and the role it creates, is named per Region, and is an output', () => {
        expect(
          String((operatorPolicy().ManagedPolicyName as { 'Fn::Sub': string })['Fn::Sub']).replace(
            '${AWS::Region}',
            'eu-west-1',
          ),
        ).to.equal(operatorPolicyName('eu-west-1'));
        const names = concrete(documents) as string[];
        expect(names).to.deep.equal([
          documentArn(REMEDIATION_DOCUMENT_NAME),
          documentArn(WORKGROUP_REMEDIATION_DOCUMENT_NAME),
        ]);
        expect(propsOf(single().resources, 'RemediationDocument').Name).to.equal(REMEDIATION_DOCUMENT_NAME);
        expect(propsOf(single().resources, 'WorkgroupRemediationDocument').Name).to.equal(
          WORKGROUP_REMEDIATION_DOCUMENT_NAME,
        );
        expect(stack.template.Outputs.OperatorPolicyArn).to.include({ Condition: 'SingleAccountMode' });
        expect(stack.template.Outputs.OperatorPolicyArn?.Value).to.deep.equal({ Ref: 'OperatorPolicy' });
        // Organization mode: the runbooks and their role live in the member accounts, and so does this.
        expect(org().resources).not.to.have.property('OperatorPolicy');
      });

      it('grants every SSM call `redshift-evr remediate` makes to start, check and follow the runbooks', async () => {
        const cli = (await actionsReachableFrom('src/aws/automation.ts')).filter((a) => a.startsWith('ssm:'));
        expect(cli).to.include('ssm:StartAutomationExecution');
        expect(without(cli, OPERATOR_ACTIONS)).to.deep.equal([]);
      });

      it('grants every call `redshift-evr report --aggregator` makes', async () => {
        const cli = await actionsReachableFrom('src/cli/reportCommand.ts');
        expect(cli).to.include('config:GetAggregateComplianceDetailsByConfigRule');
        expect(without(cli, OPERATOR_ACTIONS)).to.deep.equal([]);
      });

      it("grants every call `redshift-evr remediate` makes besides the scan's reads, reading the deployed rules too", async () => {
        const cli = await actionsReachableFrom('src/cli/remediateCommand.ts');
        expect(cli).to.include('config:DescribeConfigRules');
        expect(without(cli, [...OPERATOR_ACTIONS, ...NETWORK_READ_ACTIONS])).to.deep.equal([]);
      });

      it('allows and denies as intended, by an IAM policy simulator', async () => {
        const policy = concrete({ Version: '2012-10-17', Statement: statements() });
        const decide = async (action: string, resource: string, context: Record<string, string> = {}) => {
          const result = await runSimulation(
            {
              request: {
                principal: `arn:aws:iam::${HERE.account}:role/operator`,
                action,
                resource: { resource, accountId: HERE.account },
                contextVariables: context,
              },
              identityPolicies: [{ name: 'operator', policy }],
              serviceControlPolicies: [],
              resourceControlPolicies: [],
            },
            {},
          );
          if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
          return result.overallResult;
        };
        const execution = `arn:aws:ssm:${HERE.region}:${HERE.account}:automation-execution/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab`;
        const allowed: [string, string, Record<string, string>?][] = [
          ['ssm:StartAutomationExecution', documentArn(REMEDIATION_DOCUMENT_NAME)],
          ['ssm:StartAutomationExecution', documentArn(WORKGROUP_REMEDIATION_DOCUMENT_NAME)],
          ['ssm:StartAutomationExecution', execution],
          ['ssm:DescribeDocument', documentArn(REMEDIATION_DOCUMENT_NAME)],
          ['ssm:GetAutomationExecution', execution],
          ['ssm:DescribeAutomationStepExecutions', execution],
          ['ssm:DescribeAutomationExecutions', '*'],
          ['iam:PassRole', automationRoleArn, { 'iam:PassedToService': 'ssm.amazonaws.com' }],
        ];
        const denied: [string, string, Record<string, string>?][] = [
          ['ssm:StartAutomationExecution', documentArn('AWS-RunShellScript')],
          ['ssm:StartAutomationExecution', documentArn('redshift-evr-Other')],
          [
            'ssm:StartAutomationExecution',
            `arn:aws:ssm:us-east-1:${HERE.account}:document/${REMEDIATION_DOCUMENT_NAME}`,
          ],
          ['ssm:DescribeDocument', documentArn('AWS-RunShellScript')],
          ['ssm:StopAutomationExecution', execution],
          ['ssm:SendAutomationSignal', execution],
          ['iam:PassRole', automationRoleArn, { 'iam:PassedToService': 'lambda.amazonaws.com' }],
          ['iam:PassRole', automationRoleArn, { 'iam:PassedToService': 'ec2.amazonaws.com' }],
          [
            'iam:PassRole',
            `arn:aws:iam::${HERE.account}:role/${automationRoleName('us-east-1')}`,
            { 'iam:PassedToService': 'ssm.amazonaws.com' },
          ],
          ['iam:PassRole', `arn:aws:iam::${HERE.account}:role/Admin`, { 'iam:PassedToService': 'ssm.amazonaws.com' }],
          ['redshift:ModifyCluster', `arn:aws:redshift:${HERE.region}:${HERE.account}:cluster:etl-prod`],
        ];
        for (const [action, resource, context] of allowed) {
          expect(await decide(action, resource, context), `${action} on ${resource}`).to.equal('Allowed');
        }
        for (const [action, resource, context] of denied) {
          expect(await decide(action, resource, context), `${action} on ${resource}`).not.to.equal('Allowed');
        }
      });
    });

    it('assumes the execution role only by name, and only inside the organization when its id is given', () => {
      const statements = roleStatements(org().resources.ConfigRuleFunctionRole as never);
      expect(statements).to.have.length(2); // logs + assume
      const assume = statements.find((s) => actionsOf(s).includes('sts:AssumeRole'));
      expect(assume?.Resource).to.deep.equal({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/${ExecutionRoleName}' });
      expect(assume?.Condition).to.deep.equal({ StringEquals: { 'aws:ResourceOrgID': ORG.OrganizationId } });
    });

    it('trusts only Lambda (functions) and SSM Automation of this account (runbook)', () => {
      const trust = (id: string) =>
        (propsOf(single().resources, id).AssumeRolePolicyDocument as { Statement: object[] }).Statement;
      for (const id of ['ConfigRuleFunctionRole', 'PreflightFunctionRole']) {
        expect(trust(id)).to.deep.equal([
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ]);
      }
      for (const id of ['AutomationRole']) {
        expect(trust(id), id).to.deep.equal([
          {
            Effect: 'Allow',
            Principal: { Service: 'ssm.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:*:${AWS::AccountId}:automation-execution/*' },
              },
            },
          },
        ]);
      }
    });
  });

  describe('organization mode (ExecutionRoleName set)', () => {
    it('leaves the rules, the runbooks and their roles to the member accounts and opens the preflight to the organization', () => {
      const { resources } = org();
      for (const { rule, remediation, document } of REMEDIATIONS)
        for (const id of [rule, remediation, document, 'AutomationRole'])
          expect(resources, id).not.to.have.property(id);
      for (const { rule, remediation, document } of REMEDIATIONS)
        for (const id of [rule, remediation, document]) expect(single().resources, id).to.have.property(id);
      expect(resources.ConfigRuleInvokePermission?.Properties).not.to.have.property('SourceAccount');
      expect(resources.PreflightOrganizationInvokePermission?.Properties).to.deep.equal({
        FunctionName: { 'Fn::GetAtt': ['PreflightLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: '*',
        PrincipalOrgID: ORG.OrganizationId,
      });
      expect(single().resources).not.to.have.property('PreflightOrganizationInvokePermission');
    });
  });

  describe('stack parameters', () => {
    it('passes every parameter from --param, defaulting to the template default', () => {
      const passed = stack.state.service.provider.stackParameters as { ParameterKey: string; ParameterValue: string }[];
      expect(passed.map((p) => p.ParameterKey).sort()).to.deep.equal(Object.keys(stack.template.Parameters).sort());
      for (const p of passed)
        expect(p.ParameterValue, p.ParameterKey).to.equal(String(stack.template.Parameters[p.ParameterKey]?.Default));
    });

    it("passes each kind's remediation its own ChangeWindow parameter, defaulting to the runbook's default", () => {
      for (const kind of RESOURCE_KINDS) {
        const { stackParameter } = KINDS[kind].runbook.changeWindowSetting;
        const id = { cluster: 'RemediationConfiguration', workgroup: 'WorkgroupRemediationConfiguration' }[kind];
        const parameters = stack.template.Resources[id]?.Properties?.Parameters as Record<string, unknown>;
        expect(parameters.ChangeWindow, kind).to.deep.equal({ StaticValue: { Values: [{ Ref: stackParameter }] } });
        expect(stack.template.Parameters[stackParameter]?.Default, kind).to.equal(
          KINDS[kind].runbook.defaultChangeWindow,
        );
      }
    });

    it('refuses organization mode without the organization id at deploy time (a CloudFormation rule)', () => {
      expect(
        resolveTemplate(stack.template, { ExecutionRoleName: 'redshift-evr-execution' }).ruleViolations,
      ).to.deep.equal([
        'OrganizationId (o-...) is required when ExecutionRoleName is set (organization mode). Pass --param="OrganizationId=o-..." or leave ExecutionRoleName empty.',
      ]);
      expect(resolveTemplate(stack.template, ORG).ruleViolations).to.deep.equal([]);
      expect(single().ruleViolations).to.deep.equal([]);
    });

    it('takes --param="Name=value" from the deploy command', () => {
      const custom = packageStack(['--param=PrerequisiteMode=enforce', '--param=AutomaticRemediation=true']);
      const passed = custom.state.service.provider.stackParameters as {
        ParameterKey: string;
        ParameterValue: string;
      }[];
      const value = (key: string) => passed.find((p) => p.ParameterKey === key)?.ParameterValue;
      expect(value('PrerequisiteMode')).to.equal('enforce');
      expect(value('AutomaticRemediation')).to.equal('true');
      expect(value('RequireInternetPath')).to.equal('false');
      expect(value('SecurityHubSync')).to.equal('false');
    });

    const cases: [string, string[], string[]][] = [
      ['PrerequisiteMode', [...PREREQUISITE_MODES], ['strict', 'Report', '']],
      ['RequireInternetPath', ['true', 'false'], ['yes', 'True']],
      ['SecurityHubSync', ['true', 'false'], ['yes', 'True', '']],
      ['EvaluationFrequency', ['One_Hour', 'TwentyFour_Hours'], ['Daily', '24h']],
      ['AutomaticRemediation', ['true', 'false'], ['on']],
      ['ExecutionRoleName', ['', 'redshift-evr-execution', 'a+b=c,d.e@f_g-h'], ['role/x', 'has space', 'x'.repeat(65)]],
      ['ExemptionTagKey', ['', 'evr-exempt', '例外'], ['aws:cloudformation:stack-name', 'AWS:x', 'k'.repeat(129)]],
      [
        'S3Buckets',
        ['', 'etl-staging', 'etl-staging,unload.archive-2024', Array(4).fill('b'.repeat(63)).join()],
        ['ETL', 'etl_raw', 'etl-staging, logs', 'etl-staging,', 's3://etl', 'ab', Array(5).fill('b'.repeat(63)).join()],
      ],
      ['OrganizationId', ['', 'o-a1b2c3d4e5'], ['a1b2c3d4e5', 'o-short', 'O-A1B2C3D4E5']],
      ['TrustedAccountIds', ['', '111122223333', '111122223333,444455556666'], ['1111', '111122223333, 444455556666']],
      ['RemediationConcurrencyPercent', ['1', '10', '50'], ['0', '100', 'ten']],
      ['RemediationMaximumAttempts', ['1', '25'], ['0', '26']],
      ['RemediationRetrySeconds', ['60', '3600'], ['1', '9999999']],
    ];
    for (const [name, good, bad] of cases) {
      it(`rejects a bad ${name} at deploy time, naming the parameter`, () => {
        const spec = stack.template.Parameters[name] as Record<string, unknown>;
        expect(spec, name).to.be.an('object');
        for (const value of good) expect(accepts(spec, value), `${name}=${JSON.stringify(value)}`).to.equal(true);
        for (const value of bad) expect(accepts(spec, value), `${name}=${JSON.stringify(value)}`).to.equal(false);
        expect(accepts(spec, String(spec.Default))).to.equal(true);
      });
    }

    it('accepts exactly the role names and tag keys the rule itself accepts', () => {
      const pattern = (name: string) => new RegExp(stack.template.Parameters[name]?.AllowedPattern as string);
      for (const role of ['redshift-evr-execution', 'a+b=c,d.e@f_g-h']) {
        expect(pattern('ExecutionRoleName').test(role)).to.equal(true);
        expect(() => parseRuleOptions({ ExecutionRoleName: role })).not.to.throw();
      }
      for (const key of ['aws:x', 'k'.repeat(129)]) {
        expect(pattern('ExemptionTagKey').test(key)).to.equal(false);
        expect(() => parseRuleOptions({ ExemptionTagKey: key })).to.throw(/ExemptionTagKey/);
      }
      for (const buckets of ['etl-staging', 'etl-staging,unload.archive-2024', 'abc,123']) {
        expect(pattern('S3Buckets').test(buckets)).to.equal(true);
        expect(() => parseRuleOptions({ S3Buckets: buckets })).not.to.throw();
      }
      // Looser than the rule only where a pattern cannot say it; the rule names the problem.
      for (const buckets of ['etl..staging', '10.0.0.1']) {
        expect(pattern('S3Buckets').test(buckets)).to.equal(true);
        expect(() => parseRuleOptions({ S3Buckets: buckets })).to.throw(/S3Buckets.*(adjacent dots|IP address)/);
      }
    });

    it("checks S3Buckets with the pattern the runbooks' S3Buckets have (BUCKET_LIST_PATTERN)", () => {
      const optional = `^$|^${BUCKET_LIST_PATTERN}$`;
      expect(stack.template.Parameters.S3Buckets?.AllowedPattern).to.equal(optional);
      for (const document of [runbook, workgroupRunbook]) {
        expect(document.parameters.S3Buckets?.allowedPattern).to.equal(optional);
      }
    });
  });

  it('lists the outputs a user needs', () => {
    expect(Object.keys(stack.template.Outputs)).to.include.members([
      'ConfigRuleName',
      'RemediationDocumentName',
      'AutomationRoleArn',
      'WorkgroupConfigRuleName',
      'WorkgroupRemediationDocumentName',
      'ConfigRuleFunctionArn',
      'PreflightFunctionArn',
      'ConfigRuleFunctionRoleArn',
      'PreflightFunctionRoleArn',
    ]);
  });
});
