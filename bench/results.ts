/** The shape of bench/results.json, shared by the runner, the report and the test that checks the file. */
import type { OrganizationRecord } from './organization.ts';

export const CONTENDERS = ['redshift-evr', 'per-cluster'] as const;
export type Contender = (typeof CONTENDERS)[number];

export const isContender = (value: unknown): value is Contender =>
  typeof value === 'string' && (CONTENDERS as readonly string[]).includes(value);

/** What a contender's child process reports about its own run. */
export interface ContenderOutcome {
  readonly wallMs: number;
  readonly peakRssMB: number;
  /** RSS once everything is imported, before the run: the share of the peak the run itself does not cause. */
  readonly idleRssMB: number;
  readonly evaluations: number;
}

export interface RunRecord extends ContenderOutcome {
  readonly clusters: number;
  readonly vpcs: number;
  readonly contender: Contender;
  /** Every HTTP request the endpoint answered, retries included. */
  readonly calls: number;
  /** The evaluation's minimum (apiMinimum.ts); clean-up listing excluded. */
  readonly apiMinimum: number;
  /** `calls / apiMinimum`. */
  readonly callsPerMinimum: number;
  /** GetComplianceDetailsByConfigRule pages a clean-up needs (not part of `apiMinimum`). */
  readonly cleanupMinimum: number;
  readonly callsByAction: Readonly<Record<string, number>>;
  readonly peakInFlight: number;
}

export interface BundleRecord {
  /** As serverless.yml deploys it: ESM, minified, mainFields [module, main], createRequire banner. */
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
  /** The measured value the goal is about (a ratio, milliseconds or MB, per `unit`). */
  readonly measured: number;
  readonly comparison: '<=' | '>=' | '<';
  readonly limit: number;
  readonly unit: 'x' | 'ms' | 'MB';
  readonly met: boolean;
  /** Why a target was missed (only when `met` is false). */
  readonly reason?: string;
}

export interface BenchResults {
  readonly machine: string;
  readonly node: string;
  readonly date: string;
  readonly latencyMs: number;
  readonly quick: boolean;
  readonly runs: readonly RunRecord[];
  readonly bundle: BundleRecord;
  readonly targets: readonly TargetRecord[];
  /** `scan --accounts` over many accounts and two Regions (absent from results before it was measured). */
  readonly organization?: readonly OrganizationRecord[];
}
