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
import { isAwsCallError } from '../errors.ts';
import type { FactSource, VpcDnsAttribute, WorkgroupTag } from './factSource.ts';
import { operationOf } from './reads/readSpec.ts';
import { factSourceOf } from './reads/reads.ts';
import { type RecordedFailure, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type Snapshot } from './snapshotFormat.ts';

/** The snapshot's lists of resources, each kept by id in the order AWS gave them. */
interface Sections {
  clusters: Cluster;
  clusterSubnetGroups: ClusterSubnetGroup;
  workgroups: Workgroup;
  subnets: Subnet;
  routeTables: RouteTable;
  vpcEndpoints: VpcEndpoint;
  prefixLists: PrefixList;
  securityGroups: SecurityGroup;
  networkAcls: NetworkAcl;
}

/** What a recording has kept so far; each read's `record` adds its answer here. */
export class SnapshotDraft {
  private readonly sections = new Map<keyof Sections, Map<string, unknown>>();
  readonly workgroupTags = new Map<string, WorkgroupTag[]>();
  readonly prefixListEntries = new Map<string, PrefixListEntry[]>();
  // Keyed by ids from outside: no prototype, so any key is an ordinary own property.
  readonly vpcAttributes: Record<string, Partial<Record<VpcDnsAttribute, boolean>>> = Object.create(null);
  blockPublicAccessOptions: VpcBlockPublicAccessOptions | undefined;
  blockPublicAccessExclusions: VpcBlockPublicAccessExclusion[] | undefined;

  /** Keep these items of a section by id (a later answer for the same id replaces the earlier one). */
  keep<K extends keyof Sections>(
    section: K,
    items: readonly Sections[K][],
    key: (item: Sections[K]) => string | undefined,
  ) {
    let kept = this.sections.get(section);
    if (kept === undefined) {
      kept = new Map();
      this.sections.set(section, kept);
    }
    for (const item of items) kept.set(key(item) ?? '', item);
  }

  /** A section's items, in the order AWS gave them. */
  private values<K extends keyof Sections>(section: K): Sections[K][] {
    return [...(this.sections.get(section)?.values() ?? [])] as Sections[K][];
  }

  /** The snapshot file's contents; concurrency may have shuffled the maps keyed by id, so those are sorted. */
  toSnapshot(region: string, capturedAt: Date, failures: readonly RecordedFailure[]): Snapshot {
    const options = this.blockPublicAccessOptions;
    const exclusions = this.blockPublicAccessExclusions;
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      region,
      capturedAt: capturedAt.toISOString(),
      redshift: { clusters: this.values('clusters'), clusterSubnetGroups: this.values('clusterSubnetGroups') },
      redshiftServerless: {
        workgroups: this.values('workgroups'),
        workgroupTags: Object.fromEntries([...this.workgroupTags].sort(([a], [b]) => a.localeCompare(b))),
      },
      ec2: {
        subnets: this.values('subnets'),
        routeTables: this.values('routeTables'),
        vpcEndpoints: this.values('vpcEndpoints'),
        prefixLists: this.values('prefixLists'),
        vpcAttributes: Object.fromEntries(Object.entries(this.vpcAttributes).sort(([a], [b]) => a.localeCompare(b))),
        securityGroups: this.values('securityGroups'),
        networkAcls: this.values('networkAcls'),
        prefixListEntries: Object.fromEntries(this.prefixListEntries),
        // Both halves, or neither: a replay cannot answer one without the other.
        ...(options !== undefined && exclusions !== undefined ? { blockPublicAccess: { options, exclusions } } : {}),
      },
      failures: [...failures].sort((a, b) =>
        `${a.operation} ${a.scope.join(',')}`.localeCompare(`${b.operation} ${b.scope.join(',')}`),
      ),
    };
  }
}

/** Wraps a source and keeps every answer and failure, to write as a snapshot. */
export const recordingFactSource = (
  source: FactSource,
  now: () => Date = () => new Date(),
): { source: FactSource; snapshot: () => Snapshot } => {
  const draft = new SnapshotDraft();
  const failures: RecordedFailure[] = [];
  const recorder = factSourceOf(source.region, (entry, name) => {
    const call = source[name] as (...args: unknown[]) => Promise<unknown>;
    return async (...args: unknown[]) => {
      try {
        const value = await call.apply(source, args);
        entry.record(draft, value, ...args);
        return value;
      } catch (error) {
        if (isAwsCallError(error)) {
          failures.push({
            operation: operationOf(entry, ...args),
            scope: [...entry.scope(...args)],
            message: error.message,
            failure: error.failure,
            errorName: error.errorName,
          });
        }
        throw error;
      }
    };
  });
  return {
    source: recorder,
    snapshot: () => draft.toSnapshot(source.region, now(), failures),
  };
};
