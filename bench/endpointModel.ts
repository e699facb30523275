/**
 * What the benchmark's AWS endpoint answers, whatever carries the requests (HTTP on 127.0.0.1 in real time,
 * or in process in simulated time): the one fake account (test/support/fakeAws) in the wire formats with AWS's
 * page limits and filters, Config's rule results (kept up to date by PutEvaluations, so that a later run sees
 * which results are oldest), EC2's request token bucket when one is given, and a count of everything.
 */

import type { ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import { answerOnWire, type Fault } from '../test/support/fakeAws/accountHandler.ts';
import type { StubRequest, StubResponse } from '../test/support/fakeAws/httpStub.ts';
import { MAX_PAGE, type PageRule, page, pageSize } from '../test/support/fakeAws/pages.ts';
import { queryAccount } from '../test/support/fakeAws/query.ts';
import { serviceError } from '../test/support/fakeAws/serviceError.ts';
import {
  type BucketSize,
  ec2FamilyOf,
  requestLimitExceeded,
  TokenBucket,
} from '../test/support/fakeAws/tokenBucket.ts';
import { errorAnswer } from '../test/support/fakeAws/wire.ts';
import type { EarlierResult, Estate } from './estate.ts';

export interface EndpointStats {
  /** HTTP requests per action, retries and throttled ones included: each counts against AWS's rate limits. */
  readonly calls: Readonly<Record<string, number>>;
  /** Error answers per action other than throttling (a correct run has none: a contender would record "unknown"). */
  readonly faults: readonly string[];
  /** Requests answered RequestLimitExceeded, per action. */
  readonly throttled: Readonly<Record<string, number>>;
  /** Requests that were a retry (the SDK's `amz-sdk-request: attempt=N`, N > 1). */
  readonly retries: number;
  /** Calls whose last attempt was throttled: the SDK gave up and the contender saw the error. */
  readonly surfaced: number;
  /** The most requests in flight at once. */
  readonly peakInFlight: number;
  /** The last verdict PutEvaluations received per cluster since the counters were reset. */
  readonly verdicts: ReadonlyMap<string, string>;
  /** The last annotation per cluster since the counters were reset. */
  readonly annotations: ReadonlyMap<string, string>;
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

/** The list each per-VPC read answers from (the estate's field of that name). */
const NARROWABLE: Readonly<
  Record<string, 'routeTables' | 'vpcEndpoints' | 'networkAcls' | 'securityGroups' | 'subnetGroups'>
> = {
  DescribeRouteTables: 'routeTables',
  DescribeVpcEndpoints: 'vpcEndpoints',
  DescribeNetworkAcls: 'networkAcls',
  DescribeSecurityGroups: 'securityGroups',
  DescribeClusterSubnetGroups: 'subnetGroups',
};
/** Filters whose values tell the VPC. */
const VPC_KEYS = new Set(['vpc-id', 'association.subnet-id', 'group-id']);

const attemptOf = (request: StubRequest): number =>
  Number(/attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);

export class EndpointModel {
  private estate: Estate | undefined;
  private results = new Map<string, EarlierResult>();
  private bucket: TokenBucket | undefined;
  private calls: Record<string, number> = {};
  private throttled: Record<string, number> = {};
  private faults: string[] = [];
  private retries = 0;
  /** Per SDK invocation id: whether its latest attempt was throttled. */
  private lastThrottled = new Map<string, boolean>();
  private verdicts = new Map<string, string>();
  private annotations = new Map<string, string>();
  private inFlight = 0;
  private peakInFlight = 0;

  constructor(
    private readonly options: {
      /** EC2's bucket for non-mutating actions, or none (no throttling). */
      readonly bucket?: BucketSize;
      /** The clock the bucket refills by and PutEvaluations records results at (ms). */
      readonly now?: () => number;
    } = {},
  ) {}

  private readonly now = (): number => (this.options.now ?? (() => Date.now()))();

  /** Serve this estate from now on: its earlier results, a full bucket and fresh counters. */
  serve(estate: Estate): void {
    this.estate = estate;
    this.results = new Map(estate.earlierResults.map((r) => [r.clusterIdentifier, r]));
    this.newRun();
  }

  /** Fresh counters and a full bucket, the estate and Config's results kept (the next periodic run). */
  newRun(): void {
    // Made full on the run's first request, on the clock the run uses (a simulated one starts then).
    this.bucket = undefined;
    this.calls = {};
    this.throttled = {};
    this.faults = [];
    this.retries = 0;
    this.lastThrottled = new Map();
    this.verdicts = new Map();
    this.annotations = new Map();
    this.peakInFlight = 0;
  }

  stats(): EndpointStats {
    return {
      calls: { ...this.calls },
      faults: [...this.faults],
      throttled: { ...this.throttled },
      retries: this.retries,
      surfaced: [...this.lastThrottled.values()].filter(Boolean).length,
      peakInFlight: this.peakInFlight,
      verdicts: this.verdicts,
      annotations: this.annotations,
    };
  }

  /** A request arrives: count it (its answer may take a while: call `done` when it has gone). */
  begin(): { done: () => void } {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    return {
      done: () => {
        this.inFlight -= 1;
      },
    };
  }

  /** The answer to one request, on the wire. */
  answer(request: StubRequest): StubResponse {
    const operation = request.operation;
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    if (attemptOf(request) > 1) this.retries += 1;
    const invocation = String(request.headers['amz-sdk-invocation-id'] ?? '');
    const isEc2 = request.params.get('Version') === '2016-11-15';
    if (this.options.bucket !== undefined) this.bucket ??= new TokenBucket(this.options.bucket, this.now);
    if (isEc2 && ec2FamilyOf(operation) !== undefined && this.bucket !== undefined && !this.bucket.take()) {
      this.throttled[operation] = (this.throttled[operation] ?? 0) + 1;
      this.lastThrottled.set(invocation, true);
      const error = requestLimitExceeded();
      return errorAnswer(request, { name: error.name, message: error.message, status: 503 });
    }
    this.lastThrottled.set(invocation, false);
    const onFault = (fault: Fault) => this.faults.push(`${fault.operation}: ${fault.code} ${fault.message}`);
    try {
      return answerOnWire(
        request,
        (action, input) => {
          if (this.estate === undefined) throw serviceError('ServiceUnavailable', 'no estate is being served');
          // Config is JSON behind StarlingDoveService; the account's services are answered by the one fake.
          if (String(request.headers['x-amz-target']).startsWith('StarlingDoveService.')) {
            return this.config(action, input);
          }
          return queryAccount(this.narrowed(this.estate, action, input), action, input);
        },
        onFault,
      );
    } catch (error) {
      this.faults.push(`internal: ${String(error)}`);
      throw error;
    }
  }

  /**
   * The estate with the list `action` reads cut down to the VPCs its filters name (in the same order), so that
   * answering one of tens of thousands of per-cluster calls does not scan every VPC's items: the answer is the
   * same, since the fake applies the request's filters to the smaller list just as to the whole.
   */
  private narrowed(estate: Estate, action: string, input: Record<string, unknown>): Estate {
    const field = NARROWABLE[action];
    if (field === undefined) return estate;
    const index = this.vpcIndex(estate);
    if (field === 'subnetGroups') {
      const name = input.ClusterSubnetGroupName;
      const group = typeof name === 'string' ? index.subnetGroup.get(name) : undefined;
      return group === undefined ? estate : { ...estate, subnetGroups: [group] };
    }
    const filters = (input.Filters ?? []) as { Name?: string; Values?: string[] }[];
    const keys: string[] = [
      ...filters.flatMap((f) => (f.Name && VPC_KEYS.has(f.Name) ? (f.Values ?? []).map((v) => `${f.Name}=${v}`) : [])),
      ...((input.GroupIds ?? []) as string[]).map((id) => `group-id=${id}`),
    ];
    const vpcs = keys.map((key) => index.vpcOf.get(key));
    if (keys.length === 0 || vpcs.some((v) => v === undefined)) return estate;
    const wanted = new Set(vpcs);
    const items = (estate[field] ?? []) as { VpcId?: string }[];
    return { ...estate, [field]: items.filter((item) => wanted.has(item.VpcId)) };
  }

  private index:
    | { estate: Estate; vpcOf: Map<string, string>; subnetGroup: Map<string, ClusterSubnetGroup> }
    | undefined;

  /** Which VPC a filter value belongs to (vpc-id, a subnet's association, a group id), and subnet groups by name. */
  private vpcIndex(estate: Estate) {
    if (this.index?.estate === estate) return this.index;
    const vpcOf = new Map<string, string>();
    const subnetGroup = new Map<string, ClusterSubnetGroup>();
    for (const id of estate.vpcIds) vpcOf.set(`vpc-id=${id}`, id);
    for (const g of estate.subnetGroups) {
      subnetGroup.set(g.ClusterSubnetGroupName ?? '', g);
      for (const s of g.Subnets ?? []) vpcOf.set(`association.subnet-id=${s.SubnetIdentifier}`, g.VpcId ?? '');
    }
    for (const g of estate.securityGroups) vpcOf.set(`group-id=${g.GroupId}`, g.VpcId ?? '');
    this.index = { estate, vpcOf, subnetGroup };
    return this.index;
  }

  /** Config's two operations the rule calls: its earlier results, and PutEvaluations (whose verdicts are kept). */
  private config(action: string, input: ConfigInput): Record<string, unknown> {
    if (action === 'GetComplianceDetailsByConfigRule') {
      const types = new Set(input.ComplianceTypes ?? ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
      const all = [...this.results.values()].filter((r) => types.has(r.complianceType));
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
        throw serviceError(
          'ValidationException',
          `Evaluations has ${evaluations.length} members; at most ${PUT_LIMIT}.`,
        );
      }
      const recordedAt = new Date(this.now());
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
        this.verdicts.set(e.ComplianceResourceId, e.ComplianceType);
        this.annotations.set(e.ComplianceResourceId, e.Annotation ?? '');
        this.results.set(e.ComplianceResourceId, {
          clusterIdentifier: e.ComplianceResourceId,
          complianceType: e.ComplianceType as EarlierResult['complianceType'],
          recordedAt,
        });
      }
      return { FailedEvaluations: [] };
    }
    throw serviceError('UnknownOperationException', `${action} is not served by the benchmark endpoint.`);
  }
}
