import { AwsCallError, isAwsCallError } from '../errors.ts';

const DENIED =
  /AccessDenied|UnauthorizedOperation|UnauthorizedAccess|NotAuthorized|AuthorizationError|InvalidClientTokenId|ExpiredToken/;
const THROTTLED = /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown/;

/** The SDK error name (e.g. `UnauthorizedOperation`), if the thrown value has one. */
export const errorName = (error: unknown): string =>
  error instanceof Error
    ? error.name
    : typeof error === 'object' && error !== null && 'name' in error
      ? String(error.name)
      : 'Error';

export const isAccessDenied = (error: unknown): boolean => DENIED.test(errorName(error));
export const isThrottling = (error: unknown): boolean => THROTTLED.test(errorName(error));

/** Convert an SDK failure into an AwsCallError whose message says which call failed and how. */
export const toAwsCallError = (operation: string, error: unknown): AwsCallError => {
  if (isAwsCallError(error)) return error;
  const name = errorName(error);
  const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
  if (isAccessDenied(error)) return new AwsCallError(operation, `${operation} was denied (${name})`, { cause: error });
  if (isThrottling(error)) {
    return new AwsCallError(operation, `${operation} was throttled after retries (${name})`, { cause: error });
  }
  return new AwsCallError(operation, `${operation} failed (${name}${detail})`, { cause: error });
};

/** Run an AWS call, converting its failure at the edge. */
export const callAws = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw toAwsCallError(operation, error);
  }
};
