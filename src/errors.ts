const BRAND = Symbol.for('redshift-evr.error');

/** Base class of every error this project throws on purpose; `message` always says what to do. */
export class RedshiftEvrError extends Error {
  override readonly name: string = 'RedshiftEvrError';
  readonly [BRAND] = true;

  /** Also true for errors from another copy of this module (lazily loaded chunks, test loaders). */
  static is(error: unknown): error is RedshiftEvrError {
    return typeof error === 'object' && error !== null && BRAND in error;
  }
}

/** Input from a user (CLI flag, rule parameter, snapshot file, runbook input) is not usable. */
export class InputError extends RedshiftEvrError {
  override readonly name = 'InputError';
}

/** A Config event is not of the documented shape. */
export class EventError extends RedshiftEvrError {
  override readonly name = 'EventError';
}

/** Whether a thrown value is an AwsCallError (from any copy of this module). */
export const isAwsCallError = (error: unknown): error is AwsCallError =>
  RedshiftEvrError.is(error) && error.name === 'AwsCallError';

/** An AWS call failed after the SDK's retries; `cause` keeps the SDK error. */
export class AwsCallError extends RedshiftEvrError {
  override readonly name = 'AwsCallError';
  constructor(
    /** `service:Operation`, e.g. `ec2:DescribeRouteTables`. */
    readonly operation: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A call was abandoned because the invocation's time is needed to send what was already decided.
 * Not a fact about the account: the clusters it concerned keep their previous results.
 */
export class DeadlineError extends RedshiftEvrError {
  override readonly name = 'DeadlineError';
}

export const isDeadlineError = (error: unknown): error is DeadlineError =>
  RedshiftEvrError.is(error) && error.name === 'DeadlineError';
