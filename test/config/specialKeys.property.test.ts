import { expect } from 'chai';
import fc from 'fast-check';
import { toClusterFacts } from '../../src/aws/translate.ts';
import { clusterFromItem } from '../../src/config/clusterFromItem.ts';
import { parseConfigEvent } from '../../src/config/configEvent.ts';
import { evaluateCluster } from '../../src/core/evaluateCluster.ts';
import { parseRuleOptions } from '../../src/core/ruleOptions.ts';
import { known, type RuleOptions } from '../../src/core/types.ts';
import { changeEvent } from '../support/configEvents.ts';
import { EVALUATED_AT } from '../support/coreFixtures.ts';
import { cluster, subnetGroup } from '../support/fakeAws/builders.ts';

/** Keys JavaScript treats as special on plain objects; each is a legal AWS tag key. */
const SPECIAL = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const tagKey = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ minLength: 1, maxLength: 128 }).filter((k) => !/^aws:/i.test(k) && k.trim() === k && k.trim() !== ''),
);
const reason = fc.string({ maxLength: 100 });

/** Tags as an object whose every key is an own property, even "__proto__" (as JSON.parse builds them). */
const tagObject = (entries: readonly (readonly [string, string])[]): Record<string, string> => {
  const tags: Record<string, string> = Object.create(null);
  for (const [k, v] of entries) tags[k] = v;
  return tags;
};

const options = (exemptionTagKey: string): RuleOptions => ({
  prerequisiteMode: 'off',
  requireInternetPath: false,
  exemptionTagKey,
});

describe('keys that JavaScript treats as special (property)', () => {
  afterEach(() => {
    // Nothing may have polluted Object.prototype.
    expect(Object.keys(Object.prototype)).to.deep.equal([]);
  });

  it('exempts a cluster tagged with the exemption key from DescribeClusters, whatever the key', () => {
    fc.assert(
      fc.property(tagKey, reason, (key, why) => {
        const facts = toClusterFacts(
          cluster({ id: 'etl-prod', tags: tagObject([[key, why]]) }),
          known(subnetGroup('g-0', 'vpc-0', ['subnet-a'])),
        );
        const evaluation = evaluateCluster(facts, undefined, options(key), EVALUATED_AT);
        expect(evaluation.complianceType).to.equal('NOT_APPLICABLE');
        expect(evaluation.exemption).to.deep.equal({ tagKey: key, reason: why });
      }),
      { numRuns: 300 },
    );
  });

  it('does not exempt an untagged cluster, even when the exemption key names an Object.prototype member', () => {
    for (const key of SPECIAL) {
      const facts = toClusterFacts(cluster({ id: 'etl-prod' }), known(subnetGroup('g-0', 'vpc-0', ['subnet-a'])));
      const evaluation = evaluateCluster(facts, undefined, options(key), EVALUATED_AT);
      expect(evaluation.complianceType, key).to.equal('NON_COMPLIANT');
      expect(evaluation.exemption, key).to.equal(null);
    }
  });

  it('exempts a cluster tagged with the exemption key in a Config change notification, whatever the key', () => {
    fc.assert(
      fc.property(tagKey, reason, (key, why) => {
        const event = parseConfigEvent(changeEvent({ tags: tagObject([[key, why]]) }));
        if (event.invokingEvent.messageType !== 'ConfigurationItemChangeNotification') throw new Error('fixture');
        const item = event.invokingEvent.configurationItem;
        const facts = toClusterFacts(clusterFromItem(item), known(subnetGroup('g-0', 'vpc-0', ['subnet-a'])));
        expect(evaluateCluster(facts, undefined, options(key), EVALUATED_AT).exemption).to.deep.equal({
          tagKey: key,
          reason: why,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses special keys among the rule parameters as unknown parameters, naming them', () => {
    for (const key of SPECIAL) {
      const parameters = JSON.parse(`{${JSON.stringify(key)}: "x"}`) as Record<string, unknown>;
      expect(() => parseRuleOptions(parameters), key).to.throw(`Unknown rule parameter(s) "${key}"`);
    }
  });
});
