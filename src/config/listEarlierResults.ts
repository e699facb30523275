import {
  type ComplianceType,
  type ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  type GetComplianceDetailsByConfigRuleCommandOutput,
} from '@aws-sdk/client-config-service';
import { callAws } from '../aws/awsCallError.ts';
import { DeadlineError } from '../errors.ts';

const OPERATION = 'config:GetComplianceDetailsByConfigRule';

/**
 * The results listed: `COMPLIANT` and `NON_COMPLIANT` only (Config filters on `ComplianceTypes`; it accepts
 * `COMPLIANT`, `NON_COMPLIANT` and `NOT_APPLICABLE`, not `INSUFFICIENT_DATA`). A `NOT_APPLICABLE` result needs
 * no clean-up, and leaving those out is what lets a clean-up larger than one run can list finish without any
 * state kept between runs: each result a run cleans up turns `NOT_APPLICABLE` and leaves the listing, so the
 * next run's pages hold only results no run has cleaned yet.
 */
const LISTED_COMPLIANCE_TYPES: readonly ComplianceType[] = ['COMPLIANT', 'NON_COMPLIANT'];

/** GetComplianceDetailsByConfigRule returns at most 100 results a page. */
const LISTING_PAGE_SIZE = 100;

/** A result this rule holds for a cluster (or workgroup), and when Config recorded it. */
export interface EarlierResult {
  readonly complianceType: ComplianceType;
  /** Undefined when Config did not say; such a result counts as the oldest. */
  readonly recordedAt: Date | undefined;
}

/** What one run listed: every page, or the pages read before its time ran out (or a later page failed). */
export interface EarlierResults {
  /** Keyed by resource id: the cluster identifier or workgroup name (a Map: the ids come from outside). */
  readonly results: Map<string, EarlierResult>;
  /** Pages read. */
  readonly pages: number;
  /** Every page was read. */
  readonly complete: boolean;
  /** Why the listing stopped before the last page (absent when complete). */
  readonly stoppedBecause?: string;
}

export interface ListingOptions {
  /** Cancels every page request (the invocation's end). */
  readonly abortSignal?: AbortSignal;
  /**
   * Time the listing may still take, in ms (negative once over). A page is not started when the time left is
   * shorter than the slowest page so far, and a page still unanswered when the time runs out is abandoned:
   * the pages read until then are returned. Without it the listing has no time limit.
   */
  readonly msLeft?: () => number;
}

const CUT = Symbol('cut');

/** The longest delay setTimeout honours (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The answer of `read`, or CUT once `ms` have passed (its request is then aborted). */
const within = async <T>(
  read: (signal: AbortSignal) => Promise<T>,
  ms: number,
  outer: AbortSignal | undefined,
): Promise<T | typeof CUT> => {
  const page = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<typeof CUT>((resolve) => {
    timer = setTimeout(() => resolve(CUT), Math.min(Math.round(ms), MAX_TIMER_MS));
  });
  try {
    const answer = await Promise.race([read(outer ? AbortSignal.any([outer, page.signal]) : page.signal), cut]);
    if (answer === CUT) page.abort();
    return answer;
  } finally {
    clearTimeout(timer);
  }
};

/**
 * This rule's `COMPLIANT` and `NON_COMPLIANT` results for its resource type, page by page (100 a page), within
 * the time given. Used to turn results of resources that no longer exist NOT_APPLICABLE (clean-up), and to
 * evaluate first the resources whose results are oldest. Results of other resource types are skipped.
 * @throws AwsCallError when the first page fails; DeadlineError when not even the first page was read in time.
 *   A failure or a lack of time after that returns the pages read, with `complete: false`.
 */
export const listEarlierResults = async (
  client: ConfigServiceClient,
  configRuleName: string,
  resourceType: string,
  options: ListingOptions = {},
): Promise<EarlierResults> => {
  const results = new Map<string, EarlierResult>();
  const msLeft = options.msLeft ?? (() => Number.POSITIVE_INFINITY);
  let pages = 0;
  let slowestPageMs = 0;
  let nextToken: string | undefined;
  // With no page read there is nothing to use: the caller learns why. After that, the pages read are returned.
  const stop = (because: string): EarlierResults => {
    if (pages === 0) throw new DeadlineError(because);
    return { results, pages, complete: false, stoppedBecause: because };
  };
  const read = (signal: AbortSignal | undefined): Promise<GetComplianceDetailsByConfigRuleCommandOutput> =>
    callAws(OPERATION, () =>
      client.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: configRuleName,
          ComplianceTypes: [...LISTED_COMPLIANCE_TYPES],
          Limit: LISTING_PAGE_SIZE,
          NextToken: nextToken,
        }),
        ...(signal ? [{ abortSignal: signal }] : []),
      ),
    );
  do {
    const left = msLeft();
    if (left <= 0) return stop(`${OPERATION} was not started: no time left`);
    // A page that would not be answered in time is not started (judged by the slowest page so far).
    if (left < slowestPageMs) {
      return stop(`${Math.round(left)} ms left, less than the slowest page so far (${Math.round(slowestPageMs)} ms)`);
    }
    let page: GetComplianceDetailsByConfigRuleCommandOutput | typeof CUT;
    try {
      page =
        left === Number.POSITIVE_INFINITY
          ? await read(options.abortSignal)
          : await within(read, left, options.abortSignal);
    } catch (error) {
      if (pages === 0) throw error;
      return stop((error as Error).message);
    }
    if (page === CUT) return stop(`${OPERATION} did not answer within ${Math.round(left)} ms`);
    if (Number.isFinite(left)) slowestPageMs = Math.max(slowestPageMs, left - msLeft());
    pages += 1;
    for (const result of page.EvaluationResults ?? []) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (qualifier?.ResourceType !== resourceType || !qualifier.ResourceId || !result.ComplianceType) continue;
      results.set(qualifier.ResourceId, {
        complianceType: result.ComplianceType,
        recordedAt: result.ResultRecordedTime,
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { results, pages, complete: true };
};
