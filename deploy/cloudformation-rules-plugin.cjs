// A local Serverless plugin: copies `custom.cloudFormationRules` into the stack template's `Rules` section.
// CloudFormation Rules check combinations of parameters before anything is created; the framework's
// configuration schema has no place for them under `resources`, so they are added after compilation.
'use strict';

class CloudFormationRules {
  constructor(serverless) {
    this.serverless = serverless;
    serverless.configSchemaHandler.defineCustomProperties({
      properties: { cloudFormationRules: { type: 'object' } },
    });
    this.hooks = { 'before:package:finalize': () => this.addRules() };
  }

  addRules() {
    const rules = this.serverless.service.custom?.cloudFormationRules;
    if (rules === undefined) return;
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    template.Rules = { ...template.Rules, ...rules };
  }
}

module.exports = CloudFormationRules;
