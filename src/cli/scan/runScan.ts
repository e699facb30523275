/** Scan what a request names: a snapshot, or live Regions (one failed Region does not hide the others). */
import type { ClientOptions } from '../../aws/clients.ts';
import { mapWithConcurrency } from '../../aws/collections.ts';
import type { FactSource } from '../../aws/factSource.ts';
import { namesTarget, scanRegion } from '../../aws/scan.ts';
import type { HubFinding } from '../../core/findingSync.ts';
import { KINDS } from '../../core/resourceKinds.ts';
import type { ResourceKind } from '../../core/types.ts';
import { DeadlineError, isDeadlineError } from '../../errors.ts';
import { unlistedWarning } from '../args.ts';
import type { CliIo } from '../io.ts';
import { noteAgeingNode } from '../nodeVersion.ts';
import type { RegionScan } from '../report.ts';
import { openSnapshot } from './openSnapshot.ts';
import { scanAccounts } from './scanAccounts.ts';
import type { ScanRequest } from './scanRequest.ts';

/** Regions scanned at once with --all-regions: each makes a handful of calls; keep throttling away. */
export const REGION_CONCURRENCY = 4;

/** What the scan found, and what went wrong on the way (each line for standard error). */
export interface ScanOutcome {
  readonly scans: RegionScan[];
  /** The kinds listed in at least one Region: the controls the report answers. */
  readonly listed: ReadonlySet<ResourceKind>;
  readonly warnings: readonly string[];
  /** Regions (or accounts) that failed as a whole, each saying which. */
  readonly failures: readonly string[];
  /** Regions that stopped at --timeout before every resource was evaluated. */
  readonly incomplete: readonly string[];
  /**
   * `--security-hub` only: the active findings of the resources scanned, by ARN, and a warning per account and Region
   * whose findings could not be read.
   */
  readonly hub?: {
    readonly findings: ReadonlyMap<string, readonly HubFinding[]>;
    readonly warnings: readonly string[];
  };
}

const progressOn = (io: CliIo, kinds: readonly ResourceKind[]) => {
  const noun = kinds.map((k) => KINDS[k].plural).join(' and ');
  return io.isTty
    ? ({ clustersEvaluated, clustersTotal }: { clustersEvaluated: number; clustersTotal: number }) =>
        io.stderr(`\rEvaluated ${clustersEvaluated}/${clustersTotal} ${noun}…`)
    : undefined;
};

/** Scan the snapshot or the Regions the request names. */
export const runScan = async (request: ScanRequest, io: CliIo): Promise<ScanOutcome> => {
  const { flags, kinds, names, options, optionalWorkgroups, timeoutS } = request;
  const onProgress = progressOn(io, kinds);
  const warnings: string[] = [];
  const incomplete: string[] = [];
  const failures: string[] = [];
  const listed = new Set<ResourceKind>();
  const deadline = Date.now() + timeoutS * 1000;
  const hubFindings = new Map<string, readonly HubFinding[]>();
  const hubWarnings: string[] = [];
  /** --security-hub: the scan's findings, read with the credentials that read its resources. */
  const readHub = async (scan: RegionScan, clientOptions: ClientOptions): Promise<void> => {
    const { readScanFindings } = await import('./securityHubLookup.ts');
    const read = await readScanFindings(scan, clientOptions, () => deadline - Date.now());
    for (const [arn, list] of read.findings) hubFindings.set(arn, list);
    if (read.warning !== undefined) hubWarnings.push(read.warning);
  };
  const scanSource = async (
    source: FactSource,
    observedAt: string,
    accountId?: string,
    clientOptions?: ClientOptions,
  ): Promise<RegionScan> => {
    const where = `${accountId === undefined ? '' : `account ${accountId}, `}Region ${source.region}`;
    // --discover-usage: loaded on demand, with the Data API's and S3's clients, for live scans only.
    const discoverer =
      request.discovery !== undefined && clientOptions !== undefined
        ? (await import('../../aws/usageDiscovery.ts')).usageDiscoverer(
            { ...clientOptions, region: source.region },
            request.discovery,
            () => deadline - Date.now(),
          )
        : undefined;
    const result = await scanRegion(source, options, {
      ...(discoverer === undefined ? {} : { discoverUsage: discoverer.discover }),
      // Exemptions' end dates are judged when the facts were read: a snapshot's capture time, or the scan's.
      at: new Date(observedAt),
      kinds,
      optionalWorkgroups,
      ...namesTarget(names),
      ...(onProgress ? { onProgress } : {}),
    })
      .catch((error: unknown) => {
        // The listing itself ran out of time: nothing was decided; say what to do about it.
        if (!isDeadlineError(error)) throw error;
        throw new DeadlineError(
          `${error.message}: the scan stopped at --timeout (${timeoutS} s). Run again, or with a longer --timeout.`,
          { cause: error },
        );
      })
      .finally(() => discoverer?.close());
    if (result.notEvaluated.length > 0) {
      const first = result.notEvaluated.slice(0, 5).join(', ');
      const more = result.notEvaluated.length > 5 ? ` +${result.notEvaluated.length - 5} more` : '';
      incomplete.push(
        `${where}: the scan stopped at --timeout (${timeoutS} s): ${result.stoppedBy ?? 'no time left'}; not evaluated: ${first}${more}. Run again, or with a longer --timeout.`,
      );
    }
    const unlisted = result.unlisted ?? [];
    for (const { kind, error } of unlisted) {
      const warning = unlistedWarning(source.region, kind, error);
      warnings.push(accountId === undefined ? warning : `account ${accountId}: ${warning}`);
    }
    for (const kind of kinds) if (!unlisted.some((u) => u.kind === kind)) listed.add(kind);
    const scan = {
      region: source.region,
      evaluations: result.evaluations,
      observedAt,
      ...(accountId ? { accountId } : {}),
    };
    if (flags['security-hub'] && clientOptions !== undefined) await readHub(scan, clientOptions);
    return scan;
  };

  let scans: RegionScan[];
  if (flags.snapshot !== undefined) {
    const workgroupScan = !kinds.includes('workgroup') ? 'not-scanned' : optionalWorkgroups ? 'optional' : 'asked';
    const { source, observedAt } = await openSnapshot(io, flags.snapshot, workgroupScan);
    scans = [await scanSource(source, observedAt)];
  } else if (request.accounts !== undefined) {
    noteAgeingNode(io);
    const abandon = new AbortController();
    const limits = { msLeft: () => deadline - Date.now(), abortSignal: abandon.signal };
    const outcome = await scanAccounts({
      targets: request.accounts,
      profile: flags.profile,
      regions: request.regions,
      allRegions: flags['all-regions'] === true,
      limits,
      scanSource,
      io,
    }).finally(() => abandon.abort());
    scans = outcome.scans;
    failures.push(...outcome.failures);
  } else {
    noteAgeingNode(io);
    // Loaded on demand: an offline scan never loads the SDK's clients.
    const { openLiveFactSource } = await import('../../aws/openLiveFactSource.ts');
    const targets = flags['all-regions']
      ? await (await import('../../aws/regions.ts')).listEnabledRegions({ profile: flags.profile })
      : (request.regions ?? [undefined]);
    // Calls abandoned at the deadline are cancelled once the scan is over: nothing keeps the process waiting.
    const abandon = new AbortController();
    // One Region's failure (a Region denied by an SCP, say) must not hide the others' results.
    const outcomes = await mapWithConcurrency(targets, REGION_CONCURRENCY, async (region) => {
      try {
        const limits = { msLeft: () => deadline - Date.now(), abortSignal: abandon.signal };
        const source = await openLiveFactSource({ region, profile: flags.profile }, limits);
        return await scanSource(source, new Date().toISOString(), undefined, {
          region: source.region,
          ...(flags.profile === undefined ? {} : { profile: flags.profile }),
        });
      } catch (error) {
        if (targets.length === 1) throw error;
        return { failedRegion: region ?? '?', error: error as Error };
      }
    }).finally(() => abandon.abort());
    scans = outcomes.flatMap((o) => ('failedRegion' in o ? [] : [o]));
    failures.push(
      ...outcomes.flatMap((o) => ('failedRegion' in o ? [`Region ${o.failedRegion}: ${o.error.message}`] : [])),
    );
  }
  if (onProgress) io.stderr('\r\u001b[K');
  return {
    scans,
    listed,
    warnings,
    failures,
    incomplete,
    ...(flags['security-hub'] ? { hub: { findings: hubFindings, warnings: hubWarnings.sort() } } : {}),
  };
};
