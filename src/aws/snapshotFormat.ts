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
import { describeValue, SNAPSHOT_SHAPES, shapeProblem } from './snapshotShapes.ts';

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

/**
 * Parse and validate a snapshot file's text: its header, then every field the engine reads, deeply (the tables
 * of snapshotShapes.ts). Fields it does not read are allowed (the recorder keeps the SDK's answers verbatim).
 * @throws InputError naming the file, the problem (not JSON, foreign file, newer version) or the JSON path of
 * the field that is not of its shape and what it must be.
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
  const version = data.version;
  if (version !== SNAPSHOT_VERSION && version !== 1 && version !== 2) {
    return fail(file, `format version ${version} is not supported`);
  }
  if (typeof data.region !== 'string' || !isRegionName(data.region)) {
    return fail(file, `"region" must be an AWS Region such as us-east-1, got ${describeValue(data.region)}`);
  }
  const problem = shapeProblem(data, SNAPSHOT_SHAPES[version]);
  if (problem !== undefined) return fail(file, problem);
  const checked = data as unknown as Snapshot;
  if (version === SNAPSHOT_VERSION) return checked;
  // What an older version did not record was not checked either: it is left out, never read.
  const { securityGroups, networkAcls, prefixListEntries, blockPublicAccess, ...shared } = checked.ec2;
  const ec2 = { ...shared, securityGroups: [], networkAcls: [], prefixListEntries: {} };
  if (version === 2) return { ...checked, version: SNAPSHOT_VERSION, ec2, upgradedFrom: 2 };
  // Version 1 was recorded before workgroups were: it reads as an account without workgroups.
  return {
    ...checked,
    version: SNAPSHOT_VERSION,
    upgradedFrom: 1,
    redshiftServerless: { workgroups: [], workgroupTags: {} },
    ec2: { ...ec2, subnets: [] },
  };
};
