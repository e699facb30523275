import type { PrefixList, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Cluster, ClusterSubnetGroup } from '@aws-sdk/client-redshift';
import { isRecord, isRegionName } from '../core/identifiers.ts';
import { AwsCallError, InputError, isAwsCallError } from '../errors.ts';
import type { FactSource, VpcDnsAttribute } from './factSource.ts';

export const SNAPSHOT_FORMAT = 'redshift-evr-snapshot';
export const SNAPSHOT_VERSION = 1;

/** A describe call that failed while recording; replayed as the same failure. */
export interface RecordedFailure {
  /** `service:Operation`. */
  readonly operation: string;
  /** What the call was about: VPC ids, `vpc-…/attribute`, a cluster or group name; empty = the whole region. */
  readonly scope: readonly string[];
  readonly message: string;
}

/** The raw describe responses the engine needs, for one account and region (file format version 1). */
export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly region: string;
  readonly capturedAt: string;
  readonly redshift: { readonly clusters: Cluster[]; readonly clusterSubnetGroups: ClusterSubnetGroup[] };
  readonly ec2: {
    readonly routeTables: RouteTable[];
    readonly vpcEndpoints: VpcEndpoint[];
    readonly prefixLists: PrefixList[];
    readonly vpcAttributes: Record<string, Partial<Record<VpcDnsAttribute, boolean>>>;
  };
  readonly failures: RecordedFailure[];
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
  if (data.version !== SNAPSHOT_VERSION) return fail(file, `format version ${data.version} is not supported`);
  if (typeof data.region !== 'string' || !isRegionName(data.region)) {
    return fail(file, `"region" must be an AWS Region such as us-east-1, got ${JSON.stringify(data.region)}`);
  }
  if (!isRecord(data.redshift)) return fail(file, '"redshift" must be an object');
  if (!isRecord(data.ec2)) return fail(file, '"ec2" must be an object');
  requireArray(file, data.redshift, 'redshift', 'clusters', 'ClusterIdentifier');
  requireArray(file, data.redshift, 'redshift', 'clusterSubnetGroups', 'ClusterSubnetGroupName');
  requireArray(file, data.ec2, 'ec2', 'routeTables', 'RouteTableId');
  requireArray(file, data.ec2, 'ec2', 'vpcEndpoints', 'VpcEndpointId');
  requireArray(file, data.ec2, 'ec2', 'prefixLists', 'PrefixListId');
  if (!isRecord(data.ec2.vpcAttributes)) return fail(file, '"ec2.vpcAttributes" must be an object keyed by VPC id');
  for (const [vpcId, attributes] of Object.entries(data.ec2.vpcAttributes)) {
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
  });
  return data as unknown as Snapshot;
};

const intersects = (a: readonly string[], b: readonly string[]) => a.length === 0 || a.some((x) => b.includes(x));

/** Replays a snapshot: the same answers (and failures) the recorded account gave. */
export const snapshotFactSource = (snapshot: Snapshot): FactSource => {
  const failIfRecorded = (operation: string, scope: readonly string[]) => {
    const failure = snapshot.failures.find((f) => f.operation === operation && intersects(f.scope, scope));
    if (failure !== undefined) throw new AwsCallError(operation, failure.message);
  };
  const { redshift, ec2 } = snapshot;
  return {
    region: snapshot.region,
    describeClusters: async (id) => {
      failIfRecorded('redshift:DescribeClusters', id === undefined ? [] : [id]);
      return redshift.clusters.filter((c) => id === undefined || c.ClusterIdentifier === id);
    },
    describeClusterSubnetGroups: async (name) => {
      failIfRecorded('redshift:DescribeClusterSubnetGroups', name === undefined ? [] : [name]);
      return redshift.clusterSubnetGroups.filter((g) => name === undefined || g.ClusterSubnetGroupName === name);
    },
    describeRouteTables: async (vpcIds) => {
      failIfRecorded('ec2:DescribeRouteTables', vpcIds);
      const wanted = new Set(vpcIds);
      return ec2.routeTables.filter((t) => wanted.has(t.VpcId ?? ''));
    },
    describeVpcEndpoints: async (vpcIds) => {
      failIfRecorded('ec2:DescribeVpcEndpoints', vpcIds);
      const wanted = new Set(vpcIds);
      return ec2.vpcEndpoints.filter((e) => wanted.has(e.VpcId ?? ''));
    },
    describePrefixLists: async () => {
      failIfRecorded('ec2:DescribePrefixLists', []);
      return ec2.prefixLists;
    },
    describeVpcAttribute: async (vpcId, attribute) => {
      failIfRecorded('ec2:DescribeVpcAttribute', [`${vpcId}/${attribute}`]);
      const value = Object.hasOwn(ec2.vpcAttributes, vpcId) ? ec2.vpcAttributes[vpcId]?.[attribute] : undefined;
      if (value === undefined) {
        throw new InputError(
          `The snapshot has no ${attribute} for ${vpcId} (ec2.vpcAttributes). Record the snapshot again, or add it.`,
        );
      }
      return value;
    },
  };
};

/** Wraps a source and keeps every answer and failure, to write as a snapshot. */
export const recordingFactSource = (
  source: FactSource,
  now: () => Date = () => new Date(),
): { source: FactSource; snapshot: () => Snapshot } => {
  const clusters = new Map<string, Cluster>();
  const groups = new Map<string, ClusterSubnetGroup>();
  const tables = new Map<string, RouteTable>();
  const endpoints = new Map<string, VpcEndpoint>();
  const prefixLists = new Map<string, PrefixList>();
  // Keyed by ids from outside: no prototype, so any key is an ordinary own property.
  const vpcAttributes: Record<string, Partial<Record<VpcDnsAttribute, boolean>>> = Object.create(null);
  const failures: RecordedFailure[] = [];

  const record = async <T>(
    operation: string,
    scope: readonly string[],
    call: () => Promise<T>,
    keep: (v: T) => void,
  ) => {
    try {
      const value = await call();
      keep(value);
      return value;
    } catch (error) {
      if (isAwsCallError(error)) failures.push({ operation, scope: [...scope], message: error.message });
      throw error;
    }
  };
  const keepAll =
    <T>(into: Map<string, T>, key: (item: T) => string | undefined) =>
    (items: T[]) => {
      for (const item of items) into.set(key(item) ?? '', item);
    };

  const recorder: FactSource = {
    region: source.region,
    describeClusters: (id) =>
      record(
        'redshift:DescribeClusters',
        id === undefined ? [] : [id],
        () => source.describeClusters(id),
        keepAll(clusters, (c) => c.ClusterIdentifier),
      ),
    describeClusterSubnetGroups: (name) =>
      record(
        'redshift:DescribeClusterSubnetGroups',
        name === undefined ? [] : [name],
        () => source.describeClusterSubnetGroups(name),
        keepAll(groups, (g) => g.ClusterSubnetGroupName),
      ),
    describeRouteTables: (vpcIds) =>
      record(
        'ec2:DescribeRouteTables',
        vpcIds,
        () => source.describeRouteTables(vpcIds),
        keepAll(tables, (t) => t.RouteTableId),
      ),
    describeVpcEndpoints: (vpcIds) =>
      record(
        'ec2:DescribeVpcEndpoints',
        vpcIds,
        () => source.describeVpcEndpoints(vpcIds),
        keepAll(endpoints, (e) => e.VpcEndpointId),
      ),
    describePrefixLists: () =>
      record(
        'ec2:DescribePrefixLists',
        [],
        () => source.describePrefixLists(),
        keepAll(prefixLists, (p) => p.PrefixListId),
      ),
    describeVpcAttribute: (vpcId, attribute) =>
      record(
        'ec2:DescribeVpcAttribute',
        [`${vpcId}/${attribute}`],
        () => source.describeVpcAttribute(vpcId, attribute),
        (value) => {
          vpcAttributes[vpcId] = { ...vpcAttributes[vpcId], [attribute]: value };
        },
      ),
  };
  // Keep AWS's order for resources; sort what concurrency may have shuffled.
  const values = <T>(m: Map<string, T>) => [...m.values()];
  return {
    source: recorder,
    snapshot: () => ({
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      region: source.region,
      capturedAt: now().toISOString(),
      redshift: { clusters: values(clusters), clusterSubnetGroups: values(groups) },
      ec2: {
        routeTables: values(tables),
        vpcEndpoints: values(endpoints),
        prefixLists: values(prefixLists),
        vpcAttributes: Object.fromEntries(Object.entries(vpcAttributes).sort(([a], [b]) => a.localeCompare(b))),
      },
      failures: [...failures].sort((a, b) =>
        `${a.operation} ${a.scope.join(',')}`.localeCompare(`${b.operation} ${b.scope.join(',')}`),
      ),
    }),
  };
};
