/**
 * Every request of an invocation is cancelled 1 s before Lambda would stop it, so that an abandoned call cannot
 * linger into the next invocation of a warm container, and the handler still returns rather than being killed.
 * Here the first request (organization mode's AssumeRole) never answers: only that backstop ends it.
 */
import { expect } from 'chai';
import sinon from 'sinon';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { scheduledEvent } from '../support/configEvents.ts';
import { testRuntime } from '../support/ruleRuntime.ts';

describe('runConfigRule hard stop', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  it('cancels a request that never answers 1 s before the invocation would be stopped', async () => {
    let abortedAt: number | undefined;
    const runtime = testRuntime({
      remainingTimeMs: () => 10_000 - Date.now(),
      clientsFor: (_event, abortSignal) =>
        new Promise((_resolve, reject) => {
          abortSignal.addEventListener('abort', () => {
            abortedAt = Date.now();
            reject(new Error('AssumeRole cancelled'));
          });
        }),
    });
    const outcome = runConfigRule(scheduledEvent(), runtime).then(
      () => 'returned',
      (error: Error) => error.message,
    );
    await clock.tickAsync(8_999);
    expect(abortedAt).to.equal(undefined);
    await clock.tickAsync(1);
    expect(abortedAt).to.equal(9_000);
    expect(await outcome).to.equal('AssumeRole cancelled');
  });
});
