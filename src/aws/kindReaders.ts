/**
 * How the adapters read each kind of resource from a FactSource, in the SDK's shapes: every one in the Region,
 * or those of some names. The one place the two listing calls (DescribeClusters, ListWorkgroups/GetWorkgroup)
 * are told apart.
 */
import type { ResourceKind } from '../core/types.ts';
import type { FactSource } from './factSource.ts';
import type { SdkResources } from './scan.ts';

/**
 * The resources of these names (every one when none are given): one by its own lookup, several from the
 * listing, so that nothing is evaluated only to be thrown away.
 */
const readNamed = async <T>(
  names: readonly string[] | undefined,
  read: (name?: string) => Promise<T[]>,
  nameOf: (item: T) => string | undefined,
): Promise<T[]> => {
  if (names === undefined) return read();
  if (names.length === 1) return read(names[0]);
  const wanted = new Set(names);
  return (await read()).filter((item) => wanted.has(nameOf(item) ?? ''));
};

/** Read a kind's resources: all of them, or those of `names` (an unknown name yields none). */
export const KIND_READERS: Readonly<
  Record<ResourceKind, (source: FactSource, names?: readonly string[]) => Promise<SdkResources>>
> = {
  cluster: async (source, names) => ({
    clusters: await readNamed(
      names,
      (id) => source.describeClusters(id),
      (c) => c.ClusterIdentifier,
    ),
  }),
  workgroup: async (source, names) => ({
    workgroups: await readNamed(
      names,
      (name) => source.listWorkgroups(name),
      (w) => w.workgroupName,
    ),
  }),
};

/** The names of the resources read, clusters' identifiers then workgroups' names ('' for a nameless one). */
export const namesOf = (resources: SdkResources): string[] => [
  ...(resources.clusters ?? []).map((c) => c.ClusterIdentifier ?? ''),
  ...(resources.workgroups ?? []).map((w) => w.workgroupName ?? ''),
];
