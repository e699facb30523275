/** The account model answered over HTTP: requests parsed off the wire, AWS's query semantics, answers on the wire. */
import type { AccountData } from './account.ts';
import type { StubHandler, StubRequest, StubResponse } from './httpStub.ts';
import { type QueryOptions, queryAccount } from './query.ts';
import { asServiceError } from './serviceError.ts';
import { errorAnswer, inputOf, outputAnswer } from './wire.ts';

/** A service error that a handler answered with (the benchmark counts them: a correct run has none). */
export interface Fault {
  readonly operation: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Answer one request with `run` (the SDK input in, the SDK output out): a service error it throws goes on the
 * wire in the request's protocol and to `onFault`; any other error is the fake's own bug (the stub answers 500).
 */
export const answerOnWire = (
  request: StubRequest,
  run: (operation: string, input: Record<string, unknown>) => Record<string, unknown>,
  onFault?: (fault: Fault) => void,
): StubResponse => {
  try {
    return outputAnswer(request, run(request.operation, inputOf(request)));
  } catch (error) {
    const fault = asServiceError(error);
    if (fault === undefined) throw error;
    onFault?.({ operation: request.operation, code: fault.name, message: fault.message });
    return errorAnswer(request, fault);
  }
};

/** The query options, and who hears of the service errors answered. */
export interface AccountHandlerOptions extends QueryOptions {
  readonly onFault?: (fault: Fault) => void;
}

/** A stub handler serving an account (which may depend on the request: its Region, its credentials). */
export const accountHandler =
  (account: AccountData | ((request: StubRequest) => AccountData), options: AccountHandlerOptions = {}): StubHandler =>
  (request) => {
    const data = typeof account === 'function' ? account(request) : account;
    return answerOnWire(request, (operation, input) => queryAccount(data, operation, input, options), options.onFault);
  };
