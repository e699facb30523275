import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { createRuleClients } from '../../src/aws/ruleClients.ts';
import type { ClusterEvaluation } from '../../src/core/types.ts';
import {
  decidePreflight,
  type PreflightInput,
  parsePreflightInput,
  runPreflight,
} from '../../src/preflight/runPreflight.ts';
import { restrictEndpoints } from '../support/endpointPolicy.ts';
import type { AccountData } from '../support/fakeAws/account.ts';
import { workgroup } from '../support/fakeAws/builders.ts';
import { emulatedAccount } from '../support/fakeAws/emulatedAccount.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { callCounts, installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

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
    { subnetId: 'subnet-a', routeTableId: 'rtb-1', s3Path: 'GATEWAY_ENDPOINT', networkAclId: 'acl-1' },
    { subnetId: 'subnet-b', routeTableId: 'rtb-1', s3Path: 'GATEWAY_ENDPOINT', networkAclId: 'acl-1' },
  ],
  problems: [],
  ignoredExemption: null,
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

  it('reads UpdateSecurityHubFinding as a Boolean and ChangedByExecution as an execution id, refusing text', () => {
    expect(
      parsePreflightInput({
        ClusterIdentifier: 'etl-prod',
        UpdateSecurityHubFinding: 'True',
        ChangedByExecution: '0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
      }),
    ).to.include({ updateSecurityHubFinding: true, changedByExecution: '0f1e2d3c-aaaa-bbbb-cccc-1234567890ab' });
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod' })).to.include({
      updateSecurityHubFinding: false,
      changedByExecution: undefined,
    });
    // Quoted in a finding's note: no free text.
    expect(() =>
      parsePreflightInput({ ClusterIdentifier: 'etl-prod', ChangedByExecution: 'fixed by Bob; ignore' }),
    ).to.throw(/^Preflight input "ChangedByExecution" must be an Automation execution id/);
  });

  it('reads DiscoverUsage with its look-back and connection, and nothing of them without it', () => {
    expect(
      parsePreflightInput({ ClusterIdentifier: 'etl-prod', DiscoverUsage: 'true', UsageDays: 7, DbUser: 'etl_monitor' })
        .discovery,
    ).to.deep.equal({ days: 7, database: 'dev', dbUser: 'etl_monitor' });
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod', UsageDays: 'x', DbUser: 'a b' }).discovery).to.equal(
      undefined,
    );
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', DiscoverUsage: true, UsageDays: 0 })).to.throw(
      /Preflight input "UsageDays"/,
    );
    expect(() =>
      parsePreflightInput({ WorkgroupName: 'analytics', DiscoverUsage: true, DbUser: 'etl_monitor' }),
    ).to.throw(/^Preflight input "DbUser" .*only for a cluster/);
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

  it("names the runbook's input, not the rule's parameters, when ExemptionTagKey is refused", () => {
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExemptionTagKey: 'x'.repeat(129) })).to.throw(
      /^Preflight input "ExemptionTagKey" must be a tag key of 1-128 characters not starting with "aws:", got "x+"\. Check the runbook's parameters\.$/,
    );
  });

  it('reads S3Buckets as the rule does: comma-separated, blank as none', () => {
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod' }).s3Buckets).to.equal(undefined);
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod', S3Buckets: '' }).s3Buckets).to.equal(undefined);
    expect(
      parsePreflightInput({ ClusterIdentifier: 'etl-prod', S3Buckets: 'etl-staging,unload.archive' }).s3Buckets,
    ).to.deep.equal(['etl-staging', 'unload.archive']);
  });

  it("names the runbook's input, the value and the bad name when S3Buckets is refused", () => {
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', S3Buckets: 'etl-staging,Etl_Raw' })).to.throw(
      `Preflight input "S3Buckets" must be S3 bucket names separated by commas (each 3-63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit), got "etl-staging,Etl_Raw": "Etl_Raw" has an uppercase letter. Check the runbook's parameters.`,
    );
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', S3Buckets: ['etl-staging'] })).to.throw(
      /^Preflight input "S3Buckets" must be a string/,
    );
  });

  it('reads a cluster from ClusterIdentifier and a workgroup from WorkgroupName', () => {
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod' })).to.include({
      kind: 'cluster',
      clusterIdentifier: 'etl-prod',
    });
    const input = parsePreflightInput({ WorkgroupName: 'analytics-wg', SkipPreflight: 'True' });
    expect(input).to.include({ kind: 'workgroup', workgroupName: 'analytics-wg', skipNetworkCheck: true });
    expect(input).not.to.have.property('clusterIdentifier');
    // The runbook sends every field; an empty one is not given.
    expect(parsePreflightInput({ ClusterIdentifier: '', WorkgroupName: 'wg-0' })).to.include({ kind: 'workgroup' });
    expect(parsePreflightInput({ ClusterIdentifier: 'c-0', WorkgroupName: null })).to.include({ kind: 'cluster' });
  });

  it('refuses both ClusterIdentifier and WorkgroupName, or neither, naming both fields and the fix', () => {
    const message = (got: string) =>
      `Preflight input needs exactly one of "ClusterIdentifier" (a provisioned cluster) and "WorkgroupName" (a Redshift Serverless workgroup), got ${got}. Check the runbook's parameters.`;
    expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', WorkgroupName: 'etl-prod' })).to.throw(
      message('both'),
    );
    for (const payload of [{}, { ClusterIdentifier: '', WorkgroupName: '' }, { SkipPreflight: true }]) {
      expect(() => parsePreflightInput(payload), JSON.stringify(payload)).to.throw(message('neither'));
    }
    expect(() => parsePreflightInput('wg-0')).to.throw(
      'Preflight input must be an object with ClusterIdentifier or WorkgroupName, got "wg-0".',
    );
  });

  it('refuses a WorkgroupName that Redshift Serverless would not accept, naming the rule and the value', () => {
    for (const bad of ['ab', 'Analytics', 'etl_wg', 'etl wg', 'x'.repeat(65), 42, true]) {
      expect(() => parsePreflightInput({ WorkgroupName: bad }), String(bad)).to.throw(
        `Preflight input "WorkgroupName" must be a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens), got ${JSON.stringify(bad)}. Check the runbook's parameters.`,
      );
    }
    for (const good of ['abc', 'x'.repeat(64), '0-etl', 'etl-']) {
      expect(parsePreflightInput({ WorkgroupName: good })).to.include({ workgroupName: good });
    }
  });

  it('refuses an ExecutionRoleName the rule would refuse, and takes an empty one as none', () => {
    for (const bad of [
      'role/',
      'team/redshift-evr',
      'arn:aws:iam::111122223333:role/x',
      'two words',
      'x'.repeat(65),
      'a*b',
    ]) {
      expect(() => parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExecutionRoleName: bad }), bad).to.throw(
        `Preflight input "ExecutionRoleName" must be an IAM role name without a path (letters, digits and +=,.@_-, at most 64 characters), got "${bad}".`,
      );
    }
    for (const good of ['redshift-evr-execution', 'a+b=c,d.e@f_g-h']) {
      expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExecutionRoleName: good })).to.include({
        executionRoleName: good,
      });
    }
    expect(parsePreflightInput({ ClusterIdentifier: 'etl-prod', ExecutionRoleName: '' }).executionRoleName).to.equal(
      undefined,
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

  it('stops a workgroup being deleted, skipped or not, in the words for a workgroup', () => {
    for (const skipped of [false, true]) {
      expect(decidePreflight(evaluation({ kind: 'workgroup', clusterStatus: 'DELETING' }), skipped)).to.deep.include({
        decision: 'not-modifiable',
        explanation: 'Workgroup is DELETING: it is being deleted; nothing to remediate.',
      });
    }
  });

  it("judges a workgroup's status by the workgroup table, not the cluster one", () => {
    // Redshift Serverless says AVAILABLE/MODIFYING/CREATING: busy states are waited for, never a stop.
    for (const status of ['AVAILABLE', 'MODIFYING', 'CREATING']) {
      expect(
        decidePreflight(evaluation({ kind: 'workgroup', clusterStatus: status }), false).decision,
        status,
      ).to.equal('ready');
    }
    // A cluster status means nothing for a workgroup, and the other way round.
    expect(decidePreflight(evaluation({ kind: 'cluster', clusterStatus: 'DELETING' }), false).decision).to.equal(
      'ready',
    );
    expect(decidePreflight(evaluation({ kind: 'cluster', clusterStatus: 'deleting' }), false).decision).to.equal(
      'not-modifiable',
    );
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
          { subnetId: 'subnet-a', routeTableId: 'rtb-1', s3Path: 'OTHER', networkAclId: 'acl-1' },
          { subnetId: 'subnet-b', routeTableId: 'rtb-2', s3Path: 'GATEWAY_ENDPOINT', networkAclId: 'acl-1' },
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
          { subnetId: 'subnet-a', routeTableId: 'rtb-1', s3Path: 'OTHER', networkAclId: 'acl-1' },
          { subnetId: 'subnet-b', routeTableId: 'rtb-2', s3Path: 'NONE', networkAclId: 'acl-1' },
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

describe('runPreflight on a workgroup', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const region = 'us-east-1';

  /** vpc-0 (subnet-0a, subnet-0b) reaches S3 through a gateway endpoint, DNS on; the workgroup lives there. */
  const account = (spec: Partial<Parameters<typeof workgroup>[0]> = {}, tags: Record<string, string> = {}) => {
    const data: AccountData = syntheticAccount(1, 1);
    const wg = workgroup({ name: 'wg-0', subnetIds: ['subnet-0a', 'subnet-0b'], ...spec });
    data.workgroups = [wg];
    data.workgroupTags = {
      [wg.workgroupArn as string]: Object.entries(tags).map(([key, value]) => ({ key, value })),
    };
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
    return data;
  };
  const input = (over: Partial<PreflightInput> = {}): PreflightInput =>
    ({
      kind: 'workgroup',
      workgroupName: 'wg-0',
      accountId: '111122223333',
      executionRoleName: undefined,
      requireInternetPath: false,
      skipNetworkCheck: false,
      exemptionTagKey: undefined,
      s3Buckets: undefined,
      changeWindow: { kind: 'now' },
      maintenanceWindow: undefined,
      ...over,
    }) as PreflightInput;
  const preflight = (over: Partial<PreflightInput> = {}, deployedExemptionTagKey?: string, now?: string) =>
    runPreflight(input(over), {
      region,
      clients: createRuleClients({ region }),
      deployedExemptionTagKey,
      ...(now === undefined ? {} : { now: () => new Date(now) }),
    });

  it('reads the workgroup by name (GetWorkgroup), never a cluster, and decides ready', async () => {
    account();
    const result = await preflight();
    expect(result).to.deep.include({
      kind: 'workgroup',
      workgroupName: 'wg-0',
      ready: true,
      decision: 'ready',
      prerequisitesMet: true,
      accountId: '111122223333',
      region,
    });
    expect(result).not.to.have.property('clusterIdentifier');
    expect(result.explanation).to.match(/^Preflight passed\. Enhanced VPC routing is off\. Ready to remediate/);
    expect(result.subnets.map((s) => s.subnetId)).to.deep.equal(['subnet-0a', 'subnet-0b']);
    const counts = callCounts(redshift(), serverless());
    expect(counts).to.include({ GetWorkgroup: 1 });
    expect(counts).not.to.have.property('ListWorkgroups');
    expect(counts).not.to.have.property('DescribeClusters');
  });

  it('is not-found, in the words for a workgroup, when there is no such workgroup', async () => {
    account();
    const result = await preflight({ workgroupName: 'ghost' } as Partial<PreflightInput>);
    expect(result).to.deep.include({ kind: 'workgroup', workgroupName: 'ghost', decision: 'not-found', ready: false });
    expect(result.explanation).to.equal(
      "Workgroup ghost was not found in account 111122223333, Region us-east-1. Check WorkgroupName, and run the remediation in the workgroup's account and Region.",
    );
  });

  it('does not take a cluster of the same name for the workgroup', async () => {
    const data = account();
    data.workgroups = [];
    // syntheticAccount's cluster is c-0: ask for a workgroup of that name.
    const result = await preflight({ workgroupName: 'c-0' } as Partial<PreflightInput>);
    expect(result.decision).to.equal('not-found');
    expect(redshift().calls()).to.have.length(0);
  });

  it('is not-modifiable while the workgroup is being deleted', async () => {
    account({ status: 'DELETING' });
    expect(await preflight()).to.deep.include({
      decision: 'not-modifiable',
      explanation: 'Workgroup is DELETING: it is being deleted; nothing to remediate.',
    });
  });

  it('is blocked, with the fix, when a subnet of the workgroup has no S3 route', async () => {
    const data = account();
    data.routeTables = data.routeTables.filter((t) => t.RouteTableId !== 'rtb-0p');
    const result = await preflight();
    expect(result).to.deep.include({ decision: 'blocked', ready: false, missing: ['S3_ROUTE_MISSING'] });
    expect(result.explanation).to.contain('No S3 route from subnet-0a, subnet-0b (route table rtb-0m)');
  });

  it('is exempt when tagged with the exemption key, before the state and the network', async () => {
    account({ status: 'DELETING' }, { 'evr-exempt': 'vendor appliance' });
    expect(await preflight({ exemptionTagKey: 'evr-exempt' })).to.deep.include({
      decision: 'exempt',
      explanation: 'exempt: vendor appliance',
    });
  });

  describe("with the stack's ExemptionTagKey", () => {
    it('applies it when the input names no key', async () => {
      account({}, { 'evr-exempt': 'vendor appliance' });
      expect(await preflight({}, 'evr-exempt')).to.deep.include({
        decision: 'exempt',
        exemption: { tagKey: 'evr-exempt', reason: 'vendor appliance' },
        exemptionTagKeys: ['evr-exempt'],
      });
    });

    it("applies it and the input's other key, each on its own", async () => {
      account({}, { 'evr-exempt': 'vendor appliance' });
      expect(await preflight({ exemptionTagKey: 'owner-opt-out' }, 'evr-exempt')).to.deep.include({
        decision: 'exempt',
        exemptionTagKeys: ['evr-exempt', 'owner-opt-out'],
      });
      account({}, { 'owner-opt-out': 'quarterly close' });
      expect(await preflight({ exemptionTagKey: 'owner-opt-out' }, 'evr-exempt')).to.deep.include({
        decision: 'exempt',
        exemption: { tagKey: 'owner-opt-out', reason: 'quarterly close' },
      });
    });

    it('reads the tags once whatever the number of keys, and decides as before without either tag', async () => {
      account({}, { team: 'analytics' });
      const result = await preflight({ exemptionTagKey: 'owner-opt-out' }, 'evr-exempt');
      expect(result).to.deep.include({ decision: 'ready', exemption: null });
      expect(callCounts(redshift(), serverless())).to.include({ GetWorkgroup: 1, ListTagsForResource: 1 });
    });
  });

  describe('with an exemption that has an end date (judged at the clock)', () => {
    const LAST_DAY = '2027-03-31T23:59:59.999Z';
    const AFTER = '2027-04-01T00:00:00.000Z';
    const until = { 'evr-exempt': 'SEC-1432 until 2027-03-31' };

    it('is exempt through the last day (UTC)', async () => {
      account({}, until);
      expect(await preflight({}, 'evr-exempt', LAST_DAY)).to.deep.include({
        decision: 'exempt',
        exemption: { tagKey: 'evr-exempt', reason: 'SEC-1432 until 2027-03-31', until: '2027-03-31' },
        ignoredExemption: null,
      });
    });

    it('does not stop the remediation once expired, and says so', async () => {
      account({}, until);
      const result = await preflight({}, 'evr-exempt', AFTER);
      expect(result).to.deep.include({
        decision: 'ready',
        ready: true,
        exemption: null,
        ignoredExemption: {
          tagKey: 'evr-exempt',
          reason: 'SEC-1432 until 2027-03-31',
          until: '2027-03-31',
          why: 'expired',
        },
      });
      expect(result.explanation).to.match(
        /^Preflight passed\. Exemption evr-exempt expired on 2027-03-31\. Enhanced VPC routing is off\. Ready to remediate/,
      );
    });

    it("does not stop it with an invalid date either, under the input's own key too", async () => {
      account({}, { 'owner-opt-out': 'until 2027-02-30' });
      const result = await preflight({ exemptionTagKey: 'owner-opt-out' }, 'evr-exempt', LAST_DAY);
      expect(result).to.deep.include({ decision: 'ready', exemption: null });
      expect(result.ignoredExemption).to.include({ tagKey: 'owner-opt-out', why: 'invalid-date' });
      expect(result.explanation).to.contain('Exemption owner-opt-out not applied: "until 2027-02-30" is not a date');
    });

    it('is exempt by another key that still holds when the first one expired', async () => {
      account({}, { ...until, 'owner-opt-out': 'quarterly close until 2027-04-01' });
      expect(await preflight({ exemptionTagKey: 'owner-opt-out' }, 'evr-exempt', AFTER)).to.deep.include({
        decision: 'exempt',
        exemption: { tagKey: 'owner-opt-out', reason: 'quarterly close until 2027-04-01', until: '2027-04-01' },
      });
    });
  });

  it('is already-enabled when the flag is on', async () => {
    account({ evr: true });
    expect(await preflight()).to.deep.include({ decision: 'already-enabled', warning: '' });
  });

  it('with SkipPreflight makes no EC2 call, and still checks the exemption and the state', async () => {
    account({}, { 'evr-exempt': 'legacy' });
    expect(await preflight({ skipNetworkCheck: true, exemptionTagKey: 'evr-exempt' })).to.deep.include({
      decision: 'exempt',
      skipped: true,
    });
    expect(await preflight({ skipNetworkCheck: true })).to.deep.include({ decision: 'ready', skipped: true });
    expect(ec2().calls()).to.have.length(0);
  });

  describe('with a restrictive S3 endpoint policy', () => {
    it('is blocked without S3Buckets, saying to list the buckets', async () => {
      restrictEndpoints(account(), ['etl-staging']);
      const result = await preflight();
      expect(result).to.deep.include({ decision: 'blocked', ready: false });
      expect(result.explanation).to.contain(
        'the endpoint policy of vpce-0 restricts S3: list the buckets COPY/UNLOAD use in S3Buckets, or confirm',
      );
    });

    it('is ready when the policy lets every bucket of S3Buckets through', async () => {
      restrictEndpoints(account(), ['etl-staging', 'unload-archive']);
      expect(await preflight({ s3Buckets: ['etl-staging', 'unload-archive'] })).to.deep.include({
        decision: 'ready',
        ready: true,
      });
    });

    it('is blocked when the policy refuses a bucket of S3Buckets', async () => {
      restrictEndpoints(account(), ['etl-staging']);
      const result = await preflight({ s3Buckets: ['etl-staging', 'unload-archive'] });
      expect(result).to.deep.include({ decision: 'blocked', ready: false });
      expect(result.explanation).to.contain('unload-archive');
    });
  });

  it('with SkipPreflight still stops a workgroup being deleted', async () => {
    account({ status: 'DELETING' });
    expect(await preflight({ skipNetworkCheck: true })).to.deep.include({ decision: 'not-modifiable' });
    expect(ec2().calls()).to.have.length(0);
  });
});

/**
 * The preflight's deadline through the SDK's real HTTP stack on 127.0.0.1: a call that never answers is
 * abandoned in time, the answer is blocked (unverified), and the request is cancelled once it is given.
 */
describe('runPreflight deadline over HTTP (a hung call)', function () {
  this.timeout(20_000);
  const startStub = useHttpStub();
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
  });
  const HANG = new Promise<never>(() => {});
  const input = parsePreflightInput({ ClusterIdentifier: 'emu-1', AccountId: '111122223333' });

  for (const hung of ['DescribeClusters', 'DescribeVpcAttribute']) {
    it(`answers blocked within its time when ${hung} never answers, and cancels the request`, async () => {
      const account = emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' });
      const stub = await startStub((request) => (request.operation === hung ? HANG : account(request)));
      process.env.AWS_ENDPOINT_URL = stub.url;
      const started = Date.now();
      const result = await runPreflight(input, {
        region: 'us-east-1',
        clients: createRuleClients({ region: 'us-east-1' }),
        msLeft: () => 1_000 - (Date.now() - started),
      });
      const elapsed = Date.now() - started;
      expect(elapsed).to.be.below(2_000);
      expect(result).to.deep.include({ clusterIdentifier: 'emu-1', decision: 'blocked', ready: false });
      expect(result.explanation).to.match(
        new RegExp(
          `^Not verified in time: the preflight stopped before its deadline because [a-z0-9]+:${hung} did not answer within \\d+ ms`,
        ),
      );
      // Nothing lingers into the next invocation of a warm container.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stub.aborted()).to.be.greaterThan(0);
    });
  }

  it('decides as usual when every call answers in time', async () => {
    const stub = await startStub(emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' }));
    process.env.AWS_ENDPOINT_URL = stub.url;
    const started = Date.now();
    const result = await runPreflight(input, {
      region: 'us-east-1',
      clients: createRuleClients({ region: 'us-east-1' }),
      msLeft: () => 10_000 - (Date.now() - started),
    });
    expect(result).to.deep.include({ decision: 'ready', ready: true });
  });
});
