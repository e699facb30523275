import { expect } from 'chai';
import { CFN_LINT_MISSING, runCfnLint } from '../../scripts/cfnLint.ts';
import { packageStack } from '../support/deploy/packagedStack.ts';

describe('cfn-lint', function () {
  this.timeout(180_000);

  it('finds nothing in the packaged stack template', () => {
    const result = runCfnLint([packageStack().templatePath]);
    expect(result.output).to.equal('');
    expect(result.ok).to.equal(true);
  });

  it('says how to install cfn-lint when it is missing', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const result = runCfnLint(['template.json']);
      expect(result.ok).to.equal(false);
      expect(result.output).to.equal(CFN_LINT_MISSING);
    } finally {
      process.env.PATH = path;
    }
  });
});
