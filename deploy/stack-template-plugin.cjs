// A local Serverless plugin that finishes the compiled stack template:
// - copies `custom.cloudFormationRules` into the template's `Rules` section (CloudFormation Rules check
//   combinations of parameters before anything is created; the framework's configuration schema has no
//   place for them under `resources`);
// - drops the `DependsOn` the framework adds on a function's custom role, which `Role: !GetAtt …` already
//   implies (cfn-lint W3005), so the template lints clean with cfn-lint's defaults.
'use strict';

/** The logical id a `{ "Fn::GetAtt": [id, "Arn"] }` names, if that is what `value` is. */
const getAttTarget = (value) =>
  value && Array.isArray(value['Fn::GetAtt']) && typeof value['Fn::GetAtt'][0] === 'string' ? value['Fn::GetAtt'][0] : undefined;

class StackTemplate {
  constructor(serverless) {
    this.serverless = serverless;
    serverless.configSchemaHandler.defineCustomProperties({
      properties: { cloudFormationRules: { type: 'object' } },
    });
    this.hooks = { 'before:package:finalize': () => this.finish() };
  }

  finish() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const rules = this.serverless.service.custom?.cloudFormationRules;
    if (rules !== undefined) template.Rules = { ...template.Rules, ...rules };
    for (const resource of Object.values(template.Resources)) {
      const role = resource.Type === 'AWS::Lambda::Function' ? getAttTarget(resource.Properties?.Role) : undefined;
      if (role === undefined || !Array.isArray(resource.DependsOn)) continue;
      resource.DependsOn = resource.DependsOn.filter((id) => id !== role);
    }
  }
}

module.exports = StackTemplate;
