/**
 * `scan --security-hub`: read the active Security Hub findings of one scan's resources (an account and Region), with
 * the credentials the scan read them with. Never fails the scan: Security Hub not enabled, a denied or throttled
 * call is a warning, and the Region's resources are reported without a finding.
 */
import type { ClientOptions } from '../../aws/clients.ts';
import type { HubProblem } from '../../aws/securityHubFindings.ts';
import type { HubFinding } from '../../core/findingSync.ts';
import { clusterArnOf } from '../formats/common.ts';
import type { RegionScan } from '../report.ts';

export interface HubRead {
  /** The active findings by resource ARN. */
  readonly findings: ReadonlyMap<string, HubFinding[]>;
  /** Why they could not (all) be read, for standard error after `warning: `. */
  readonly warning?: string;
}

/** The problem in the scan's words: the sync's advice (the rule's role, nothing to sync) does not fit a scan. */
const whyNot = (problem: HubProblem, accountId: string | undefined): string => {
  switch (problem.failure) {
    case 'not-enabled':
      return `${problem.operation}: Security Hub is not enabled in this account and Region`;
    case 'denied':
      return `${problem.operation} was denied: grant it to ${accountId === undefined ? 'the identity that scans' : 'the read role in that account'} (docs/permissions.md)`;
    default:
      return problem.message;
  }
};

/** Read the findings of the scan's resources in its Region (and account); `msLeft`: the scan's time left. */
export const readScanFindings = async (
  scan: RegionScan,
  clientOptions: ClientOptions,
  msLeft: () => number,
): Promise<HubRead> => {
  const resources = scan.evaluations.flatMap((e) => {
    const resourceArn = clusterArnOf({ ...e, accountId: e.accountId ?? scan.accountId ?? null, region: scan.region });
    return resourceArn === null ? [] : [{ kind: e.kind, resourceArn }];
  });
  if (resources.length === 0) return { findings: new Map() };
  // Loaded on demand: a scan without --security-hub never loads Security Hub's client.
  const { createSecurityHubClient, readFindings } = await import('../../aws/securityHubFindings.ts');
  const client = createSecurityHubClient({ ...clientOptions, region: scan.region });
  try {
    const read = await readFindings(client, resources, { msLeft });
    if (read.problem === undefined) return { findings: read.findings };
    const where = `${scan.accountId === undefined ? '' : `account ${scan.accountId}, `}Region ${scan.region}`;
    return {
      findings: read.findings,
      warning: `${where}: Security Hub's findings could not be read (${whyNot(read.problem, scan.accountId)}); its resources are reported without the findings not read.`,
    };
  } finally {
    client.destroy();
  }
};
