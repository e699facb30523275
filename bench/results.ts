/** The shape of bench/results.json, shared by the runner, the report and the test that checks the file. */
import type { PaceRate } from '../src/aws/requestPacer.ts';
import type { BucketSize } from '../test/support/fakeAws/tokenBucket.ts';
import type { Topology } from './estate.ts';
import type { OrganizationRecord } from './organization.ts';
import type { LatencyModel } from './virtualAws.ts';

export const CONTENDERS = ['redshift-evr', 'per-cluster', 'per-cluster-cached'] as const;
export type SettingName = 'work' | 'deployed' | 'busy';
export type Contender = (typeof CONTENDERS)[number];

/** One simulated run of a contender (simulation.ts). */
export interface SimulatedRun {
  readonly clusters: number;
  readonly vpcs: number;
  readonly topology: Topology;
  /**
   * `work`: no throttling, no deadline; `deployed`: EC2's bucket and the function's 300 s; `busy`: the same, with
   * another caller of the account spending 15 of the bucket's 20 tokens a second.
   */
  readonly setting: SettingName;
  readonly contender: Contender;
  /** Every request the endpoint answered, retries and throttled ones included. */
  readonly calls: number;
  /** The API minimum (apiMinimum.ts), the clean-up listing included. */
  readonly apiMinimum: number;
  readonly callsPerMinimum: number;
  /** Clusters whose evaluation reached Config. */
  readonly evaluated: number;
  /** Of those, found ready (and rightly so: a wrong readiness stops the benchmark). */
  readonly ready: number;
  /** Every cluster evaluated, no error, within the time. */
  readonly complete: boolean;
  /** Simulated wall time: waiting on AWS (latency, pacing, back-off). */
  readonly simulatedMs: number;
  /** Real CPU time of the benchmark process during the run (the endpoint model's share included). */
  readonly cpuMs: number;
  /** Requests answered RequestLimitExceeded. */
  readonly throttled: number;
  readonly retries: number;
  /** Calls whose last attempt was throttled: errors the contender saw. */
  readonly surfaced: number;
  readonly peakInFlight: number;
  readonly callsByAction: Readonly<Record<string, number>>;
  /** The error the run ended with. */
  readonly error?: string;
  /** Stopped at the function's timeout. */
  readonly timedOut?: boolean;
}

/** Periodic runs of the rule over an account too big for one (the deployed setting). */
export interface CoverageRecord {
  readonly clusters: number;
  readonly vpcs: number;
  readonly topology: Topology;
  /** Clusters evaluated by each run, in order, until every cluster was evaluated once. */
  readonly perRun: readonly number[];
  /** ⌈clusters / clusters the first run evaluated⌉. */
  readonly neededRuns: number;
  /** Runs it took to evaluate every cluster at least once (undefined: not within the runs tried). */
  readonly runsToCover?: number;
}

/** The rule's whole-account run in a process with a Lambda memory size's heap limits (memory.ts). */
export interface MemoryRecord {
  readonly memoryMB: number;
  readonly maxOldSpaceMB: number;
  readonly maxSemiSpaceMB: number;
  readonly clusters: number;
  readonly fits: boolean;
  readonly peakRssMB?: number;
  /** Why it did not fit (out of heap, or RSS above the memory size). */
  readonly reason?: string;
}

export interface BundleRecord {
  /** As serverless.yml deploys it: ESM, minified, split, mainFields [module, main], createRequire banner (every chunk). */
  readonly shippedBytes: number;
  /** esbuild's defaults for a Node bundle: CommonJS, default mainFields, minified. */
  readonly defaultBytes: number;
  /** Median time to import the bundle in a fresh `node` process. */
  readonly shippedColdMs: number;
  readonly defaultColdMs: number;
  readonly coldSamples: number;
  readonly esbuildTarget: string;
}

export interface TargetRecord {
  readonly id: string;
  readonly goal: string;
  /** The measured value the goal is about (a ratio, a count, per `unit`). */
  readonly measured: number;
  readonly comparison: '<=' | '>=' | '<';
  readonly limit: number;
  readonly unit: 'x' | 'ms' | 'MB' | 'errors' | 'runs';
  readonly met: boolean;
  /** Why a target was missed (only when `met` is false). */
  readonly reason?: string;
}

export interface BenchResults {
  readonly machine: string;
  readonly node: string;
  readonly date: string;
  readonly quick: boolean;
  readonly latency: LatencyModel;
  /** EC2's bucket for non-mutating actions, as the deployed setting models it. */
  readonly bucket: BucketSize;
  /** Tokens a second another caller of the account spends in the busy setting. */
  readonly otherCallerPerSecond: number;
  /** The rule's own pace for EC2 (src/aws/requestPacer.ts). */
  readonly pace: PaceRate;
  /** The function's timeout in the deployed setting (serverless.yml). */
  readonly budgetMs: number;
  /** The organization scan's fixed latency per call (it runs in real time). */
  readonly organizationLatencyMs: number;
  readonly simulated: readonly SimulatedRun[];
  readonly coverage: readonly CoverageRecord[];
  readonly memory: readonly MemoryRecord[];
  readonly bundle: BundleRecord;
  readonly targets: readonly TargetRecord[];
  /** `scan --accounts` over many accounts and two Regions. */
  readonly organization?: readonly OrganizationRecord[];
}
