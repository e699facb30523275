/**
 * The benchmark's AWS endpoint in simulated time. A run of thousands of throttled calls at 20 requests a second
 * would take the benchmark hours in real time: instead the SDK clients hand their requests to the endpoint
 * model in process (an HttpHandler, so serialization, signing, retries, the adaptive rate limiter and error
 * parsing are the real SDK's), and every timer of the run (latency, the rule's pacing, the SDK's back-off, the
 * rule's deadline) runs on a fake clock that jumps to the next timer when nothing else is left to do. The
 * simulated wall time is therefore the time spent waiting on AWS (latency, pacing, back-off); the CPU time of the
 * run is measured apart, in real time.
 */
import sinon from 'sinon';
import { operationOf, type StubRequest } from '../test/support/fakeAws/httpStub.ts';
import type { EndpointModel } from './endpointModel.ts';

/** The request and response shapes of the SDK's HttpHandler, as far as the transport needs them. */
interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** Latency of a regional endpoint: log-normal, by a seeded generator (the same run draws the same delays). */
export interface LatencyModel {
  readonly medianMs: number;
  /** Spread of the log-normal (σ of the logarithm). */
  readonly sigma: number;
  readonly seed: number;
}

/** A small, fast, seeded generator (mulberry32). */
const generator = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Draw latencies (ms) from the model. */
export const latencySampler = (model: LatencyModel): (() => number) => {
  const random = generator(model.seed);
  return () => {
    // Box-Muller: a standard normal from two uniforms.
    const u = Math.max(random(), Number.EPSILON);
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return model.medianMs * Math.exp(model.sigma * normal);
  };
};

/** The log-normal's quantile q (0 < q < 1), for the page that describes it. */
export const latencyQuantile = (model: LatencyModel, z: number): number => model.medianMs * Math.exp(model.sigma * z);

const toStubRequest = (request: SdkRequest): StubRequest => {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const body =
    typeof request.body === 'string'
      ? request.body
      : request.body instanceof Uint8Array
        ? new TextDecoder().decode(request.body)
        : request.body === undefined
          ? ''
          : String(request.body);
  const params = new URLSearchParams(body);
  return {
    method: request.method,
    path: request.path,
    headers,
    body,
    params,
    operation: operationOf(request.method, request.path, headers, params),
  };
};

/**
 * An SDK request handler that answers from `model` after a drawn latency (on whatever clock setTimeout runs:
 * the fake one inside `inVirtualTime`).
 */
export const virtualHandler = (model: EndpointModel, latency: () => number) => ({
  metadata: { handlerProtocol: 'http/1.1' },
  handle: async (request: SdkRequest) => {
    const call = model.begin();
    try {
      const answer = model.answer(toStubRequest(request));
      await new Promise((resolve) => setTimeout(resolve, latency()));
      return {
        response: {
          statusCode: answer.status ?? 200,
          headers: { 'content-type': 'text/xml', ...answer.headers },
          body: new TextEncoder().encode(answer.body),
        },
      };
    } finally {
      call.done();
    }
  },
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
  destroy: () => undefined,
});

export type VirtualHandler = ReturnType<typeof virtualHandler>;

/** Point an SDK client (already built, as the product builds it) at the virtual endpoint. */
export const routeTo = <C extends { readonly config: object }>(client: C, handler: VirtualHandler): C => {
  (client.config as { requestHandler: unknown }).requestHandler = handler;
  return client;
};

/** File reads (of modules or configuration) still under way in this process. */
const realIoPending = (): boolean =>
  process.getActiveResourcesInfo().some((r) => r.startsWith('FSReq') || r.startsWith('FileHandle'));

/** What a simulated run took: simulated wall time, and the real CPU time of this process meanwhile. */
export interface VirtualOutcome<T> {
  readonly value?: T;
  readonly error?: Error;
  /** The run was still going at `limitMs` and was abandoned there (as Lambda stops a function at its timeout). */
  readonly timedOut: boolean;
  readonly simulatedMs: number;
  readonly cpuMs: number;
}

/**
 * Run `run` on a fake clock starting at `startAt` (epoch ms): whenever the run waits on timers only, the clock
 * jumps to the next one. Real I/O (none, once the SDK has read its configuration files: warm it up first) would
 * still be waited for.
 */
export const inVirtualTime = async <T>(
  startAt: number,
  run: () => Promise<T>,
  limitMs?: number,
): Promise<VirtualOutcome<T>> => {
  const realImmediate = setImmediate;
  const realTimeout = setTimeout;
  const clock = sinon.useFakeTimers({
    now: startAt,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
  // As Node's own setTimeout, a delay under 1 ms waits 1 ms: the SDK's adaptive rate limiter waits fractions of a
  // millisecond for its tokens, and a fake clock that did not move for them would never refill its bucket.
  const fakeTimeout = globalThis.setTimeout as unknown as (
    callback: () => void,
    delay: number,
    ...rest: unknown[]
  ) => unknown;
  globalThis.setTimeout = ((callback: () => void, delay?: number, ...rest: unknown[]) =>
    fakeTimeout(
      callback,
      Number.isNaN(Number(delay)) ? 1 : Math.max(1, Number(delay)),
      ...rest,
    )) as unknown as typeof setTimeout;
  const cpuBefore = process.cpuUsage();
  try {
    let settled = false;
    let value: T | undefined;
    let error: Error | undefined;
    const running = run().then(
      (v) => {
        value = v;
        settled = true;
      },
      (e: unknown) => {
        error = e instanceof Error ? e : new Error(String(e));
        settled = true;
      },
    );
    const end = limitMs === undefined ? Number.POSITIVE_INFINITY : startAt + limitMs;
    // A timer at the limit, so that the clock stops there rather than jumping past it.
    if (limitMs !== undefined) setTimeout(() => undefined, limitMs);
    let timedOut = false;
    let idle = 0;
    while (!settled) {
      // Let every promise and I/O callback that is ready run before time moves on.
      await new Promise((resolve) => realImmediate(resolve));
      if (settled) break;
      // Real I/O under way (a module the SDK imports on first use, a file it reads): time stands still for it.
      if (realIoPending()) {
        await new Promise((resolve) => realTimeout(resolve, 1));
        continue;
      }
      if (clock.countTimers() === 0) {
        // A run waiting on nothing at all is a bug.
        if (++idle > 100_000) throw new Error('the simulated run waits on nothing');
        continue;
      }
      idle = 0;
      if (clock.now >= end) {
        timedOut = true;
        break;
      }
      await clock.nextAsync();
    }
    // An abandoned run's timers go with the fake clock; its promise never settles and is dropped.
    if (!timedOut) await running;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      ...(value === undefined ? {} : { value }),
      ...(error === undefined ? {} : { error }),
      timedOut,
      simulatedMs: Math.min(clock.now, end) - startAt,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
  } finally {
    clock.restore();
  }
};
