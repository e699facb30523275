/**
 * How every AWS client is configured. A module without any client import, so that a client loaded on first use
 * (Security Hub, in the rule's bundle) does not drag every other client along with it: esbuild wraps a module
 * reached by import() and cannot tree-shake what that module imports.
 */
import type { RedshiftClientConfig } from '@aws-sdk/client-redshift';

/** How clients are built; the SDK's default chain fills in whatever is not given (env, profile, role). */
export interface ClientOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly credentials?: RedshiftClientConfig['credentials'];
  /** Attempts per call, first included (our default; `AWS_MAX_ATTEMPTS` wins). */
  readonly maxAttempts?: number;
  /** Milliseconds a request may stay silent before the attempt fails (default 20 s). */
  readonly requestTimeoutMs?: number;
}

/**
 * Every request gives up on its own: a connection not made in 5 s, or a socket silent for 20 s, fails the
 * attempt (and the SDK retries it) instead of hanging for as long as the server likes. The Node HTTP handler
 * only logs a warning when `requestTimeout` passes unless `throwOnRequestTimeout` is set.
 */
const REQUEST_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true } as const;

const envAttempts = (): number | undefined => {
  const value = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

/** Shared client configuration: adaptive retries with headroom for throttled describe calls. */
export const clientConfig = (options: ClientOptions) => ({
  ...(options.region ? { region: options.region } : {}),
  ...(options.profile ? { profile: options.profile } : {}),
  ...(options.credentials ? { credentials: options.credentials } : {}),
  retryMode: 'adaptive' as const,
  requestHandler: {
    ...REQUEST_TIMEOUTS,
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeout: options.requestTimeoutMs }),
  },
  // The user's AWS_MAX_ATTEMPTS wins over our default, as it does for the SDK itself.
  maxAttempts: envAttempts() ?? options.maxAttempts ?? 8,
});
