import {
  type ComplianceType,
  ConfigServiceClient,
  type Evaluation,
  GetComplianceDetailsByConfigRuleCommand,
  type GetComplianceDetailsByConfigRuleCommandInput,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import sinon from 'sinon';
import { listEarlierResults } from '../../src/config/listEarlierResults.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { AwsCallError, DeadlineError } from '../../src/errors.ts';
import { RULE_NAME, scheduledEvent } from '../support/configEvents.ts';
import { evaluationResult, useConfigService } from '../support/configService.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { testRuntime } from '../support/ruleRuntime.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const CLUSTER = 'AWS::Redshift::Cluster';
const ALL_TYPES: ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];
const LIVE = ['c-0', 'c-1', 'c-2'];
/** A page request Config never answers (no timer: nothing keeps the process alive). */
const HANG = new Promise<never>(() => {});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An AWS Config that keeps the rule's results, lists them back in its own (stable) order, filtered by
 * `ComplianceTypes`, and records what it is sent. Listing a page takes `pageMs` and a PutEvaluations call
 * `putMs` of the fake clock, so the run's time (its `remainingTimeMs`) and its timers see the same time.
 */
const statefulConfig = (
  config: () => AwsClientStub<ConfigServiceClient>,
  options: { pageMs: number; putMs: number; hangOnRequest?: number },
) => {
  const results = new Map<string, ComplianceType>();
  const requests: GetComplianceDetailsByConfigRuleCommandInput[] = [];
  const served: ComplianceType[] = [];
  const puts: Evaluation[][] = [];
  config()
    .on(GetComplianceDetailsByConfigRuleCommand)
    .callsFake(async (input: GetComplianceDetailsByConfigRuleCommandInput) => {
      requests.push(input);
      if (requests.length === options.hangOnRequest) return HANG;
      await sleep(options.pageMs);
      const types = new Set(input.ComplianceTypes ?? ALL_TYPES);
      const matching = [...results].filter(([, type]) => types.has(type));
      const start = Number(input.NextToken ?? '0');
      const size = Math.min(input.Limit || 10, 100);
      const page = matching.slice(start, start + size);
      served.push(...page.map(([, type]) => type));
      return {
        EvaluationResults: page.map(([id, type]) => ({ ...evaluationResult(id), ComplianceType: type })),
        ...(start + size < matching.length ? { NextToken: String(start + size) } : {}),
      };
    });
  config()
    .on(PutEvaluationsCommand)
    .callsFake(async (input: { Evaluations?: Evaluation[] }) => {
      const evaluations = input.Evaluations ?? [];
      puts.push(evaluations);
      await sleep(options.putMs);
      for (const e of evaluations) results.set(e.ComplianceResourceId ?? '', e.ComplianceType ?? 'NOT_APPLICABLE');
      return { FailedEvaluations: [] };
    });
  return { results, requests, served, puts };
};

/**
 * Results of `stale` clusters that no longer exist, with those of the live clusters (c-0…c-2) among them in
 * Config's order, and `cleaned` results of deleted clusters already NOT_APPLICABLE first.
 */
const seed = (results: Map<string, ComplianceType>, stale: number, cleaned = 0) => {
  for (let i = 0; i < cleaned; i += 1) results.set(`done-${i}`, 'NOT_APPLICABLE');
  const every = Math.ceil(stale / (LIVE.length + 1));
  for (let i = 0; i < stale; i += 1) {
    if (i > 0 && i % every === 0) results.set(LIVE[i / every - 1] ?? '', 'NON_COMPLIANT');
    results.set(`gone-${i}`, i % 2 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT');
  }
  for (const id of LIVE) if (!results.has(id)) results.set(id, 'NON_COMPLIANT');
};

const staleLeft = (results: Map<string, ComplianceType>) =>
  [...results].filter(([id, type]) => id.startsWith('gone-') && type !== 'NOT_APPLICABLE').length;

describe('periodic clean-up of results of deleted clusters', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const { config } = useConfigService();
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    installFakeAccount(redshift(), ec2(), syntheticAccount(LIVE.length, 1));
  });
  afterEach(() => clock.restore());

  /** Run the work to its end, moving the fake clock from timer to timer while it waits for one. */
  const settle = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    const watched = work.finally(() => {
      done = true;
    });
    watched.catch(() => undefined);
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) return watched;
      if (clock.countTimers() === 0) throw new Error('the run waits for something no timer will bring');
      await clock.nextAsync();
    }
  };

  /** One periodic invocation with `budgetMs` before the Lambda timeout. */
  const runOnce = async (budgetMs: number, store: ReturnType<typeof statefulConfig>) => {
    const startedAt = Date.now();
    const requestsBefore = store.requests.length;
    const putsBefore = store.puts.length;
    const staleBefore = staleLeft(store.results);
    const runtime = testRuntime({ remainingTimeMs: () => budgetMs - (Date.now() - startedAt) });
    const result = await settle(runConfigRule(scheduledEvent(), runtime));
    const puts = store.puts.slice(putsBefore);
    return {
      result,
      logs: runtime.logs,
      elapsedMs: Date.now() - startedAt,
      pagesRequested: store.requests.length - requestsBefore,
      cleaned: staleBefore - staleLeft(store.results),
      puts,
      liveSent: puts.flat().filter((e) => LIVE.includes(e.ComplianceResourceId ?? '')),
    };
  };

  it('finishes a clean-up larger than one run can list over consecutive runs (20,000 results, 200 ms a page)', async () => {
    const store = statefulConfig(config, { pageMs: 200, putMs: 100 });
    seed(store.results, 20_000);
    // 60 s: 54 s for work (3 s margin, 3 s for the last call), half of it for the listing, less 250 ms: 133 pages
    // of the 201 there are (the 134th would not be answered in time). c-0 and c-1 are among them.
    const runs = [];
    while (staleLeft(store.results) > 0 && runs.length < 5) runs.push(await runOnce(60_000, store));
    expect(staleLeft(store.results)).to.equal(0);
    expect(runs.map((r) => r.cleaned)).to.deep.equal([13_298, 6_702]);
    // The first listing stopped within its half of the time; the second one, shorter, was complete.
    expect(runs[0]?.pagesRequested).to.equal(133);
    expect(runs[1]?.pagesRequested).to.equal(68);
    for (const run of runs) {
      expect(run.elapsedMs).to.be.below(60_000);
      expect(run.result).to.deep.include({ evaluations: LIVE.length + run.cleaned, notEvaluated: 0 });
      // Every existing cluster is evaluated in every run, in its first PutEvaluations call.
      expect(run.liveSent.map((e) => e.ComplianceResourceId).sort()).to.deep.equal(LIVE);
      expect(run.puts[0]?.filter((e) => LIVE.includes(e.ComplianceResourceId ?? ''))).to.have.length(LIVE.length);
      expect(Math.max(...run.puts.map((p) => p.length))).to.be.at.most(100);
    }
    expect(LIVE.map((id) => store.results.get(id))).to.deep.equal(['NON_COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT']);
    expect(
      runs[0]?.logs.find((l) => l.message === 'clean-up continues in the next periodic run')?.attributes,
    ).to.include({ listedPages: 133, listedResults: 13_300, resultsOfDeleted: 13_298, cleanedUp: 13_298 });
    expect(runs[1]?.logs.map((l) => l.message)).to.not.include('clean-up continues in the next periodic run');
  });

  it('cleans up the results of the pages read before the listing was cut short', async () => {
    // Two pages answer; the third never does.
    const store = statefulConfig(config, { pageMs: 200, putMs: 100, hangOnRequest: 3 });
    seed(store.results, 1_000);
    const run = await runOnce(60_000, store);
    expect(run.cleaned).to.equal(200);
    expect(run.result).to.deep.equal({ evaluations: LIVE.length + 200, putEvaluationsCalls: 3, notEvaluated: 0 });
    expect(run.liveSent).to.have.length(LIVE.length);
    expect(run.elapsedMs).to.be.below(60_000);
    const logged = run.logs.find((l) => l.message === 'clean-up continues in the next periodic run')?.attributes;
    expect(logged).to.include({ listedPages: 2, listedResults: 200, cleanedUp: 200 });
    expect(logged?.listingStoppedBecause).to.match(
      /^config:GetComplianceDetailsByConfigRule did not answer within \d+ ms$/,
    );
    expect(run.logs.filter((l) => l.level === 'warn')).to.deep.equal([]);
  });

  it('lists only COMPLIANT and NON_COMPLIANT results: results already NOT_APPLICABLE are not listed again', async () => {
    const store = statefulConfig(config, { pageMs: 200, putMs: 100 });
    // 5,000 results of deleted clusters cleaned up before, listed first by Config, and 500 still to clean up.
    seed(store.results, 500, 5_000);
    const first = await runOnce(60_000, store);
    expect(first.cleaned).to.equal(500);
    expect(first.pagesRequested).to.equal(Math.ceil((500 + LIVE.length) / 100));
    const second = await runOnce(60_000, store);
    // Only the live clusters' results are left to list: one page.
    expect(second.pagesRequested).to.equal(1);
    expect(new Set(store.served)).to.deep.equal(new Set(['COMPLIANT', 'NON_COMPLIANT']));
    for (const input of store.requests) {
      expect(input).to.deep.include({ ConfigRuleName: RULE_NAME, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'] });
      expect(input.Limit).to.equal(100);
    }
  });

  it('sends the evaluations of existing clusters first: the clean-up never takes their time', async () => {
    // 3,000 results of deleted clusters, all listed in 6 s: 30 PutEvaluations calls of clean-up.
    const store = statefulConfig(config, { pageMs: 200, putMs: 100 });
    seed(store.results, 3_000);
    const run = await runOnce(60_000, store);
    expect(run.result).to.deep.equal({ evaluations: LIVE.length + 3_000, putEvaluationsCalls: 31, notEvaluated: 0 });
    expect(run.logs.filter((l) => l.message === 'evaluation')).to.have.length(LIVE.length);
    // The first call carries the clusters that exist (topped up with clean-up); the rest is clean-up only.
    expect(run.puts[0]?.filter((e) => LIVE.includes(e.ComplianceResourceId ?? ''))).to.have.length(LIVE.length);
    expect(run.puts.map((p) => p.length)).to.deep.equal(Array.from({ length: 31 }, (_, i) => (i < 30 ? 100 : 3)));
    expect(
      run.puts
        .slice(1)
        .flat()
        .every((e) => e.ComplianceType === 'NOT_APPLICABLE'),
    ).to.equal(true);
    expect(staleLeft(store.results)).to.equal(0);
  });

  it('cleans up only in the time the evaluations leave, and the next runs go on from there', async () => {
    // Slow PutEvaluations (1 s): a 20 s run has time for a few calls of clean-up after its evaluations.
    const store = statefulConfig(config, { pageMs: 200, putMs: 1_000 });
    seed(store.results, 3_000);
    const runs = [];
    while (staleLeft(store.results) > 0 && runs.length < 6) runs.push(await runOnce(20_000, store));
    expect(staleLeft(store.results)).to.equal(0);
    expect(runs.length).to.be.within(3, 5);
    for (const run of runs) {
      expect(run.elapsedMs).to.be.below(20_000 - 3_000 + 1);
      expect(run.liveSent.map((e) => e.ComplianceResourceId).sort()).to.deep.equal(LIVE);
      expect(run.result).to.deep.include({ evaluations: LIVE.length + run.cleaned, notEvaluated: 0 });
    }
    const first = runs[0];
    expect(first?.cleaned).to.be.within(1, 2_999);
    expect(first?.logs.find((l) => l.message === 'clean-up continues in the next periodic run')?.attributes).to.include(
      { listedPages: 31, resultsOfDeleted: 3_000, cleanedUp: first?.cleaned },
    );
  });
});

describe('listEarlierResults', () => {
  const { config } = useConfigService();
  const client = () => new ConfigServiceClient({ region: 'us-east-1' });
  const page = (ids: string[], next?: string) => ({
    EvaluationResults: ids.map((id) => evaluationResult(id)),
    ...(next ? { NextToken: next } : {}),
  });

  it('does not start a page it has no time for, and returns the pages read', async () => {
    // Each page "takes" 300 ms of a 1,000 ms allowance: the fourth would not fit in the 100 ms left.
    let elapsed = 0;
    config()
      .on(GetComplianceDetailsByConfigRuleCommand)
      .callsFake((input: GetComplianceDetailsByConfigRuleCommandInput) => {
        elapsed += 300;
        const n = Number(input.NextToken ?? '0');
        return page([`r-${n}`], n < 9 ? String(n + 1) : undefined);
      });
    const listing = await listEarlierResults(client(), RULE_NAME, CLUSTER, { msLeft: () => 1_000 - elapsed });
    expect(listing).to.deep.include({ pages: 3, complete: false });
    expect([...listing.results.keys()]).to.deep.equal(['r-0', 'r-1', 'r-2']);
    expect(listing.stoppedBecause).to.equal('100 ms left, less than the slowest page so far (300 ms)');
    expect(config().commandCalls(GetComplianceDetailsByConfigRuleCommand)).to.have.length(3);
  });

  it('returns the pages read when a later page fails, and fails when the first one does', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    config()
      .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: undefined })
      .resolves(page(['r-0', 'r-1'], 'p2'))
      .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: 'p2' })
      .rejects(denied);
    const listing = await listEarlierResults(client(), RULE_NAME, CLUSTER);
    expect(listing).to.deep.include({ pages: 1, complete: false });
    expect(listing.stoppedBecause).to.match(/^config:GetComplianceDetailsByConfigRule was denied/);
    expect(listing.results.size).to.equal(2);
    config().reset();
    config().on(GetComplianceDetailsByConfigRuleCommand).rejects(denied);
    const error = await listEarlierResults(client(), RULE_NAME, CLUSTER).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AwsCallError);
  });

  it('fails with a DeadlineError when not even the first page could be read in time', async () => {
    const error = await listEarlierResults(client(), RULE_NAME, CLUSTER, { msLeft: () => 0 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DeadlineError);
    expect((error as Error).message).to.equal('config:GetComplianceDetailsByConfigRule was not started: no time left');
    expect(config().commandCalls(GetComplianceDetailsByConfigRuleCommand)).to.have.length(0);
  });

  it('reads every page, 100 a page, and skips results of other resource types', async () => {
    config()
      .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: undefined })
      .resolves(page(['c-0'], 'p2'))
      .on(GetComplianceDetailsByConfigRuleCommand, { NextToken: 'p2' })
      .resolves({ EvaluationResults: [evaluationResult('sg-1', 'AWS::EC2::SecurityGroup'), evaluationResult('c-1')] });
    const listing = await listEarlierResults(client(), RULE_NAME, CLUSTER, { msLeft: () => 60_000 });
    expect(listing).to.deep.include({ pages: 2, complete: true });
    expect([...listing.results.keys()]).to.deep.equal(['c-0', 'c-1']);
    expect(config().commandCalls(GetComplianceDetailsByConfigRuleCommand)[0]?.args[0].input).to.deep.include({
      ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'],
      Limit: 100,
    });
  });
});
