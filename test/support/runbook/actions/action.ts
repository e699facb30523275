/** What every action handler of the local runner takes and returns. */
import type { StepSpec } from '../document.ts';
import type { Variables } from '../expressions.ts';
import type { RunOptions } from '../runOptions.ts';

/** A step's failure as SSM reports it (the run goes on by the step's onFailure); other errors are the test's. */
export class StepFailure extends Error {}

export interface ActionContext {
  readonly step: StepSpec;
  /** The step's inputs, `{{ }}` interpolated. */
  readonly inputs: Record<string, unknown>;
  readonly variables: Variables;
  readonly options: RunOptions;
  /** Let simulated time pass (wait steps): nothing sleeps. */
  readonly wait: (seconds: number) => void;
}

export interface ActionResult {
  /** What the step's output selectors read. */
  readonly data: unknown;
  /** Wait steps: how many times the API was called. */
  readonly polls?: number;
  /** aws:branch: the step chosen. */
  readonly next?: string;
}

/** Runs one action; throws StepFailure when the step fails. */
export type ActionHandler = (context: ActionContext) => Promise<ActionResult>;
