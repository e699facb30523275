import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { IAM_ACTIONS_PATH, renderIamActions } from '../../scripts/buildIamActions.ts';
import { NETWORK_READ_ACTIONS } from '../../src/deploy/permissions.ts';

describe('deploy/iam-actions.json (npm run iam-actions)', () => {
  it('is what src/deploy/permissions.ts generates now', () => {
    expect(readFileSync(IAM_ACTIONS_PATH, 'utf8'), `${IAM_ACTIONS_PATH} is stale: run npm run iam-actions`).to.equal(
      renderIamActions(),
    );
  });

  it('holds every read action of the engine once, in the lists serverless.yml grants', () => {
    const lists = JSON.parse(renderIamActions()) as Record<string, unknown>;
    const granted = ['describeNetwork', 'describeRedshift', 'readS3PrefixList', 'readWorkgroups'].flatMap(
      (key) => lists[key] as string[],
    );
    expect([...granted].sort()).to.deep.equal([...NETWORK_READ_ACTIONS].sort());
    const yaml = readFileSync('serverless.yml', 'utf8');
    for (const key of ['describeNetwork', 'describeRedshift', 'readS3PrefixList', 'readWorkgroups']) {
      // Both functions' roles: the rule's and the preflight's.
      expect(yaml.split(`\${file(./${IAM_ACTIONS_PATH}):${key}}`).length - 1, key).to.equal(2);
    }
  });
});
