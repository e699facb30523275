/**
 * A local AWS endpoint for the benchmark (127.0.0.1 only): the one fake account (test/support/fakeAws) answered
 * in the wire formats with AWS's page limits and filters, plus Config's rule results, a fixed latency per call
 * and a count per action. Both contenders reach it through the real SDK v3 clients (`AWS_ENDPOINT_URL`), so
 * serialization, signing, retries and connection reuse all run as they would against AWS.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { answerOnWire, type Fault } from '../test/support/fakeAws/accountHandler.ts';
import { type StubRequest, type StubResponse, startHttpStub } from '../test/support/fakeAws/httpStub.ts';
import { MAX_PAGE, type PageRule, page, pageSize } from '../test/support/fakeAws/pages.ts';
import { queryAccount } from '../test/support/fakeAws/query.ts';
import { serviceError } from '../test/support/fakeAws/serviceError.ts';
import type { Estate } from './estate.ts';

export interface FakeAwsStats {
  /** HTTP requests per action, retries included: each one is a call AWS would bill against the rate limits. */
  readonly calls: Readonly<Record<string, number>>;
  /** Error answers per action (a correct run has none: both contenders would silently record "unknown"). */
  readonly faults: readonly string[];
  /** The most requests in flight at once (shows both contenders keep the same concurrency bound). */
  readonly peakInFlight: number;
  /** The last verdict PutEvaluations received per cluster, to check the contenders agree. */
  readonly verdicts: ReadonlyMap<string, string>;
  /** The last annotation per cluster: whether the contender found its network ready. */
  readonly annotations: ReadonlyMap<string, string>;
}

export interface FakeAws {
  readonly url: string;
  /** Serve this estate from now on, with fresh counters. */
  serve(estate: Estate): void;
  stats(): FakeAwsStats;
  close(): Promise<void>;
}

/** Config's page rule for the rule's earlier results (Limit 0 means the default, 100). */
const RESULTS_PAGE: PageRule = { min: 0, max: MAX_PAGE.GetComplianceDetailsByConfigRule, fallback: 100 };
/** PutEvaluations takes at most 100 evaluations; an annotation at most 256 characters. */
const PUT_LIMIT = MAX_PAGE.PutEvaluations;
const ANNOTATION_LIMIT = 256;

interface EvaluationIn {
  readonly ComplianceResourceType?: string;
  readonly ComplianceResourceId?: string;
  readonly ComplianceType?: string;
  readonly Annotation?: string;
  readonly OrderingTimestamp?: number;
}

interface ConfigInput {
  readonly ConfigRuleName?: string;
  readonly ComplianceTypes?: string[];
  readonly Limit?: number;
  readonly NextToken?: string;
  readonly Evaluations?: EvaluationIn[];
  readonly ResultToken?: string;
}

/** Config's two operations the rule calls: its earlier results, and PutEvaluations (whose verdicts are kept). */
const config = (
  estate: Estate,
  action: string,
  input: ConfigInput,
  verdicts: Map<string, string>,
  annotations: Map<string, string>,
): Record<string, unknown> => {
  if (action === 'GetComplianceDetailsByConfigRule') {
    const types = new Set(input.ComplianceTypes ?? ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    const all = estate.earlierResults.filter((r) => types.has(r.complianceType));
    const size = pageSize(action, input.Limit === 0 ? undefined : input.Limit, RESULTS_PAGE);
    const { items, next } = page(all, input.NextToken, size);
    return {
      EvaluationResults: items.map((r) => ({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: input.ConfigRuleName,
            ResourceType: 'AWS::Redshift::Cluster',
            ResourceId: r.clusterIdentifier,
          },
          OrderingTimestamp: r.recordedAt.getTime() / 1000,
        },
        ComplianceType: r.complianceType,
        ResultRecordedTime: r.recordedAt.getTime() / 1000,
        ConfigRuleInvokedTime: r.recordedAt.getTime() / 1000,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }
  if (action === 'PutEvaluations') {
    const evaluations = input.Evaluations ?? [];
    if (!input.ResultToken) throw serviceError('InvalidResultTokenException', 'The result token is missing.');
    if (evaluations.length > PUT_LIMIT) {
      throw serviceError('ValidationException', `Evaluations has ${evaluations.length} members; at most ${PUT_LIMIT}.`);
    }
    for (const e of evaluations) {
      if (
        !e.ComplianceResourceType ||
        !e.ComplianceResourceId ||
        !e.ComplianceType ||
        e.OrderingTimestamp === undefined
      ) {
        throw serviceError('ValidationException', 'An evaluation lacks a required member.');
      }
      if ((e.Annotation ?? '').length > ANNOTATION_LIMIT) {
        throw serviceError('ValidationException', `Annotation longer than ${ANNOTATION_LIMIT} characters.`);
      }
      verdicts.set(e.ComplianceResourceId, e.ComplianceType);
      annotations.set(e.ComplianceResourceId, e.Annotation ?? '');
    }
    return { FailedEvaluations: [] };
  }
  throw serviceError('UnknownOperationException', `${action} is not served by the benchmark endpoint.`);
};

/** Start the endpoint on an ephemeral port of 127.0.0.1 (never another interface). */
export const startFakeAws = async (options: { readonly latencyMs: number }): Promise<FakeAws> => {
  let estate: Estate | undefined;
  let calls: Record<string, number> = {};
  let faults: string[] = [];
  let verdicts = new Map<string, string>();
  let annotations = new Map<string, string>();
  let inFlight = 0;
  let peakInFlight = 0;

  const onFault = (fault: Fault) => faults.push(`${fault.operation}: ${fault.code} ${fault.message}`);
  const answer = (request: StubRequest): StubResponse =>
    answerOnWire(
      request,
      (action, input) => {
        if (estate === undefined) throw serviceError('ServiceUnavailable', 'no estate is being served');
        // Config is JSON behind StarlingDoveService; the account's services are answered by the one fake.
        if (String(request.headers['x-amz-target']).startsWith('StarlingDoveService.')) {
          return config(estate, action, input, verdicts, annotations);
        }
        return queryAccount(estate, action, input);
      },
      onFault,
    );

  const stub = await startHttpStub(
    async (request) => {
      calls[request.operation] = (calls[request.operation] ?? 0) + 1;
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      try {
        const out = answer(request);
        // The latency of a real regional endpoint, paid by every call whatever its size.
        await delay(options.latencyMs);
        return out;
      } catch (error) {
        faults.push(`internal: ${String(error)}`);
        throw error;
      } finally {
        inFlight -= 1;
      }
    },
    { record: false },
  );
  return {
    url: stub.url,
    serve: (next) => {
      estate = next;
      calls = {};
      faults = [];
      verdicts = new Map();
      annotations = new Map();
      peakInFlight = 0;
    },
    stats: () => ({ calls: { ...calls }, faults: [...faults], peakInFlight, verdicts, annotations }),
    close: () => stub.close(),
  };
};
