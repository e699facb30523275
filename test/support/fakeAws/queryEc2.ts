/** EC2's reads of the account: the network of its VPCs, filtered and paged as EC2 does (MaxResults, NextToken). */
import type {
  DescribeNetworkAclsCommandInput,
  DescribePrefixListsCommandInput,
  DescribeRouteTablesCommandInput,
  DescribeSecurityGroupsCommandInput,
  DescribeSubnetsCommandInput,
  DescribeVpcAttributeCommandInput,
  DescribeVpcBlockPublicAccessExclusionsCommandInput,
  DescribeVpcEndpointsCommandInput,
  GetManagedPrefixListEntriesCommandInput,
} from '@aws-sdk/client-ec2';
import { subnetsOf } from './account.ts';
import { blockPublicAccessOf, networkAclsOf, prefixListEntriesOf, securityGroupsOf } from './defaults.ts';
import {
  applyFilters,
  byIds,
  ENDPOINT_FILTERS,
  EXCLUSION_FILTERS,
  NETWORK_ACL_FILTERS,
  PREFIX_LIST_FILTERS,
  ROUTE_TABLE_FILTERS,
  SECURITY_GROUP_FILTERS,
  SUBNET_FILTERS,
} from './filters.ts';
import { page } from './pages.ts';
import type { Operation } from './query.ts';
import { serviceError } from './serviceError.ts';

/** The EC2 operations the scan, the preflight and the per-cluster checker call. */
export const EC2_OPERATIONS: Readonly<Record<string, Operation>> = {
  DescribeSubnets: (data, input: DescribeSubnetsCommandInput, { size }) => {
    const all = applyFilters('DescribeSubnets', subnetsOf(data), input.Filters, SUBNET_FILTERS);
    const { items, next } = page(all, input.NextToken, size(input.MaxResults));
    return { Subnets: items, NextToken: next };
  },
  DescribeRouteTables: (data, input: DescribeRouteTablesCommandInput, { size }) => {
    const all = applyFilters('DescribeRouteTables', data.routeTables, input.Filters, ROUTE_TABLE_FILTERS);
    const { items, next } = page(all, input.NextToken, size(input.MaxResults));
    return { RouteTables: items, NextToken: next };
  },
  DescribeVpcEndpoints: (data, input: DescribeVpcEndpointsCommandInput, { size }) => {
    const all = applyFilters('DescribeVpcEndpoints', data.vpcEndpoints, input.Filters, ENDPOINT_FILTERS);
    const { items, next } = page(all, input.NextToken, size(input.MaxResults));
    return { VpcEndpoints: items, NextToken: next };
  },
  DescribePrefixLists: (data, input: DescribePrefixListsCommandInput, { size }) => {
    const all = applyFilters('DescribePrefixLists', data.prefixLists, input.Filters, PREFIX_LIST_FILTERS);
    const { items, next } = page(all, input.NextToken, size(input.MaxResults));
    return { PrefixLists: items, NextToken: next };
  },
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
  DescribeVpcBlockPublicAccessExclusions: (
    data,
    input: DescribeVpcBlockPublicAccessExclusionsCommandInput,
    { size },
  ) => {
    const exclusions = data.blockPublicAccess?.exclusions ?? [];
    const all = applyFilters('DescribeVpcBlockPublicAccessExclusions', exclusions, input.Filters, EXCLUSION_FILTERS);
    const { items, next } = page(all, input.NextToken, size(input.MaxResults));
    return { VpcBlockPublicAccessExclusions: items, NextToken: next };
  },
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
