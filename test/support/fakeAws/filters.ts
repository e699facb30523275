/** EC2's filters (`Filters: [{ Name, Values }]`) and id lists, as EC2 applies and limits them. */
import type {
  Filter,
  NetworkAcl,
  PrefixList,
  RouteTable,
  SecurityGroup,
  Subnet,
  VpcBlockPublicAccessExclusion,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { serviceError } from './serviceError.ts';

/** What a filter name reads from an item: the item matches when one of these is among the filter's values. */
export type FilterFields<T> = Readonly<Record<string, (item: T) => readonly string[]>>;

/**
 * EC2 rejects requests with more filter values than this in total: "FilterLimitExceeded: The maximum number of
 * filter values specified on a single call is 200" (EC2's own error message; the API reference gives no number).
 */
const MAX_FILTER_VALUES = 200;

/** Throw EC2's FilterLimitExceeded when the request's filters hold more than 200 values together. */
export const checkFilterLimit = (filters: readonly Filter[] | undefined): void => {
  const total = (filters ?? []).reduce((sum, f) => sum + (f.Values?.length ?? 0), 0);
  if (total > MAX_FILTER_VALUES) {
    throw serviceError(
      'FilterLimitExceeded',
      `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES} (got ${total})`,
    );
  }
};

/** Keep the items every filter matches; a filter name the API does not know is an error, as on AWS. */
export const applyFilters = <T>(
  action: string,
  items: readonly T[],
  filters: readonly Filter[] | undefined,
  fields: FilterFields<T>,
): T[] => {
  const tests = (filters ?? []).map(({ Name, Values }) => {
    const field = fields[Name ?? ''];
    if (field === undefined) throw serviceError('InvalidParameterValue', `${action}: the filter '${Name}' is invalid`);
    // A set: the benchmark filters a thousand items by 200 values per call.
    const values = new Set(Values);
    return (item: T) => field(item).some((v) => values.has(v));
  });
  return items.filter((item) => tests.every((test) => test(item)));
};

/** Items by id (`GroupIds`, `NetworkAclIds`): every id must exist, as on AWS; no ids, every item. */
export const byIds = <T>(
  items: readonly T[],
  ids: readonly string[] | undefined,
  idOf: (item: T) => string | undefined,
  notFound: (id: string) => Error,
): T[] => {
  if (ids === undefined || ids.length === 0) return [...items];
  const known = new Map(items.map((item) => [idOf(item) ?? '', item]));
  return ids.map((id) => {
    const item = known.get(id);
    if (item === undefined) throw notFound(id);
    return item;
  });
};

const ids = <T>(items: readonly T[] | undefined, id: (item: T) => string | undefined): string[] =>
  (items ?? []).flatMap((item) => id(item) ?? []);

/** The filters of DescribeSubnets the fakes serve. */
export const SUBNET_FILTERS: FilterFields<Subnet> = {
  'subnet-id': (s) => [s.SubnetId ?? ''],
  'vpc-id': (s) => [s.VpcId ?? ''],
};

/** The filters of DescribeRouteTables the fakes serve. */
export const ROUTE_TABLE_FILTERS: FilterFields<RouteTable> = {
  'vpc-id': (t) => [t.VpcId ?? ''],
  'route-table-id': (t) => [t.RouteTableId ?? ''],
  'association.subnet-id': (t) => ids(t.Associations, (a) => a.SubnetId),
  'association.main': (t) => [String((t.Associations ?? []).some((a) => a.Main === true))],
};

/** The filters of DescribeVpcEndpoints the fakes serve. */
export const ENDPOINT_FILTERS: FilterFields<VpcEndpoint> = {
  'vpc-id': (e) => [e.VpcId ?? ''],
  'service-name': (e) => [e.ServiceName ?? ''],
  'vpc-endpoint-type': (e) => [e.VpcEndpointType ?? ''],
  'vpc-endpoint-state': (e) => [String(e.State ?? '')],
};

/** The filters of DescribePrefixLists the fakes serve. */
export const PREFIX_LIST_FILTERS: FilterFields<PrefixList> = {
  'prefix-list-name': (l) => [l.PrefixListName ?? ''],
  'prefix-list-id': (l) => [l.PrefixListId ?? ''],
};

/** The filters of DescribeSecurityGroups the fakes serve. */
export const SECURITY_GROUP_FILTERS: FilterFields<SecurityGroup> = {
  'group-id': (g) => [g.GroupId ?? ''],
  'group-name': (g) => [g.GroupName ?? ''],
  'vpc-id': (g) => [g.VpcId ?? ''],
  'owner-id': (g) => [g.OwnerId ?? ''],
};

/** The filters of DescribeNetworkAcls the fakes serve. */
export const NETWORK_ACL_FILTERS: FilterFields<NetworkAcl> = {
  'vpc-id': (a) => [a.VpcId ?? ''],
  'network-acl-id': (a) => [a.NetworkAclId ?? ''],
  default: (a) => [String(a.IsDefault === true)],
  'owner-id': (a) => [a.OwnerId ?? ''],
  'association.subnet-id': (a) => ids(a.Associations, (x) => x.SubnetId),
  'association.network-acl-id': (a) => ids(a.Associations, (x) => x.NetworkAclId),
  'association.association-id': (a) => ids(a.Associations, (x) => x.NetworkAclAssociationId),
};

/** The filters of DescribeVpcBlockPublicAccessExclusions the fakes serve. */
export const EXCLUSION_FILTERS: FilterFields<VpcBlockPublicAccessExclusion> = {
  'resource-arn': (x) => [x.ResourceArn ?? ''],
  'internet-gateway-exclusion-mode': (x) => [x.InternetGatewayExclusionMode ?? ''],
  state: (x) => [x.State ?? ''],
};
