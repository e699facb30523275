import type { Cluster } from '@aws-sdk/client-redshift';
import type { ConfigurationItem } from './configEvent.ts';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const tagsOf = (item: ConfigurationItem): { Key: string; Value: string }[] => {
  if (item.tags !== undefined) return Object.entries(item.tags).map(([Key, Value]) => ({ Key, Value: String(Value) }));
  // Some items carry tags only inside the configuration, as [{ key, value }].
  const list = item.configuration?.tags;
  if (!Array.isArray(list)) return [];
  return list.flatMap((t: unknown) => {
    const tag = t as { key?: unknown; value?: unknown };
    return typeof tag?.key === 'string'
      ? [{ Key: tag.key, Value: typeof tag.value === 'string' ? tag.value : '' }]
      : [];
  });
};

/** `vpcSecurityGroups` as Config records them ([{ vpcSecurityGroupId, status }]); anything else is left out. */
const securityGroupsOf = (item: ConfigurationItem): { VpcSecurityGroupId: string; Status: string }[] => {
  const list = item.configuration?.vpcSecurityGroups;
  if (!Array.isArray(list)) return [];
  return list.flatMap((g: unknown) => {
    const group = g as { vpcSecurityGroupId?: unknown; status?: unknown } | null;
    const id = text(group?.vpcSecurityGroupId);
    return id === undefined ? [] : [{ VpcSecurityGroupId: id, Status: text(group?.status) ?? 'active' }];
  });
};

/**
 * The Redshift cluster a configuration item records, in DescribeClusters' shape (Config stores the same
 * fields in camelCase), so the item's flag is evaluated with live network facts by the same code path.
 */
export const clusterFromItem = (item: ConfigurationItem): Cluster => {
  const c = item.configuration ?? {};
  const subnetGroup = text(c.clusterSubnetGroupName);
  const vpcId = text(c.vpcId);
  return {
    ClusterIdentifier: text(c.clusterIdentifier) ?? item.resourceId,
    ClusterStatus: text(c.clusterStatus) ?? 'unknown',
    EnhancedVpcRouting: c.enhancedVpcRouting === true,
    PubliclyAccessible: c.publiclyAccessible === true,
    ...(subnetGroup === undefined ? {} : { ClusterSubnetGroupName: subnetGroup }),
    ...(vpcId === undefined ? {} : { VpcId: vpcId }),
    VpcSecurityGroups: securityGroupsOf(item),
    Tags: tagsOf(item),
  };
};
