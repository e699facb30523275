import { KINDS } from '../../core/resourceKinds.ts';
import { RESOURCE_KINDS } from '../../core/types.ts';
import type { NamesByKind } from '../args.ts';
import type { RegionScan } from '../report.ts';

/** The names given that no scanned Region has, as one message per kind. */
export const notFound = (scans: readonly RegionScan[], names: NamesByKind): string[] => {
  const where = [...new Set(scans.map((s) => s.region))].join(', ');
  return RESOURCE_KINDS.flatMap((kind) => {
    const have = new Set(
      scans.flatMap((s) => s.evaluations.filter((e) => e.kind === kind).map((e) => e.clusterIdentifier)),
    );
    const missing = (names[kind] ?? []).filter((name) => !have.has(name)).map((name) => `"${name}"`);
    if (missing.length === 0) return [];
    const { label, name } = KINDS[kind];
    return [`${label}(s) ${missing.join(', ')} not found in ${where}. Check ${name.flag} and --region.`];
  });
};
