/** What AWS shows for the parts of an account a test leaves out: default security groups, ACLs and settings. */
import type { NetworkAcl, PrefixListEntry, SecurityGroup, VpcBlockPublicAccessOptions } from '@aws-sdk/client-ec2';
import { type AccountData, subnetsOf } from './account.ts';
import { DEFAULT_SECURITY_GROUP_ID, egress, networkAcl, securityGroup } from './builders.ts';

/**
 * The security groups of the account: the given ones, else one allowing all egress (as AWS creates groups)
 * for every group a cluster or workgroup names, in that resource's VPC.
 */
export const securityGroupsOf = (data: AccountData): SecurityGroup[] => {
  if (data.securityGroups !== undefined) return data.securityGroups;
  const groupVpc = new Map(data.subnetGroups.map((g) => [g.ClusterSubnetGroupName ?? '', g.VpcId ?? '']));
  const subnetVpc = new Map(subnetsOf(data).map((s) => [s.SubnetId ?? '', s.VpcId ?? '']));
  const named = [
    ...data.clusters.flatMap((c) =>
      (c.VpcSecurityGroups ?? []).map((g) => ({
        id: g.VpcSecurityGroupId ?? '',
        vpcId: groupVpc.get(c.ClusterSubnetGroupName ?? '') ?? c.VpcId ?? '',
      })),
    ),
    ...(data.workgroups ?? []).flatMap((w) =>
      (w.securityGroupIds ?? []).map((id) => ({ id, vpcId: subnetVpc.get(w.subnetIds?.[0] ?? '') ?? '' })),
    ),
  ];
  // A resource served by a test double of its own (a stateful workgroup) gets the default group of its VPC.
  const vpcIds = new Set([
    ...data.subnetGroups.map((g) => g.VpcId ?? ''),
    ...data.routeTables.map((t) => t.VpcId ?? ''),
  ]);
  const defaults = [...vpcIds].map((vpcId) => ({ id: DEFAULT_SECURITY_GROUP_ID, vpcId }));
  const unique = new Map([...named, ...defaults].map((g) => [`${g.vpcId}/${g.id}`, g]));
  return [...unique.values()].map((g) => securityGroup(g.id, g.vpcId, [egress.allTraffic()]));
};

/** The network ACLs of the account: the given ones, else a default ACL for each VPC the account knows. */
export const networkAclsOf = (data: AccountData): NetworkAcl[] => {
  if (data.networkAcls !== undefined) return data.networkAcls;
  const vpcIds = new Set(
    [
      ...data.clusters.map((c) => c.VpcId),
      ...data.subnetGroups.map((g) => g.VpcId),
      ...subnetsOf(data).map((s) => s.VpcId),
      ...data.routeTables.map((t) => t.VpcId),
      ...Object.keys(data.vpcAttributes),
    ].filter((id): id is string => id !== undefined && id !== ''),
  );
  return [...vpcIds].map((vpcId) => networkAcl(`acl-default-${vpcId}`, vpcId, { isDefault: true }));
};

/** A prefix list's entries: the given ones, else its `Cidrs`; undefined when the account has no such list. */
export const prefixListEntriesOf = (data: AccountData, id: string): PrefixListEntry[] | undefined => {
  const list = data.prefixLists.find((p) => p.PrefixListId === id);
  if (list === undefined) return undefined;
  return data.prefixListEntries?.[id] ?? (list.Cidrs ?? []).map((Cidr) => ({ Cidr }));
};

/** VPC Block Public Access as the account has it set: off unless the test says otherwise. */
export const blockPublicAccessOf = (data: AccountData): VpcBlockPublicAccessOptions =>
  data.blockPublicAccess?.options ?? { InternetGatewayBlockMode: 'off', State: 'default-state' };
