import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { BatchUpdateFindingsCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { scheduledEvent } from '../support/configEvents.ts';
import { useConfigService } from '../support/configService.ts';
import { cluster, REGION } from '../support/fakeAws/builders.ts';
import { hubFinding } from '../support/fakeAws/hubFinding.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { testRuntime } from '../support/ruleRuntime.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const arnOf = (id: string) => `arn:aws:redshift:${REGION}:111122223333:cluster:${id}`;

/** c-0 ready to remediate, c-1 paused (blocked), c-2 exempt by tag. */
const account = () => {
  const base = syntheticAccount(3, 1);
  return {
    ...base,
    clusters: [
      base.clusters[0],
      cluster({ id: 'c-1', subnetGroup: 'g-0', vpcId: 'vpc-0', status: 'paused' }),
      cluster({ id: 'c-2', subnetGroup: 'g-0', vpcId: 'vpc-0', tags: { 'evr-exempt': 'CHG-9' } }),
    ],
  } as typeof base;
};

const finding = (id: string) => hubFinding(`finding-${id}`, arnOf(id));

const event = (sync: string | undefined) =>
  scheduledEvent({
    ruleParameters: { ExemptionTagKey: 'evr-exempt', ...(sync === undefined ? {} : { SecurityHubSync: sync }) },
  });

describe('runConfigRule with SecurityHubSync', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const hub = useClientMock(SecurityHubClient);
  const { config, sent } = useConfigService();

  /** A runtime whose clients include Security Hub, recording the order of the calls that matter. */
  const runtime = (order: string[] = [], remaining: () => number = () => 600_000) => {
    const base = testRuntime({ remainingTimeMs: remaining });
    return {
      ...base,
      clientsFor: async (e: Parameters<typeof base.clientsFor>[0], signal: AbortSignal) => {
        const clients = await base.clientsFor(e, signal);
        return { ...clients, securityHub: async () => new SecurityHubClient({ region: REGION }) };
      },
      order,
    };
  };

  beforeEach(() => {
    installFakeAccount(redshift(), ec2(), account());
    hub()
      .on(GetFindingsCommand)
      .resolves({ Findings: ['c-0', 'c-1', 'c-2'].map(finding) });
    hub().on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  });

  it('after putting every evaluation, marks the blocked finding NOTIFIED and the exempt one SUPPRESSED', async () => {
    const order: string[] = [];
    config()
      .on(PutEvaluationsCommand)
      .callsFake(() => {
        order.push('PutEvaluations');
        return { FailedEvaluations: [] };
      });
    hub()
      .on(GetFindingsCommand)
      .callsFake(() => {
        order.push('GetFindings');
        return { Findings: ['c-0', 'c-1', 'c-2'].map(finding) };
      });
    const rt = runtime(order);
    const result = await runConfigRule(event('true'), rt);
    expect(sent().map((e) => [e.ComplianceResourceId, e.ComplianceType])).to.have.deep.members([
      ['c-0', 'NON_COMPLIANT'],
      ['c-1', 'NON_COMPLIANT'],
      ['c-2', 'NOT_APPLICABLE'],
    ]);
    expect(order[0]).to.equal('PutEvaluations');
    expect(order.lastIndexOf('PutEvaluations')).to.be.lessThan(order.indexOf('GetFindings'));
    const asked = hub()
      .commandCalls(GetFindingsCommand)[0]
      ?.args[0].input.Filters?.ResourceId?.map((f) => f.Value);
    expect(asked).to.have.members(['c-0', 'c-1', 'c-2'].map(arnOf));
    const updates = hub()
      .commandCalls(BatchUpdateFindingsCommand)
      .map((c) => [c.args[0].input.Workflow?.Status, c.args[0].input.FindingIdentifiers?.map((f) => f.Id)]);
    expect(updates).to.have.deep.members([
      ['NOTIFIED', ['finding-c-1']],
      ['SUPPRESSED', ['finding-c-2']],
    ]);
    expect(result.securityHub).to.deep.equal({ resources: 3, findings: 3, decided: 2, updated: 2, unprocessed: 0 });
    expect(rt.logs.find((l) => l.message === 'Security Hub findings synced')?.level).to.equal('info');
  });

  it('makes no Security Hub call unless the parameter is true', async () => {
    for (const sync of [undefined, 'false', '']) {
      const result = await runConfigRule(event(sync), runtime());
      expect(result).to.not.have.property('securityHub');
    }
    expect(hub().calls()).to.have.length(0);
    expect(sent()).to.have.length(9);
  });

  it('keeps the evaluations when Security Hub is not enabled, and logs why', async () => {
    hub().on(GetFindingsCommand).rejects(serviceError('InvalidAccessException', 'not subscribed'));
    const rt = runtime();
    const result = await runConfigRule(event('true'), rt);
    expect(sent()).to.have.length(3);
    expect(result.evaluations).to.equal(3);
    expect(result.securityHub?.problem).to.contain('Security Hub is not enabled');
    const warning = rt.logs.find((l) => l.message === 'Security Hub findings not all synced');
    expect(warning?.level).to.equal('warn');
    expect(hub().commandCalls(BatchUpdateFindingsCommand)).to.have.length(0);
  });

  it('keeps the evaluations when loading the client fails', async () => {
    const base = runtime();
    const rt = {
      ...base,
      clientsFor: async (e: Parameters<typeof base.clientsFor>[0], signal: AbortSignal) => ({
        ...(await base.clientsFor(e, signal)),
        securityHub: () => Promise.reject(new Error('no module')),
      }),
    };
    const result = await runConfigRule(event('true'), rt);
    expect(sent()).to.have.length(3);
    expect(result.securityHub?.problem).to.equal('no module');
    expect(base.logs.find((l) => l.message === 'Security Hub findings not synced')?.level).to.equal('warn');
  });

  it('starts no Security Hub call when the evaluations left no time', async () => {
    let putDone = false;
    config()
      .on(PutEvaluationsCommand)
      .callsFake(() => {
        putDone = true;
        return { FailedEvaluations: [] };
      });
    const result = await runConfigRule(
      event('true'),
      runtime([], () => (putDone ? 2_000 : 600_000)),
    );
    expect(sent()).to.have.length(3);
    expect(hub().calls()).to.have.length(0);
    expect(result.securityHub?.problem).to.contain('no time left');
  });
});
