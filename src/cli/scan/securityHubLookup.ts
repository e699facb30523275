/**
 * `scan --security-hub`: read the active Security Hub finding of every evaluated resource, in its Region, with the
 * scan's credentials. Never fails the scan: a Region where Security Hub is not enabled, denied or throttled is a
 * warning, and its resources are reported without a finding.
 */
import type { HubFinding } from '../../core/findingSync.ts';
import type { RegionScan } from '../report.ts';

export interface HubLookup {
  /** The active findings by resource ARN. */
  readonly findings: Map<string, HubFinding[]>;
  /** One line per Region that could not be read (for standard error, after `warning: `). */
  readonly warnings: string[];
}

/** Read the findings of the scans' resources, one Region at a time. */
export const lookUpSecurityHub = async (
  scans: readonly RegionScan[],
  options: { readonly profile: string | undefined },
): Promise<HubLookup> => {
  const findings = new Map<string, HubFinding[]>();
  const warnings: string[] = [];
  const byRegion = new Map<string, { kind: RegionScan['evaluations'][number]['kind']; resourceArn: string }[]>();
  for (const scan of scans) {
    const resources = scan.evaluations.flatMap((e) =>
      e.clusterArn === null ? [] : [{ kind: e.kind, resourceArn: e.clusterArn }],
    );
    byRegion.set(scan.region, [...(byRegion.get(scan.region) ?? []), ...resources]);
  }
  if ([...byRegion.values()].every((r) => r.length === 0)) return { findings, warnings };
  // Loaded on demand: a scan without --security-hub never loads Security Hub's client.
  const { createSecurityHubClient, readFindings } = await import('../../aws/securityHubFindings.ts');
  for (const [region, resources] of byRegion) {
    if (resources.length === 0) continue;
    const client = createSecurityHubClient({ region, profile: options.profile });
    try {
      const read = await readFindings(client, resources);
      for (const [arn, list] of read.findings) findings.set(arn, list);
      if (read.problem !== undefined) {
        warnings.push(
          `Region ${region}: Security Hub's findings could not be read (${read.problem.message}); the report shows no finding for its resources.`,
        );
      }
    } finally {
      client.destroy();
    }
  }
  return { findings, warnings };
};
