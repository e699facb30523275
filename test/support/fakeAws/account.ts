/**
 * The account model every fake serves: one Region of one account in the SDK's own shapes. Unit tests (through
 * aws-sdk-client-mock), the HTTP emulator and the benchmark's endpoint all answer from it, with one
 * implementation of AWS's query semantics (query.ts).
 */
import type {
  NetworkAcl,
  PrefixList,
  PrefixListEntry,
  RouteTable,
  SecurityGroup,
  Subnet,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import type { Tag, Workgroup } from '@aws-sdk/client-redshift-serverless';
import type { VpcDnsAttribute } from '../../../src/aws/factSource.ts';

/** The resources of one account in one Region; what is absent, AWS's defaults fill in (defaults.ts). */
export interface AccountData {
  clusters: Cluster[];
  subnetGroups: ClusterSubnetGroup[];
  routeTables: RouteTable[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: PrefixList[];
  vpcAttributes: Record<string, Record<VpcDnsAttribute, boolean>>;
  /** Redshift Serverless workgroups (none when absent). */
  workgroups?: Workgroup[];
  /** Workgroup tags by workgroup ARN. */
  workgroupTags?: Record<string, Tag[]>;
  /** Subnets besides those of the cluster subnet groups (which are derived from the groups). */
  subnets?: Subnet[];
  /**
   * Security groups. Absent: every group asked for exists and allows all egress (AWS's default egress rule);
   * given: only these exist.
   */
  securityGroups?: SecurityGroup[];
  /** Network ACLs. Absent: each VPC has AWS's default ACL (allow all both ways), associated with no subnet. */
  networkAcls?: NetworkAcl[];
  /** Entries by prefix list id. Absent: each prefix list's `Cidrs`. */
  prefixListEntries?: Record<string, PrefixListEntry[]>;
  /** VPC Block Public Access. Absent: off, no exclusions. */
  blockPublicAccess?: { options: VpcBlockPublicAccessOptions; exclusions: VpcBlockPublicAccessExclusion[] };
}

/** An account with these parts and nothing else (no clusters, VPCs or prefix lists unless given). */
export const anAccount = (parts: Partial<AccountData> = {}): AccountData => ({
  clusters: [],
  subnetGroups: [],
  routeTables: [],
  vpcEndpoints: [],
  prefixLists: [],
  vpcAttributes: {},
  ...parts,
});

/** Every subnet the account knows: the given ones and those of the cluster subnet groups. */
export const subnetsOf = (data: AccountData): Subnet[] => {
  const out = new Map<string, Subnet>();
  for (const group of data.subnetGroups) {
    for (const s of group.Subnets ?? []) {
      if (s.SubnetIdentifier) out.set(s.SubnetIdentifier, { SubnetId: s.SubnetIdentifier, VpcId: group.VpcId });
    }
  }
  for (const s of data.subnets ?? []) out.set(s.SubnetId ?? '', s);
  return [...out.values()];
};
