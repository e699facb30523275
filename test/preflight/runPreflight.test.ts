import { expect } from 'chai';
import type { ClusterEvaluation } from '../../src/core/types.ts';
import { decidePreflight, parsePreflightInput } from '../../src/preflight/runPreflight.ts';

const evaluation = (over: Partial<ClusterEvaluation> = {}): ClusterEvaluation => ({
  kind: 'cluster',
  clusterIdentifier: 'etl-prod',
  clusterArn: 'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
  accountId: '111122223333',
  complianceType: 'NON_COMPLIANT',
  annotation:
    'Enhanced VPC routing is off. Ready to remediate: S3 reachable via S3 gateway endpoint from both subnets, VPC DNS on.',
  enhancedVpcRouting: false,
  publiclyAccessible: false,
  clusterStatus: 'available',
  vpcId: 'vpc-1',
  prerequisitesMet: true,
  missing: [],
  subnets: [
    { subnetId: 'subnet-a', routeTableId: 'rtb-1', s3Path: 'GATEWAY_ENDPOINT' },
    { subnetId: 'subnet-b', routeTableId: 'rtb-1', s3Path: 'GATEWAY_ENDPOINT' },
  ],
  problems: [],
  exemption: null,
  ...over,
});
const HATCH = /SkipPreflight=true/;

describe('parsePreflightInput', () => {
  it('reads SkipPreflight and RequireInternetPath as SSM sends Booleans (true, "true", "True")', () => {
    for (const value of [true, 'true', 'True']) {
      const input = parsePreflightInput({
        ClusterIdentifier: 'etl-prod',
        SkipPreflight: value,
        RequireInternetPath: value,
      });
      expect(input).to.include({ skipNetworkCheck: true, requireInternetPath: true });
    }
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod' })).to.include({
      skipNetworkCheck: false,
      requireInternetPath: false,
      exemptionTagKey: undefined,
    });
  });

  it('takes an empty ExemptionTagKey as none, and rejects what the rule rejects', () => {
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExemptionTagKey: '' }).exemptionTagKey).to.equal(
      undefined,
    );
    expect(
      parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExemptionTagKey: 'evr-exempt' }).exemptionTagKey,
    ).to.equal('evr-exempt');
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExemptionTagKey: 'aws:x' })).to.throw(
      /ExemptionTagKey/,
    );
  });

  it('names the field and the value when a Boolean is not one', () => {
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', SkipPreflight: 'yes' })).to.throw(
      'Preflight input "SkipPreflight" must be true or false, got "yes".',
    );
  });
});

describe('decidePreflight', () => {
  it('is ready only when every prerequisite is verified', () => {
    expect(decidePreflight(evaluation(), false)).to.deep.include({ decision: 'ready', advice: '', warning: '' });
    expect(decidePreflight(evaluation(), false).explanation).to.match(/^Preflight passed\. /);
  });

  it('is ready without a network check when skipped, and says nobody verified it', () => {
    const decided = decidePreflight(evaluation({ prerequisitesMet: null, subnets: [] }), true);
    expect(decided.decision).to.equal('ready');
    expect(decided.explanation).to.match(/^Network prerequisites not checked: SkipPreflight=true\./);
  });

  it('is exempt before anything else, even with enhanced VPC routing on or skipped', () => {
    const exempt = evaluation({
      complianceType: 'NOT_APPLICABLE',
      enhancedVpcRouting: true,
      exemption: { tagKey: 'evr-exempt', reason: 'legacy' },
    });
    for (const skipped of [false, true]) {
      expect(decidePreflight(exempt, skipped)).to.deep.include({ decision: 'exempt', explanation: 'exempt: legacy' });
    }
  });

  it('warns when enhanced VPC routing is already on but a prerequisite is missing, not when it is met', () => {
    const missing = evaluation({
      complianceType: 'COMPLIANT',
      enhancedVpcRouting: true,
      prerequisitesMet: false,
      missing: ['S3_ROUTE_MISSING'],
      annotation: 'Enhanced VPC routing is on. Warning, COPY/UNLOAD may fail: No S3 route from subnet-a (rtb-1); …',
    });
    expect(decidePreflight(missing, false)).to.deep.include({
      decision: 'already-enabled',
      warning: missing.annotation,
    });
    expect(decidePreflight(evaluation({ enhancedVpcRouting: true }), false).warning).to.equal('');
  });

  it('stops a cluster Redshift will not modify, skipped or not', () => {
    for (const skipped of [false, true]) {
      expect(decidePreflight(evaluation({ clusterStatus: 'paused' }), skipped)).to.deep.include({
        decision: 'not-modifiable',
        explanation: 'Cluster is paused: resume it (ResumeCluster), then remediate once it is available.',
      });
    }
  });

  it('blocks a cluster outside a VPC even when skipped', () => {
    const classic = evaluation({ complianceType: 'NOT_APPLICABLE', annotation: 'Cluster is not in a VPC; …' });
    expect(decidePreflight(classic, true).decision).to.equal('blocked');
  });

  const blocked: [string, Partial<ClusterEvaluation>, boolean][] = [
    ['a missing S3 route', { prerequisitesMet: false, missing: ['S3_ROUTE_MISSING'] }, false],
    ['DNS off', { prerequisitesMet: false, missing: ['DNS_SUPPORT_DISABLED'] }, false],
    ['no internet path', { prerequisitesMet: false, missing: ['INTERNET_PATH_MISSING'] }, false],
    ['a denied describe call', { prerequisitesMet: null, missing: ['NETWORK_UNVERIFIED'] }, false],
    [
      'an unverifiable S3 path (NAT instance)',
      {
        prerequisitesMet: null,
        subnets: [
          { subnetId: 'subnet-a', routeTableId: 'rtb-1', s3Path: 'OTHER' },
          { subnetId: 'subnet-b', routeTableId: 'rtb-2', s3Path: 'GATEWAY_ENDPOINT' },
        ],
      },
      true,
    ],
    [
      'an unverifiable path beside a subnet with none',
      {
        prerequisitesMet: false,
        missing: ['S3_ROUTE_MISSING'],
        subnets: [
          { subnetId: 'subnet-a', routeTableId: 'rtb-1', s3Path: 'OTHER' },
          { subnetId: 'subnet-b', routeTableId: 'rtb-2', s3Path: 'NONE' },
        ],
      },
      false,
    ],
  ];
  for (const [what, over, hatch] of blocked) {
    it(`blocks ${what}, ${hatch ? 'offering' : 'not offering'} SkipPreflight`, () => {
      const decided = decidePreflight(evaluation(over), false);
      expect(decided.decision).to.equal('blocked');
      expect(decided.advice).to.match(/^Fix this, then run the remediation again\./);
      if (hatch) expect(decided.advice).to.match(HATCH);
      else expect(decided.advice).not.to.match(HATCH);
    });
  }
});
