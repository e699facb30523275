import { reasonText } from '../core/messages.ts';
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

/** How an SDK failure failed: the fix differs (refresh credentials, grant the call, retry). */
const failureOf = (error: unknown): CallFailure => {
  if (isCredentialProblem(error)) return 'credentials';
  if (isAccessDenied(error)) return 'denied';
  if (isThrottling(error)) return 'throttled';
  return 'failed';
};

/**
 * Convert an SDK failure into an AwsCallError whose message says which call failed and how: the same words
 * an unverified fact gets in an annotation (messages.ts), plus, for credentials, what to do about them.
 */
export const toAwsCallError = (operation: string, error: unknown): AwsCallError => {
  if (isAwsCallError(error)) return error;
  const failure = failureOf(error);
  const name = errorName(error);
  // A plain failure keeps the SDK's message: it is all there is to go on (a host not found, a bad answer).
  const detail = failure === 'failed' && error instanceof Error && error.message ? `: ${error.message}` : '';
  const reason = { kind: 'call', failure, operation, error: `${name}${detail}` } as const;
  const fix = failure === 'credentials' ? '. Refresh them (aws sso login, a new session) and try again.' : '';
  return new AwsCallError(operation, `${reasonText(reason)}${fix}`, { cause: error, failure, errorName: reason.error });
};

/** The resource the call was about does not exist (any more), as the AWS error code says. */
export const isNotFound = (error: AwsCallError): boolean =>
  // errorName carries the AWS code first (then the SDK's message, for a plain failure).
  error.errorName.startsWith('ResourceNotFoundException');

/**
 * The action does not exist where it was sent (a Region or partition without the feature, such as VPC Block
 * Public Access): EC2 answers `InvalidAction` or `UnsupportedOperation`.
 */
export const isNotOffered = (error: AwsCallError): boolean =>
  /^(InvalidAction|UnsupportedOperation)\b/.test(error.errorName);

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
