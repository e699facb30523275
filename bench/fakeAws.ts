/**
 * A local AWS endpoint for the benchmark (127.0.0.1 only), in real time: the endpoint model (endpointModel.ts)
 * behind an HTTP server, with a latency per call. Contenders reach it through the real SDK v3 clients
 * (`AWS_ENDPOINT_URL`), so serialization, signing, retries and connection reuse all run as they would against AWS.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { startHttpStub } from '../test/support/fakeAws/httpStub.ts';
import type { BucketSize } from '../test/support/fakeAws/tokenBucket.ts';
import { EndpointModel, type EndpointStats } from './endpointModel.ts';
import type { Estate } from './estate.ts';

export type FakeAwsStats = EndpointStats;

export interface FakeAws {
  readonly url: string;
  /** Serve this estate from now on, with fresh counters. */
  serve(estate: Estate): void;
  stats(): FakeAwsStats;
  close(): Promise<void>;
}

/** Start the endpoint on an ephemeral port of 127.0.0.1 (never another interface). */
export const startFakeAws = async (options: {
  /** Milliseconds each call takes (a number, or drawn per call). */
  readonly latencyMs: number | (() => number);
  readonly bucket?: BucketSize;
}): Promise<FakeAws> => {
  const model = new EndpointModel(options.bucket === undefined ? {} : { bucket: options.bucket });
  const latency = typeof options.latencyMs === 'number' ? () => options.latencyMs as number : options.latencyMs;
  const stub = await startHttpStub(
    async (request) => {
      const call = model.begin();
      try {
        const out = model.answer(request);
        // The latency of a real regional endpoint, paid by every call whatever its size.
        await delay(latency());
        return out;
      } finally {
        call.done();
      }
    },
    { record: false },
  );
  return {
    url: stub.url,
    serve: (estate) => model.serve(estate),
    stats: () => model.stats(),
    close: () => stub.close(),
  };
};
