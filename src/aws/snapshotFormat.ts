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
import type { Workgroup } from '@aws-sdk/client-redshift-serverless';
import { isRecord, isRegionName } from '../core/identifiers.ts';
import type { CallFailure } from '../core/types.ts';
import { InputError } from '../errors.ts';
import type { VpcDnsAttribute, WorkgroupTag } from './factSource.ts';

export const SNAPSHOT_FORMAT = 'redshift-evr-snapshot';
/**
 * 2 added Redshift Serverless workgroups (and their tags and subnets); 3 added the VPC's filters (security
 * groups, network ACLs, S3 prefix list entries, VPC Block Public Access). Versions 1 and 2 are still read.
 */
export const SNAPSHOT_VERSION = 3;

/** A describe call that failed while recording; replayed as the same failure. */
export interface RecordedFailure {
  /** `service:Operation`. */
  readonly operation: string;
  /** What the call was about: VPC ids, `vpc-…/attribute`, a cluster or group name; empty = the whole region. */
  readonly scope: readonly string[];
  readonly message: string;
  /** How it failed (denied, credentials, throttled, failed); absent in snapshots recorded before it was kept. */
  readonly failure?: CallFailure;
  /** The AWS error code; absent in older snapshots. */
  readonly errorName?: string;
}

const CALL_FAILURES: readonly CallFailure[] = ['denied', 'credentials', 'throttled', 'failed'];

/** The raw describe responses the engine needs, for one account and region (file format version 3). */
export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly region: string;
  readonly capturedAt: string;
  readonly redshift: { readonly clusters: Cluster[]; readonly clusterSubnetGroups: ClusterSubnetGroup[] };
  readonly redshiftServerless: {
    readonly workgroups: Workgroup[];
    /** By workgroup ARN. */
    readonly workgroupTags: Record<string, WorkgroupTag[]>;
  };
  readonly ec2: {
    readonly subnets: Subnet[];
    readonly routeTables: RouteTable[];
    readonly vpcEndpoints: VpcEndpoint[];
    readonly prefixLists: PrefixList[];
    readonly vpcAttributes: Record<string, Partial<Record<VpcDnsAttribute, boolean>>>;
    readonly securityGroups: SecurityGroup[];
    readonly networkAcls: NetworkAcl[];
    /** By prefix list id. */
    readonly prefixListEntries: Record<string, PrefixListEntry[]>;
    /** Absent when not read (no VPC was evaluated, or the read failed: see `failures`). */
    readonly blockPublicAccess?: {
      readonly options: VpcBlockPublicAccessOptions;
      readonly exclusions: VpcBlockPublicAccessExclusion[];
    };
  };
  readonly failures: RecordedFailure[];
  /**
   * Set when read from an older file: 1 = recorded before workgroups were (none are in it); 1 and 2 = before
   * the VPC's filters were (their checks are unverified, never assumed open).
   */
  readonly upgradedFrom?: 1 | 2;
}

const fail = (file: string, problem: string): never => {
  throw new InputError(
    `${file} is not a usable snapshot: ${problem}. Record one with "redshift-evr snapshot --out FILE".`,
  );
};

const requireArray = (file: string, parent: Record<string, unknown>, path: string, key: string, idKey?: string) => {
  const value = parent[key];
  if (!Array.isArray(value)) return fail(file, `"${path}.${key}" must be an array`);
  value.forEach((item, i) => {
    if (!isRecord(item)) fail(file, `"${path}.${key}[${i}]" must be an object`);
    else if (idKey !== undefined && typeof item[idKey] !== 'string') {
      fail(file, `"${path}.${key}[${i}].${idKey}" must be a string`);
    }
  });
};

/**
 * Parse and validate a snapshot file's text.
 * @throws InputError naming the file and the problem (not JSON, foreign file, newer version, bad shape).
 */
export const parseSnapshot = (text: string, file: string): Snapshot => {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(file, `it is not JSON (${(error as Error).message})`);
  }
  if (!isRecord(data) || data.format !== SNAPSHOT_FORMAT) {
    return fail(file, `it has no "format": "${SNAPSHOT_FORMAT}" (is it a redshift-evr snapshot?)`);
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version))
    return fail(file, '"version" must be an integer');
  if (data.version > SNAPSHOT_VERSION) {
    return fail(
      file,
      `it is format version ${data.version}, newer than this redshift-evr reads (${SNAPSHOT_VERSION}); upgrade redshift-evr`,
    );
  }
  if (data.version !== SNAPSHOT_VERSION && data.version !== 1 && data.version !== 2) {
    return fail(file, `format version ${data.version} is not supported`);
  }
  if (typeof data.region !== 'string' || !isRegionName(data.region)) {
    return fail(file, `"region" must be an AWS Region such as us-east-1, got ${JSON.stringify(data.region)}`);
  }
  if (!isRecord(data.redshift)) return fail(file, '"redshift" must be an object');
  if (!isRecord(data.ec2)) return fail(file, '"ec2" must be an object');
  requireArray(file, data.redshift, 'redshift', 'clusters', 'ClusterIdentifier');
  requireArray(file, data.redshift, 'redshift', 'clusterSubnetGroups', 'ClusterSubnetGroupName');
  if (data.version === 1) {
    // Version 1 was recorded before workgroups were: it reads as an account without workgroups.
    return upgradeFromVersion1(file, data);
  }
  if (!isRecord(data.redshiftServerless)) return fail(file, '"redshiftServerless" must be an object');
  requireArray(file, data.redshiftServerless, 'redshiftServerless', 'workgroups', 'workgroupName');
  const tags = data.redshiftServerless.workgroupTags;
  if (!isRecord(tags)) return fail(file, '"redshiftServerless.workgroupTags" must be an object keyed by workgroup ARN');
  for (const arn of Object.keys(tags)) requireArray(file, tags, 'redshiftServerless.workgroupTags', arn, 'key');
  requireArray(file, data.ec2, 'ec2', 'subnets', 'SubnetId');
  if (data.version === 2) {
    const checked = checkCommon(file, data);
    return { ...checked, ...withoutFilters(checked), upgradedFrom: 2 };
  }
  checkFilters(file, data.ec2);
  return checkCommon(file, data);
};

/** Version 3's facts about the VPC's filters. */
const checkFilters = (file: string, ec2: Record<string, unknown>): void => {
  requireArray(file, ec2, 'ec2', 'securityGroups', 'GroupId');
  requireArray(file, ec2, 'ec2', 'networkAcls', 'NetworkAclId');
  const entries = ec2.prefixListEntries;
  if (!isRecord(entries)) fail(file, '"ec2.prefixListEntries" must be an object keyed by prefix list id');
  else for (const id of Object.keys(entries)) requireArray(file, entries, 'ec2.prefixListEntries', id, 'Cidr');
  const bpa = ec2.blockPublicAccess;
  if (bpa === undefined) return;
  if (!isRecord(bpa) || !isRecord(bpa.options)) {
    fail(file, '"ec2.blockPublicAccess" must be an object with "options" and "exclusions"');
  } else requireArray(file, bpa, 'ec2.blockPublicAccess', 'exclusions');
};

/** An older file read as version 3: the filters' facts are empty, and `upgradedFrom` says they were not recorded. */
const withoutFilters = (checked: Snapshot): Pick<Snapshot, 'version' | 'ec2'> => ({
  version: SNAPSHOT_VERSION as typeof SNAPSHOT_VERSION,
  ec2: { ...checked.ec2, securityGroups: [], networkAcls: [], prefixListEntries: {} },
});

/** The parts every version shares. */
const checkCommon = (file: string, data: Record<string, unknown>): Snapshot => {
  const ec2 = data.ec2 as Record<string, unknown>;
  requireArray(file, ec2, 'ec2', 'routeTables', 'RouteTableId');
  requireArray(file, ec2, 'ec2', 'vpcEndpoints', 'VpcEndpointId');
  requireArray(file, ec2, 'ec2', 'prefixLists', 'PrefixListId');
  if (!isRecord(ec2.vpcAttributes)) return fail(file, '"ec2.vpcAttributes" must be an object keyed by VPC id');
  for (const [vpcId, attributes] of Object.entries(ec2.vpcAttributes)) {
    if (!isRecord(attributes)) return fail(file, `"ec2.vpcAttributes.${vpcId}" must be an object`);
    for (const [name, value] of Object.entries(attributes)) {
      if (name !== 'enableDnsSupport' && name !== 'enableDnsHostnames') {
        return fail(file, `"ec2.vpcAttributes.${vpcId}.${name}" is not enableDnsSupport or enableDnsHostnames`);
      }
      if (typeof value !== 'boolean') return fail(file, `"ec2.vpcAttributes.${vpcId}.${name}" must be true or false`);
    }
  }
  requireArray(file, data, '', 'failures', 'operation');
  (data.failures as Record<string, unknown>[]).forEach((f, i) => {
    if (!Array.isArray(f.scope) || !f.scope.every((x) => typeof x === 'string')) {
      fail(file, `"failures[${i}].scope" must be an array of strings`);
    }
    if (typeof f.message !== 'string') fail(file, `"failures[${i}].message" must be a string`);
    if (f.failure !== undefined && !CALL_FAILURES.includes(f.failure as CallFailure)) {
      fail(file, `"failures[${i}].failure" must be one of ${CALL_FAILURES.join('|')}`);
    }
    if (f.errorName !== undefined && typeof f.errorName !== 'string') {
      fail(file, `"failures[${i}].errorName" must be a string`);
    }
  });
  return data as unknown as Snapshot;
};

const upgradeFromVersion1 = (file: string, data: Record<string, unknown>): Snapshot => {
  const checked = checkCommon(file, data);
  const filtersless = withoutFilters(checked);
  return {
    ...checked,
    ...filtersless,
    upgradedFrom: 1,
    redshiftServerless: { workgroups: [], workgroupTags: {} },
    ec2: { ...filtersless.ec2, subnets: [] },
  };
};
