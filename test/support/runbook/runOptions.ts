/** What a test gives the local runner in place of AWS: clients, Lambda, the approver, the clock. */

/** An SDK v3 client, as far as the runner uses it. */
export type SdkClient = { send(command: unknown): Promise<unknown> };

export interface RunOptions {
  /** SDK clients by service name (`redshift` …); otherwise clients are created for `endpoint`. */
  readonly clients?: Record<string, SdkClient>;
  /** With `clients` absent: an emulator's URL for real clients. */
  readonly endpoint?: string;
  /** Invoke a Lambda function; a thrown error is a function error (FunctionError: Unhandled). */
  readonly invokeLambda?: (functionName: string, payload: unknown) => Promise<unknown>;
  /** Answer an aws:approve step. */
  readonly approve?: (request: {
    step: string;
    approvers: unknown;
    message: string;
    minRequiredApprovals: unknown;
    notificationArn: unknown;
  }) => Promise<'Approved' | 'Rejected'>;
  /** Seconds between polls of wait steps (the clock is simulated; nothing sleeps). */
  readonly pollSeconds?: number;
  /**
   * Called whenever simulated time passes (wait steps, aws:sleep), so that a test's fake clock (which the
   * preflight and aws:sleep read through Date) moves with the run.
   */
  readonly onWait?: (seconds: number) => void;
  readonly accountId?: string;
  readonly region?: string;
}
