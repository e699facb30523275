/**
 * A local AWS endpoint for the benchmark (127.0.0.1 only): Redshift, EC2 and Config answered in their wire
 * formats with AWS's page limits and filters, a fixed latency per call and a count per action. Both
 * contenders reach it through the real SDK v3 clients (`AWS_ENDPOINT_URL`), so serialization, signing,
 * retries and connection reuse all run as they would against AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type {
  NetworkAcl,
  RouteTable,
  SecurityGroup,
  VpcBlockPublicAccessExclusion,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { MAX_PAGE } from './apiMinimum.ts';
import type { Estate } from './estate.ts';
import {
  clusterXml,
  ec2Error,
  ec2Page,
  networkAclXml,
  prefixListEntryXml,
  prefixListXml,
  redshiftError,
  redshiftXml,
  routeTableXml,
  securityGroupXml,
  subnetGroupXml,
  vpcAttributeXml,
  vpcBlockPublicAccessExclusionXml,
  vpcBlockPublicAccessOptionsXml,
  vpcEndpointXml,
} from './wire.ts';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A client error in the service's own format (the SDK parses it into a named exception). */
class Fault extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

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

const REDSHIFT_ACTIONS = new Set(['DescribeClusters', 'DescribeClusterSubnetGroups']);

/** AWS's page-size rules: a range to validate (an out-of-range value is rejected), or a silent cap. */
interface PageRule {
  readonly min: number;
  readonly max: number;
  /** Used when the caller sends no size (EC2's older APIs then return everything). */
  readonly fallback: number;
  /** Values above `max` are capped instead of rejected (DescribeVpcEndpoints). */
  readonly capAbove?: boolean;
}

const PAGE_RULES: Readonly<Record<string, PageRule>> = {
  DescribeClusters: { min: 20, max: MAX_PAGE.DescribeClusters, fallback: 100 },
  DescribeClusterSubnetGroups: { min: 20, max: MAX_PAGE.DescribeClusterSubnetGroups, fallback: 100 },
  DescribeRouteTables: { min: 5, max: MAX_PAGE.DescribeRouteTables, fallback: Number.POSITIVE_INFINITY },
  DescribeVpcEndpoints: { min: 1, max: MAX_PAGE.DescribeVpcEndpoints, fallback: 1000, capAbove: true },
  DescribePrefixLists: { min: 5, max: MAX_PAGE.DescribePrefixLists, fallback: Number.POSITIVE_INFINITY },
  DescribeSecurityGroups: { min: 5, max: MAX_PAGE.DescribeSecurityGroups, fallback: Number.POSITIVE_INFINITY },
  DescribeNetworkAcls: { min: 5, max: MAX_PAGE.DescribeNetworkAcls, fallback: Number.POSITIVE_INFINITY },
  // The newer APIs document no "all items" default: without a size, at most a full page.
  GetManagedPrefixListEntries: {
    min: 1,
    max: MAX_PAGE.GetManagedPrefixListEntries,
    fallback: MAX_PAGE.GetManagedPrefixListEntries,
  },
  DescribeVpcBlockPublicAccessExclusions: {
    min: 5,
    max: MAX_PAGE.DescribeVpcBlockPublicAccessExclusions,
    fallback: MAX_PAGE.DescribeVpcBlockPublicAccessExclusions,
  },
  GetComplianceDetailsByConfigRule: { min: 0, max: MAX_PAGE.GetComplianceDetailsByConfigRule, fallback: 100 },
};

/**
 * EC2 rejects requests with more filter values than this in total: "FilterLimitExceeded: The maximum number of
 * filter values specified on a single call is 200" (EC2's own error message; the API reference gives no number).
 */
const MAX_FILTER_VALUES = 200;
/** PutEvaluations takes at most 100 evaluations; an annotation at most 256 characters. */
const PUT_LIMIT = MAX_PAGE.PutEvaluations;
const ANNOTATION_LIMIT = 256;

const pageSize = (action: string, requested: string | number | undefined): number => {
  const rule = PAGE_RULES[action];
  if (rule === undefined) throw new Error(`no page rule for ${action}`);
  if (
    requested === undefined ||
    requested === '' ||
    (action === 'GetComplianceDetailsByConfigRule' && +requested === 0)
  )
    return rule.fallback;
  const size = Number(requested);
  if (!Number.isInteger(size) || size < rule.min || (size > rule.max && !rule.capAbove)) {
    throw new Fault('InvalidParameterValue', `${action}: page size ${requested} is outside ${rule.min}-${rule.max}`);
  }
  return Math.min(size, rule.max);
};

/** One page from `token` on; tokens are opaque to callers and rejected when forged. */
const page = <T>(items: readonly T[], token: string | undefined, size: number) => {
  const start = token
    ? Number(
        Buffer.from(token, 'base64url')
          .toString('utf8')
          .replace(/^page:/, ''),
      )
    : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new Fault('InvalidNextToken', `invalid pagination token ${token}`);
  }
  const end = Math.min(items.length, start + size);
  const next = end < items.length ? Buffer.from(`page:${end}`).toString('base64url') : undefined;
  return { items: items.slice(start, end), next };
};

/** EC2 query filters: `Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-…`. */
const filtersOf = (params: URLSearchParams): Map<string, Set<string>> => {
  const filters = new Map<string, Set<string>>();
  let total = 0;
  for (let n = 1; params.has(`Filter.${n}.Name`); n++) {
    const values = new Set<string>();
    for (let m = 1; params.has(`Filter.${n}.Value.${m}`); m++) values.add(params.get(`Filter.${n}.Value.${m}`) ?? '');
    total += values.size;
    filters.set(params.get(`Filter.${n}.Name`) ?? '', values);
  }
  if (total > MAX_FILTER_VALUES) {
    throw new Fault(
      'FilterLimitExceeded',
      `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES} (got ${total})`,
    );
  }
  return filters;
};

/** An EC2 id list: `GroupId.1=sg-…&GroupId.2=…`. */
const idsOf = (params: URLSearchParams, name: string): string[] => {
  const ids: string[] = [];
  for (let n = 1; params.has(`${name}.${n}`); n++) ids.push(params.get(`${name}.${n}`) ?? '');
  return ids;
};

/** Keep the items every filter matches; a filter name the API does not know is an error, as on AWS. */
const applyFilters = <T>(
  action: string,
  items: readonly T[],
  filters: Map<string, Set<string>>,
  fields: Readonly<Record<string, (item: T) => readonly string[]>>,
): T[] => {
  for (const name of filters.keys()) {
    if (fields[name] === undefined)
      throw new Fault('InvalidParameterValue', `${action}: the filter '${name}' is invalid`);
  }
  return items.filter((item) =>
    [...filters].every(([name, values]) => (fields[name]?.(item) ?? []).some((v) => values.has(v))),
  );
};

const ROUTE_TABLE_FILTERS: Readonly<Record<string, (t: RouteTable) => readonly string[]>> = {
  'vpc-id': (t) => [t.VpcId ?? ''],
  'route-table-id': (t) => [t.RouteTableId ?? ''],
  'association.subnet-id': (t) => (t.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
  'association.main': (t) => [String((t.Associations ?? []).some((a) => a.Main === true))],
};

const ENDPOINT_FILTERS: Readonly<Record<string, (e: VpcEndpoint) => readonly string[]>> = {
  'vpc-id': (e) => [e.VpcId ?? ''],
  'service-name': (e) => [e.ServiceName ?? ''],
  'vpc-endpoint-type': (e) => [e.VpcEndpointType ?? ''],
  'vpc-endpoint-state': (e) => [String(e.State ?? '')],
};

const SECURITY_GROUP_FILTERS: Readonly<Record<string, (g: SecurityGroup) => readonly string[]>> = {
  'group-id': (g) => [g.GroupId ?? ''],
  'group-name': (g) => [g.GroupName ?? ''],
  'vpc-id': (g) => [g.VpcId ?? ''],
  'owner-id': (g) => [g.OwnerId ?? ''],
};

const NETWORK_ACL_FILTERS: Readonly<Record<string, (a: NetworkAcl) => readonly string[]>> = {
  'vpc-id': (a) => [a.VpcId ?? ''],
  'network-acl-id': (a) => [a.NetworkAclId ?? ''],
  default: (a) => [String(a.IsDefault === true)],
  'owner-id': (a) => [a.OwnerId ?? ''],
  'association.subnet-id': (a) => (a.Associations ?? []).flatMap((x) => (x.SubnetId ? [x.SubnetId] : [])),
  'association.network-acl-id': (a) => (a.Associations ?? []).flatMap((x) => (x.NetworkAclId ? [x.NetworkAclId] : [])),
  'association.association-id': (a) =>
    (a.Associations ?? []).flatMap((x) => (x.NetworkAclAssociationId ? [x.NetworkAclAssociationId] : [])),
};

const EXCLUSION_FILTERS: Readonly<Record<string, (x: VpcBlockPublicAccessExclusion) => readonly string[]>> = {
  'resource-arn': (x) => [x.ResourceArn ?? ''],
  'internet-gateway-exclusion-mode': (x) => [x.InternetGatewayExclusionMode ?? ''],
  state: (x) => [x.State ?? ''],
};

/** Items by id (`GroupId.N`, `NetworkAclId.N`): every id must exist, as on AWS. */
const byIds = <T>(
  items: readonly T[],
  ids: readonly string[],
  idOf: (item: T) => string | undefined,
  fault: (id: string) => Fault,
): T[] => {
  if (ids.length === 0) return [...items];
  const known = new Map(items.map((item) => [idOf(item) ?? '', item]));
  return ids.map((id) => {
    const item = known.get(id);
    if (item === undefined) throw fault(id);
    return item;
  });
};

const xml = (body: string): Answer => ({ status: 200, contentType: 'text/xml', body });
const json = (body: unknown): Answer => ({
  status: 200,
  contentType: 'application/x-amz-json-1.1',
  body: JSON.stringify(body),
});

const redshift = (estate: Estate, action: string, p: URLSearchParams): Answer => {
  const size = pageSize(action, p.get('MaxRecords') ?? undefined);
  const marker = p.get('Marker') ?? undefined;
  const markerXml = (next: string | undefined) => (next ? `<Marker>${next}</Marker>` : '');
  if (action === 'DescribeClusters') {
    const id = p.get('ClusterIdentifier');
    const all = id ? estate.clusters.filter((c) => c.ClusterIdentifier === id) : estate.clusters;
    if (id && all.length === 0) throw new Fault('ClusterNotFound', `Cluster ${id} not found.`);
    const { items, next } = page(all, marker, size);
    return xml(redshiftXml(action, `<Clusters>${items.map(clusterXml).join('')}</Clusters>${markerXml(next)}`));
  }
  const name = p.get('ClusterSubnetGroupName');
  const all = name ? estate.subnetGroups.filter((g) => g.ClusterSubnetGroupName === name) : estate.subnetGroups;
  if (name && all.length === 0) {
    throw new Fault('ClusterSubnetGroupNotFoundFault', `ClusterSubnetGroup ${name} not found.`);
  }
  const { items, next } = page(all, marker, size);
  return xml(
    redshiftXml(
      action,
      `<ClusterSubnetGroups>${items.map(subnetGroupXml).join('')}</ClusterSubnetGroups>${markerXml(next)}`,
    ),
  );
};

const ec2 = (estate: Estate, action: string, p: URLSearchParams): Answer => {
  const token = p.get('NextToken') ?? undefined;
  switch (action) {
    case 'DescribeRouteTables': {
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const all = applyFilters(action, estate.routeTables, filtersOf(p), ROUTE_TABLE_FILTERS);
      const { items, next } = page(all, token, size);
      return xml(ec2Page(action, 'routeTableSet', items, routeTableXml, next));
    }
    case 'DescribeVpcEndpoints': {
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const all = applyFilters(action, estate.vpcEndpoints, filtersOf(p), ENDPOINT_FILTERS);
      const { items, next } = page(all, token, size);
      return xml(ec2Page(action, 'vpcEndpointSet', items, vpcEndpointXml, next));
    }
    case 'DescribePrefixLists': {
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const all = applyFilters(action, estate.prefixLists, filtersOf(p), {
        'prefix-list-name': (l) => [l.PrefixListName ?? ''],
        'prefix-list-id': (l) => [l.PrefixListId ?? ''],
      });
      const { items, next } = page(all, token, size);
      return xml(ec2Page(action, 'prefixListSet', items, prefixListXml, next));
    }
    case 'DescribeSecurityGroups': {
      const groupIds = idsOf(p, 'GroupId');
      // EC2 pages only filtered requests: a list of ids comes back whole.
      if (groupIds.length > 0 && p.has('MaxResults')) {
        throw new Fault(
          'InvalidParameterCombination',
          'The parameter groupIds cannot be used with the parameter maxResults',
        );
      }
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const named = byIds(
        estate.securityGroups,
        groupIds,
        (g) => g.GroupId,
        (id) => new Fault('InvalidGroup.NotFound', `The security group '${id}' does not exist`),
      );
      const all = applyFilters(action, named, filtersOf(p), SECURITY_GROUP_FILTERS);
      const { items, next } = page(all, token, size);
      return xml(ec2Page(action, 'securityGroupInfo', items, securityGroupXml, next));
    }
    case 'DescribeNetworkAcls': {
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const named = byIds(
        estate.networkAcls,
        idsOf(p, 'NetworkAclId'),
        (a) => a.NetworkAclId,
        (id) => new Fault('InvalidNetworkAclID.NotFound', `The network ACL ID '${id}' does not exist`),
      );
      const all = applyFilters(action, named, filtersOf(p), NETWORK_ACL_FILTERS);
      const { items, next } = page(all, token, size);
      return xml(ec2Page(action, 'networkAclSet', items, networkAclXml, next));
    }
    case 'GetManagedPrefixListEntries': {
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const id = p.get('PrefixListId') ?? '';
      if (id === '') throw new Fault('MissingParameter', 'The request must contain the parameter PrefixListId');
      const entries = estate.prefixListEntries.get(id);
      if (entries === undefined)
        throw new Fault('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist.`);
      const { items, next } = page(entries, token, size);
      return xml(ec2Page(action, 'entrySet', items, prefixListEntryXml, next));
    }
    case 'DescribeVpcBlockPublicAccessOptions':
      return xml(vpcBlockPublicAccessOptionsXml(estate.blockPublicAccess));
    case 'DescribeVpcBlockPublicAccessExclusions': {
      const size = pageSize(action, p.get('MaxResults') ?? undefined);
      const all = applyFilters(action, estate.blockPublicAccessExclusions, filtersOf(p), EXCLUSION_FILTERS);
      const { items, next } = page(all, token, size);
      return xml(ec2Page(action, 'vpcBlockPublicAccessExclusionSet', items, vpcBlockPublicAccessExclusionXml, next));
    }
    case 'DescribeVpcAttribute': {
      const vpcId = p.get('VpcId') ?? '';
      const attribute = p.get('Attribute') ?? '';
      const dns = estate.dns.get(vpcId);
      if (dns === undefined) throw new Fault('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
      if (attribute !== 'enableDnsSupport' && attribute !== 'enableDnsHostnames') {
        throw new Fault('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
      }
      return xml(vpcAttributeXml(vpcId, attribute, dns[attribute]));
    }
    default:
      throw new Fault('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
};

interface EvaluationIn {
  readonly ComplianceResourceType?: string;
  readonly ComplianceResourceId?: string;
  readonly ComplianceType?: string;
  readonly Annotation?: string;
  readonly OrderingTimestamp?: number;
}

const config = (
  estate: Estate,
  action: string,
  body: string,
  verdicts: Map<string, string>,
  annotations: Map<string, string>,
): Answer => {
  const input = JSON.parse(body || '{}') as {
    ConfigRuleName?: string;
    ComplianceTypes?: string[];
    Limit?: number;
    NextToken?: string;
    Evaluations?: EvaluationIn[];
    ResultToken?: string;
  };
  if (action === 'GetComplianceDetailsByConfigRule') {
    const types = new Set(input.ComplianceTypes ?? ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    const all = estate.earlierResults.filter((r) => types.has(r.complianceType));
    const { items, next } = page(all, input.NextToken, pageSize(action, input.Limit));
    return json({
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
    });
  }
  if (action === 'PutEvaluations') {
    const evaluations = input.Evaluations ?? [];
    if (!input.ResultToken) throw new Fault('InvalidResultTokenException', 'The result token is missing.');
    if (evaluations.length > PUT_LIMIT) {
      throw new Fault('ValidationException', `Evaluations has ${evaluations.length} members; at most ${PUT_LIMIT}.`);
    }
    for (const e of evaluations) {
      if (
        !e.ComplianceResourceType ||
        !e.ComplianceResourceId ||
        !e.ComplianceType ||
        e.OrderingTimestamp === undefined
      ) {
        throw new Fault('ValidationException', 'An evaluation lacks a required member.');
      }
      if ((e.Annotation ?? '').length > ANNOTATION_LIMIT) {
        throw new Fault('ValidationException', `Annotation longer than ${ANNOTATION_LIMIT} characters.`);
      }
      verdicts.set(e.ComplianceResourceId, e.ComplianceType);
      annotations.set(e.ComplianceResourceId, e.Annotation ?? '');
    }
    return json({ FailedEvaluations: [] });
  }
  throw new Fault('UnknownOperationException', `${action} is not served by the benchmark endpoint.`);
};

const faultAnswer = (protocol: 'redshift' | 'ec2' | 'json', fault: Fault): Answer => {
  if (protocol === 'json') {
    return {
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      body: JSON.stringify({ __type: fault.code, message: fault.message }),
    };
  }
  const body = protocol === 'redshift' ? redshiftError(fault.code, fault.message) : ec2Error(fault.code, fault.message);
  return { status: 400, contentType: 'text/xml', body };
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Start the endpoint on an ephemeral port of 127.0.0.1 (never another interface). */
export const startFakeAws = async (options: { readonly latencyMs: number }): Promise<FakeAws> => {
  let estate: Estate | undefined;
  let calls: Record<string, number> = {};
  let faults: string[] = [];
  let verdicts = new Map<string, string>();
  let annotations = new Map<string, string>();
  let inFlight = 0;
  let peakInFlight = 0;

  const answer = (req: IncomingMessage, body: string): Answer => {
    const target = req.headers['x-amz-target'];
    const params = new URLSearchParams(body);
    const action = typeof target === 'string' ? (target.split('.').pop() ?? target) : (params.get('Action') ?? '');
    const protocol = typeof target === 'string' ? 'json' : REDSHIFT_ACTIONS.has(action) ? 'redshift' : 'ec2';
    calls[action] = (calls[action] ?? 0) + 1;
    try {
      if (estate === undefined) throw new Fault('ServiceUnavailable', 'no estate is being served');
      if (protocol === 'json') return config(estate, action, body, verdicts, annotations);
      return protocol === 'redshift' ? redshift(estate, action, params) : ec2(estate, action, params);
    } catch (error) {
      if (!(error instanceof Fault)) throw error;
      faults.push(`${action}: ${error.code} ${error.message}`);
      return faultAnswer(protocol, error);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      const body = await readBody(req);
      const out = answer(req, body);
      // The latency of a real regional endpoint, paid by every call whatever its size.
      await delay(options.latencyMs);
      res.writeHead(out.status, { 'content-type': out.contentType, 'x-amzn-requestid': 'bench-0000' });
      res.end(out.body);
    } catch (error) {
      faults.push(`internal: ${String(error)}`);
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    } finally {
      inFlight -= 1;
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (next) => {
      estate = next;
      calls = {};
      faults = [];
      verdicts = new Map();
      annotations = new Map();
      peakInFlight = 0;
    },
    stats: () => ({ calls: { ...calls }, faults: [...faults], peakInFlight, verdicts, annotations }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
};
