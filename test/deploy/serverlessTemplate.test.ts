import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { parseRuleOptions, RULE_PARAMETER_KEYS } from '../../src/core/ruleOptions.ts';
import { PREREQUISITE_MODES } from '../../src/core/types.ts';
import {
  CONFIG_RULE_NAME,
  PREFLIGHT_FUNCTION_NAME,
  REMEDIATION_DOCUMENT_NAME,
  RULE_FUNCTION_NAME,
  RUNBOOK_PATH,
} from '../../src/deploy/names.ts';
import {
  ASSUME_EXECUTION_ROLE_ACTIONS,
  AUTOMATION_ROLE_ACTIONS,
  PREFLIGHT_FUNCTION_ACTIONS,
  RULE_FUNCTION_ACTIONS,
} from '../../src/deploy/permissions.ts';
import { actionsReachableFrom, runbookActions } from '../support/deploy/derivedActions.ts';
import { type PackagedStack, packageStack } from '../support/deploy/packagedStack.ts';
import {
  actionsOf,
  grantedActions,
  propsOf,
  resolveTemplate,
  roleStatements,
} from '../support/deploy/resolveTemplate.ts';
import type { AutomationDocument } from '../support/runbook/document.ts';

const ORG = { ExecutionRoleName: 'redshift-evr-execution', OrganizationId: 'o-a1b2c3d4e5' };
const runbook = parse(readFileSync(RUNBOOK_PATH, 'utf8')) as AutomationDocument;
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
const without = (values: readonly string[], drop: readonly string[]) => values.filter((v) => !drop.includes(v));

/** Does CloudFormation accept this value for the parameter (AllowedValues / AllowedPattern / Min / Max)? */
const accepts = (spec: Record<string, unknown>, value: string): boolean => {
  if (Array.isArray(spec.AllowedValues) && !spec.AllowedValues.includes(value)) return false;
  if (typeof spec.AllowedPattern === 'string' && !new RegExp(spec.AllowedPattern).test(value)) return false;
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

    it("passes the account allow-list to both handlers' TRUSTED_ACCOUNT_IDS", () => {
      const { resources } = resolveTemplate(stack.template, { TrustedAccountIds: '111122223333,444455556666' });
      for (const id of ['ConfigRuleLambdaFunction', 'PreflightLambdaFunction']) {
        const env = (propsOf(resources, id).Environment as { Variables: Record<string, string> }).Variables;
        expect(env.TRUSTED_ACCOUNT_IDS, id).to.equal('111122223333,444455556666');
      }
    });
  });

  describe('the Config rule', () => {
    it('is a CUSTOM_LAMBDA rule on AWS::Redshift::Cluster with change, oversized and periodic triggers', () => {
      const rule = propsOf(single().resources, 'ConfigRule');
      expect(rule.ConfigRuleName).to.equal(CONFIG_RULE_NAME);
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
    });

    it('sends exactly the rule parameters the handler accepts, empty meaning unset', () => {
      const input = propsOf(single().resources, 'ConfigRule').InputParameters as Record<string, string>;
      expect(Object.keys(input).sort()).to.deep.equal([...RULE_PARAMETER_KEYS].sort());
      expect(parseRuleOptions(input)).to.deep.equal({ prerequisiteMode: 'report', requireInternetPath: false });
      const custom = propsOf(
        resolveTemplate(stack.template, {
          PrerequisiteMode: 'enforce',
          RequireInternetPath: 'true',
          ExemptionTagKey: 'evr-exempt',
          EvaluationFrequency: 'Six_Hours',
        }).resources,
        'ConfigRule',
      );
      expect(parseRuleOptions(custom.InputParameters as Record<string, string>)).to.deep.equal({
        prerequisiteMode: 'enforce',
        requireInternetPath: true,
        exemptionTagKey: 'evr-exempt',
      });
      expect(JSON.stringify(custom.Source)).to.contain('Six_Hours');
    });

    it('lets only AWS Config of this account invoke the rule function', () => {
      const permission = single().resources.ConfigRuleInvokePermission?.Properties;
      expect(permission).to.deep.equal({
        FunctionName: { 'Fn::GetAtt': ['ConfigRuleLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'config.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      expect(stack.template.Resources.ConfigRule?.DependsOn).to.deep.equal(['ConfigRuleInvokePermission']);
    });
  });

  describe('the runbook and the remediation', () => {
    it('deploys the SSM document from automation-documents/ itself, as a new version on change', () => {
      const doc = propsOf(single().resources, 'RemediationDocument');
      expect(doc.Name).to.equal(REMEDIATION_DOCUMENT_NAME);
      expect(doc.DocumentType).to.equal('Automation');
      expect(doc.UpdateMethod).to.equal('NewVersion');
      expect(doc.Content).to.deep.equal(runbook);
    });

    it('wires "Remediate": the rule, the document, RESOURCE_ID as ClusterIdentifier, the role and the preflight', () => {
      const props = propsOf(single().resources, 'RemediationConfiguration');
      expect(props.ConfigRuleName).to.deep.equal({ Ref: 'ConfigRule' });
      expect(props.TargetType).to.equal('SSM_DOCUMENT');
      expect(props.TargetId).to.deep.equal({ Ref: 'RemediationDocument' });
      const parameters = props.Parameters as Record<string, unknown>;
      expect(parameters.ClusterIdentifier).to.deep.equal({ ResourceValue: { Value: 'RESOURCE_ID' } });
      expect(parameters.AutomationAssumeRole).to.deep.equal({
        StaticValue: { Values: [{ 'Fn::GetAtt': ['AutomationRole', 'Arn'] }] },
      });
      expect(parameters.PreflightFunction).to.deep.equal({
        StaticValue: { Values: [{ 'Fn::GetAtt': ['PreflightLambdaFunction', 'Arn'] }] },
      });
    });

    it('passes only parameters the runbook declares, and every runbook parameter without a default', () => {
      const parameters = Object.keys(
        single().resources.RemediationConfiguration?.Properties.Parameters as Record<string, unknown>,
      );
      const declared = Object.keys(runbook.parameters);
      expect(without(parameters, declared)).to.deep.equal([]);
      const required = declared.filter((name) => runbook.parameters[name]?.default === undefined);
      expect(without(required, parameters)).to.deep.equal([]);
    });

    it('is manual by default; automatic remediation is a parameter with bounded retries and concurrency', () => {
      const props = propsOf(single().resources, 'RemediationConfiguration');
      expect(props.Automatic).to.equal('false');
      expect(
        resolveTemplate(stack.template, { AutomaticRemediation: 'true' }).resources.RemediationConfiguration,
      ).to.have.nested.property('Properties.Automatic', 'true');
      const { Parameters } = stack.template;
      expect(Parameters.RemediationConcurrencyPercent?.MaxValue).to.be.at.most(50);
      expect(
        (props.ExecutionControls as { SsmControls: { ErrorPercentage: number } }).SsmControls.ErrorPercentage,
      ).to.be.within(1, 100);
      expect(props.MaximumAutomaticAttempts).to.equal(String(Parameters.RemediationMaximumAttempts?.Default));
    });
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
        expect(granted).to.deep.equal(without(derived, ASSUME_EXECUTION_ROLE_ACTIONS));
        expect(grantedActions(org().resources[roleId] as never)).to.deep.equal([...ASSUME_EXECUTION_ROLE_ACTIONS]);
      });
    }

    it("grants the automation role exactly the runbook's actions, ModifyCluster on this account's clusters only", () => {
      const role = single().resources.AutomationRole as never;
      expect(grantedActions(role)).to.deep.equal(runbookActions(runbook));
      expect(grantedActions(role)).to.deep.equal(sorted(AUTOMATION_ROLE_ACTIONS));
      const resourceOf = (action: string) => roleStatements(role).find((s) => actionsOf(s).includes(action))?.Resource;
      expect(resourceOf('redshift:ModifyCluster')).to.deep.equal({
        'Fn::Sub': 'arn:${AWS::Partition}:redshift:${AWS::Region}:${AWS::AccountId}:cluster:*',
      });
      expect(resourceOf('lambda:InvokeFunction')).to.deep.equal({ 'Fn::GetAtt': ['PreflightLambdaFunction', 'Arn'] });
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
      expect(trust('AutomationRole')).to.deep.equal([
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
    });
  });

  describe('organization mode (ExecutionRoleName set)', () => {
    it('leaves the rule, the runbook and its role to the member accounts and opens the preflight to the organization', () => {
      const { resources } = org();
      for (const id of ['ConfigRule', 'RemediationConfiguration', 'RemediationDocument', 'AutomationRole'])
        expect(resources, id).not.to.have.property(id);
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
    });

    const cases: [string, string[], string[]][] = [
      ['PrerequisiteMode', [...PREREQUISITE_MODES], ['strict', 'Report', '']],
      ['RequireInternetPath', ['true', 'false'], ['yes', 'True']],
      ['EvaluationFrequency', ['One_Hour', 'TwentyFour_Hours'], ['Daily', '24h']],
      ['AutomaticRemediation', ['true', 'false'], ['on']],
      ['ExecutionRoleName', ['', 'redshift-evr-execution', 'a+b=c,d.e@f_g-h'], ['role/x', 'has space', 'x'.repeat(65)]],
      ['ExemptionTagKey', ['', 'evr-exempt', '例外'], ['aws:cloudformation:stack-name', 'AWS:x', 'k'.repeat(129)]],
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
    });
  });

  it('lists the outputs a user needs', () => {
    expect(Object.keys(stack.template.Outputs)).to.include.members([
      'ConfigRuleName',
      'RemediationDocumentName',
      'AutomationRoleArn',
      'ConfigRuleFunctionArn',
      'PreflightFunctionArn',
      'ConfigRuleFunctionRoleArn',
      'PreflightFunctionRoleArn',
    ]);
  });
});
