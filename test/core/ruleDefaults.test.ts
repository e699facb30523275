import { expect } from 'chai';
import { ruleOptionsFromFlags } from '../../src/cli/args.ts';
import { DEFAULT_RULE_OPTIONS, parseRuleOptions } from '../../src/core/ruleOptions.ts';

/** The documented defaults: report mode, no internet path required; the rule and every command take them alike. */
const DOCUMENTED = { prerequisiteMode: 'report', requireInternetPath: false } as const;

describe('the rule options by default', () => {
  it('are report mode without an internet path', () => {
    expect(DEFAULT_RULE_OPTIONS).to.deep.equal(DOCUMENTED);
  });

  it('are what the rule takes when its InputParameters are empty or blank (as Config passes unset ones)', () => {
    expect(parseRuleOptions({})).to.deep.equal({ ...DOCUMENTED, resourceKind: 'cluster' });
    expect(parseRuleOptions({ PrerequisiteMode: '', RequireInternetPath: ' ' })).to.deep.equal({
      ...DOCUMENTED,
      resourceKind: 'cluster',
    });
  });

  it('are what scan, remediate and org:render take when no rule-option flag is given', () => {
    expect(ruleOptionsFromFlags({})).to.deep.equal(DOCUMENTED);
  });

  it('give way to each flag', () => {
    expect(
      ruleOptionsFromFlags({
        'prerequisite-mode': 'enforce',
        'require-internet-path': true,
        'exemption-tag-key': 'evr-exempt',
        's3-bucket': ['etl-staging,logs-archive', 'etl-staging'],
      }),
    ).to.deep.equal({
      prerequisiteMode: 'enforce',
      requireInternetPath: true,
      exemptionTagKey: 'evr-exempt',
      s3Buckets: ['etl-staging', 'logs-archive'],
    });
  });
});
