import type { CallFailure, UnverifiedReason } from '../core/types.ts';
import { AwsCallError, isAwsCallError } from '../errors.ts';

const DENIED = /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized|AuthorizationError/;
/** The caller's credentials, not its permissions: granting actions would not help. */
const CREDENTIALS =
  /ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|InvalidAccessKeyId|AuthFailure|InvalidToken|IncompleteSignature/;
const THROTTLED = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown/;

/** The SDK error name (e.g. `UnauthorizedOperation`), if the thrown value has one. */
export const errorName = (error: unknown): string =>
  error instanceof Error
    ? error.name
    : typeof error === 'object' && error !== null && 'name' in error
      ? String(error.name)
      : 'Error';

const isAccessDenied = (error: unknown): boolean => DENIED.test(errorName(error));
const isCredentialProblem = (error: unknown): boolean => CREDENTIALS.test(errorName(error));
const isThrottling = (error: unknown): boolean => THROTTLED.test(errorName(error));

/** Convert an SDK failure into an AwsCallError whose message says which call failed and how. */
export const toAwsCallError = (operation: string, error: unknown): AwsCallError => {
  if (isAwsCallError(error)) return error;
  const name = errorName(error);
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  const as = (failure: CallFailure, message: string) =>
    new AwsCallError(operation, message, { cause: error, failure, errorName: name });
  if (isCredentialProblem(error)) {
    return as(
      'credentials',
      `${operation} was refused: the credentials are invalid or expired (${name}). Refresh them (aws sso login, a new session) and try again.`,
    );
  }
  if (isAccessDenied(error)) return as('denied', `${operation} was denied (${name})`);
  if (isThrottling(error)) return as('throttled', `${operation} was throttled after retries (${name})`);
  return new AwsCallError(operation, `${operation} failed (${name}${detail})`, {
    cause: error,
    failure: 'failed',
    errorName: `${name}${detail}`,
  });
};

/** The resource the call was about does not exist (any more), as the AWS error code says. */
export const isNotFound = (error: AwsCallError): boolean =>
  // errorName carries the AWS code first (then the SDK's message, for a plain failure).
  error.errorName.startsWith('ResourceNotFoundException');

/** A failed call as an unverified fact's reason (data, not words). */
export const reasonOfCall = (error: AwsCallError): UnverifiedReason => ({
  kind: 'call',
  failure: error.failure,
  operation: error.operation,
  error: error.errorName,
});

/** Run an AWS call, converting its failure at the edge. */
export const callAws = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw toAwsCallError(operation, error);
  }
};
