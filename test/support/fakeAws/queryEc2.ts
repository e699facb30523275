/** EC2's reads of the account: the network of its VPCs, filtered and paged as EC2 does (MaxResults, NextToken). */
import type {
  DescribeNetworkAclsCommandInput,
  DescribeSecurityGroupsCommandInput,
  DescribeVpcAttributeCommandInput,
  Filter,
  GetManagedPrefixListEntriesCommandInput,
} from '@aws-sdk/client-ec2';
import { type AccountData, subnetsOf } from './account.ts';
import { blockPublicAccessOf, networkAclsOf, prefixListEntriesOf, securityGroupsOf } from './defaults.ts';
import {
  applyFilters,
  byIds,
  ENDPOINT_FILTERS,
  EXCLUSION_FILTERS,
  type FilterFields,
  NETWORK_ACL_FILTERS,
  PREFIX_LIST_FILTERS,
  ROUTE_TABLE_FILTERS,
  SECURITY_GROUP_FILTERS,
  SUBNET_FILTERS,
} from './filters.ts';
import { page } from './pages.ts';
import type { Operation } from './query.ts';
import { serviceError } from './serviceError.ts';

/** A filtered, paged list of the account's items, as EC2's list operations answer (`member` and `NextToken`). */
const listOf =
  <T>(
    action: string,
    member: string,
    itemsOf: (data: AccountData) => readonly T[],
    fields: FilterFields<T>,
  ): Operation =>
  (data, input: { Filters?: Filter[]; MaxResults?: number; NextToken?: string }, { size }) => {
    const all = applyFilters(action, itemsOf(data), input.Filters, fields);
    const { items, next } = page(all, input.NextToken, size(input.MaxResults));
    return { [member]: items, NextToken: next };
  };

/** The EC2 operations the scan, the preflight and the per-cluster checker call. */
export const EC2_OPERATIONS: Readonly<Record<string, Operation>> = {
  DescribeSubnets: listOf('DescribeSubnets', 'Subnets', subnetsOf, SUBNET_FILTERS),
  DescribeRouteTables: listOf('DescribeRouteTables', 'RouteTables', (d) => d.routeTables, ROUTE_TABLE_FILTERS),
  DescribeVpcEndpoints: listOf('DescribeVpcEndpoints', 'VpcEndpoints', (d) => d.vpcEndpoints, ENDPOINT_FILTERS),
  DescribePrefixLists: listOf('DescribePrefixLists', 'PrefixLists', (d) => d.prefixLists, PREFIX_LIST_FILTERS),
  DescribeSecurityGroups: (data, input: DescribeSecurityGroupsCommandInput, { size }) => {
    const groupIds = input.GroupIds ?? [];
    // EC2 pages only filtered requests: a list of ids comes back whole.
    if (groupIds.length > 0 && input.MaxResults !== undefined) {
      throw serviceError(
        'InvalidParameterCombination',
        'The parameter groupIds cannot be used with the parameter maxResults',
      );
    }
    const requestedSize = size(input.MaxResults);
    const named = byIds(
      securityGroupsOf(data),
      groupIds,
      (g) => g.GroupId,
      (id) => serviceError('InvalidGroup.NotFound', `The security group '${id}' does not exist`),
    );
    const all = applyFilters('DescribeSecurityGroups', named, input.Filters, SECURITY_GROUP_FILTERS);
    const { items, next } = page(all, input.NextToken, requestedSize);
    return { SecurityGroups: items, NextToken: next };
  },
  DescribeNetworkAcls: (data, input: DescribeNetworkAclsCommandInput, { size }) => {
    const requestedSize = size(input.MaxResults);
    const named = byIds(
      networkAclsOf(data),
      input.NetworkAclIds,
      (a) => a.NetworkAclId,
      (id) => serviceError('InvalidNetworkAclID.NotFound', `The network ACL ID '${id}' does not exist`),
    );
    const all = applyFilters('DescribeNetworkAcls', named, input.Filters, NETWORK_ACL_FILTERS);
    const { items, next } = page(all, input.NextToken, requestedSize);
    return { NetworkAcls: items, NextToken: next };
  },
  GetManagedPrefixListEntries: (data, input: GetManagedPrefixListEntriesCommandInput, { size }) => {
    const requestedSize = size(input.MaxResults);
    const id = input.PrefixListId ?? '';
    if (id === '') throw serviceError('MissingParameter', 'The request must contain the parameter PrefixListId');
    const entries = prefixListEntriesOf(data, id);
    if (entries === undefined) {
      throw serviceError('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist.`);
    }
    const { items, next } = page(entries, input.NextToken, requestedSize);
    return { Entries: items, NextToken: next };
  },
  DescribeVpcBlockPublicAccessOptions: (data) => ({ VpcBlockPublicAccessOptions: blockPublicAccessOf(data) }),
  DescribeVpcBlockPublicAccessExclusions: listOf(
    'DescribeVpcBlockPublicAccessExclusions',
    'VpcBlockPublicAccessExclusions',
    (d) => d.blockPublicAccess?.exclusions ?? [],
    EXCLUSION_FILTERS,
  ),
  DescribeVpcAttribute: (data, input: DescribeVpcAttributeCommandInput) => {
    const vpcId = input.VpcId ?? '';
    const attributes = data.vpcAttributes[vpcId];
    if (attributes === undefined) throw serviceError('InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
    if (input.Attribute === 'enableDnsSupport') {
      return { VpcId: vpcId, EnableDnsSupport: { Value: attributes.enableDnsSupport } };
    }
    if (input.Attribute === 'enableDnsHostnames') {
      return { VpcId: vpcId, EnableDnsHostnames: { Value: attributes.enableDnsHostnames } };
    }
    throw serviceError('InvalidParameterValue', `Value (${input.Attribute}) for parameter attribute is invalid.`);
  },
};
