/** Every error this project throws on purpose, in one place; `message` always says what to do. */
import type { CallFailure, RecordedFact } from './core/types.ts';

/** Base class of every error this project throws on purpose. */
export class RedshiftEvrError extends Error {
  override readonly name: string = 'RedshiftEvrError';
}

/** Input from a user (CLI flag, rule parameter, snapshot file, runbook input) is not usable. */
export class InputError extends RedshiftEvrError {
  override readonly name = 'InputError';
}

/** A Config event is not of the documented shape. */
export class EventError extends RedshiftEvrError {
  override readonly name = 'EventError';
}

/** An AWS call failed after the SDK's retries; `cause` keeps the SDK error. */
export class AwsCallError extends RedshiftEvrError {
  override readonly name = 'AwsCallError';
  /** How it failed, as data (for the fix: grant, refresh credentials, retry). */
  readonly failure: CallFailure;
  /** The AWS error code, or what was wrong with the answer. */
  readonly errorName: string;
  constructor(
    /** `service:Operation`, e.g. `ec2:DescribeRouteTables`. */
    readonly operation: string,
    message: string,
    options: ErrorOptions & { readonly failure?: CallFailure; readonly errorName?: string } = {},
  ) {
    super(message, options);
    this.failure = options.failure ?? 'failed';
    this.errorName = options.errorName ?? message;
  }
}

/** Assuming the organization-mode execution role failed. */
export class AssumeRoleError extends RedshiftEvrError {
  override readonly name = 'AssumeRoleError';
}

/**
 * A call was abandoned because the invocation's time is needed to send what was already decided.
 * Not a fact about the account: the clusters it concerned keep their previous results.
 */
export class DeadlineError extends RedshiftEvrError {
  override readonly name = 'DeadlineError';
}

/** A snapshot was recorded before this fact was: the check it feeds is unverified, never assumed met. */
export class NotRecordedError extends RedshiftEvrError {
  override readonly name = 'NotRecordedError';
  constructor(readonly fact: RecordedFact) {
    super(`The snapshot predates the ${fact} check; record it again with this version of redshift-evr.`);
  }
}

export const isAwsCallError = (error: unknown): error is AwsCallError => error instanceof AwsCallError;
export const isDeadlineError = (error: unknown): error is DeadlineError => error instanceof DeadlineError;
