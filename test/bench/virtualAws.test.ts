import { expect } from 'chai';
import { inVirtualTime, latencyQuantile, latencySampler } from '../../bench/virtualAws.ts';

const START = Date.UTC(2026, 11, 4);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The benchmark's simulated clock: long waits take no real time, and it behaves as Node's timers do. */
describe('inVirtualTime', () => {
  it('runs ten minutes of waiting in simulated time and reports it', async () => {
    const realStart = performance.now();
    const outcome = await inVirtualTime(START, async () => {
      for (let i = 0; i < 10; i++) await wait(60_000);
      return Date.now() - START;
    });
    expect(outcome).to.deep.include({ value: 600_000, simulatedMs: 600_000, timedOut: false });
    expect(performance.now() - realStart).to.be.below(5_000);
  });

  it('waits at least 1 ms for a shorter delay, as Node does, so a clock polled in fractions of a ms moves', async () => {
    const outcome = await inVirtualTime(START, async () => {
      let polls = 0;
      while (Date.now() - START < 5) {
        await wait(0.25);
        polls += 1;
      }
      return polls;
    });
    expect(outcome.value).to.equal(5);
  });

  it('stops a run at its limit, as Lambda stops a function at its timeout', async () => {
    const outcome = await inVirtualTime(START, () => wait(3_600_000), 300_000);
    expect(outcome).to.deep.include({ timedOut: true, simulatedMs: 300_000 });
  });

  it('gives the error a run ends with', async () => {
    const outcome = await inVirtualTime(START, async () => {
      await wait(10);
      throw new Error('RequestLimitExceeded');
    });
    expect(outcome.error?.message).to.equal('RequestLimitExceeded');
    expect(outcome.simulatedMs).to.equal(10);
  });
});

describe('latencySampler', () => {
  it('draws a log-normal around its median, the same draws for the same seed', () => {
    const model = { medianMs: 20, sigma: 0.5, seed: 7 };
    const draws = Array.from({ length: 20_001 }, latencySampler(model)).sort((a, b) => a - b);
    expect(draws[10_000]).to.be.within(19, 21);
    expect(draws[18_000]).to.be.within(latencyQuantile(model, 1.2816) * 0.95, latencyQuantile(model, 1.2816) * 1.05);
    const again = latencySampler(model);
    const first = latencySampler(model);
    expect([again(), again()]).to.deep.equal([first(), first()]);
  });
});
