/**
 * AWS's query semantics over the account model, once for every fake: an operation's SDK input in, its SDK
 * output out (or a service error thrown). The client mocks call it with the SDK's inputs; the HTTP fake
 * with the inputs it parses off the wire.
 */
import type { AccountData } from './account.ts';
import { checkFilterLimit } from './filters.ts';
import { pageSize } from './pages.ts';
import { EC2_OPERATIONS } from './queryEc2.ts';
import { REDSHIFT_OPERATIONS } from './queryRedshift.ts';
import { SERVERLESS_OPERATIONS } from './queryServerless.ts';
import { serviceError } from './serviceError.ts';

/** How a fake departs from AWS on purpose. */
export interface QueryOptions {
  /** Items per page at most (AWS pages at each API's limits; small pages exercise pagination). */
  readonly pageSize?: number;
  /** Return an error to throw for this call, or undefined to answer normally. */
  readonly fail?: (operation: string, input: Record<string, unknown>) => Error | undefined;
}

/** What an operation needs besides the account and its input: the page size to use for a requested size. */
export interface OperationContext {
  readonly size: (requested: number | undefined) => number;
}

/** One operation: the account and the SDK input in, the SDK output out. */
// biome-ignore lint/suspicious/noExplicitAny: each table types its own inputs; the dispatcher passes them through.
export type Operation = (data: AccountData, input: any, context: OperationContext) => Record<string, unknown>;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...REDSHIFT_OPERATIONS,
  ...EC2_OPERATIONS,
  ...SERVERLESS_OPERATIONS,
};

/** Whether the account model answers this operation (a test may answer the others itself). */
export const servesOperation = (operation: string): boolean => OPERATIONS[operation] !== undefined;

/** Answer one call as AWS would from this account. */
export const queryAccount = (
  data: AccountData,
  operation: string,
  input: Record<string, unknown>,
  options: QueryOptions = {},
): Record<string, unknown> => {
  const run = OPERATIONS[operation];
  if (run === undefined)
    throw serviceError('InvalidAction', `The action ${operation} is not valid for this web service.`);
  const error = options.fail?.(operation, input);
  if (error !== undefined) throw error;
  checkFilterLimit(input.Filters as never);
  const cap = options.pageSize ?? Number.POSITIVE_INFINITY;
  return run(data, input, { size: (requested) => Math.min(cap, pageSize(operation, requested)) });
};
