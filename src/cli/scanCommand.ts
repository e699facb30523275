import { mapWithConcurrency } from '../aws/collections.ts';
import type { FactSource } from '../aws/factSource.ts';
import { scanRegion } from '../aws/scan.ts';
import { parseSnapshot } from '../aws/snapshotFormat.ts';
import { snapshotFactSource } from '../aws/snapshotReplay.ts';
import { isClusterIdentifier } from '../core/identifiers.ts';
import type { RuleOptions } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { AWS_FLAGS, AWS_HELP, checkedList, checkedRegion, parseFlags, parseMode } from './args.ts';
import { type CliIo, EXIT } from './io.ts';
import { noteAgeingNode } from './nodeVersion.ts';
import { chooseFormat, emit, FORMATS, renderReport } from './output.ts';
import { type RegionScan, toScanReport } from './report.ts';

/** Regions scanned at once with --all-regions: each makes a handful of calls; keep throttling away. */
const REGION_CONCURRENCY = 4;

export const SCAN_HELP = `Usage: redshift-evr scan [options]

Evaluate every Redshift cluster of an account and Region (or an offline snapshot): is enhanced VPC
routing on, and can it be turned on without breaking COPY/UNLOAD?

Options:
  --snapshot FILE          evaluate a snapshot recorded with "redshift-evr snapshot" (no AWS calls)
  --cluster ID             evaluate this cluster only (repeatable)
  --region REGION          the Region to scan (repeatable; default: AWS_REGION or the profile's)
  --all-regions            every Region enabled for the account, ${REGION_CONCURRENCY} at a time (ec2:DescribeRegions)
  --format F               ${FORMATS.join('|')} (default: table, or from --output-file's ending)
  --output-file FILE       write the report there (atomically) instead of stdout: .json, .csv,
                           .ocsf.json, .asff.json, .txt
  --fails-only             report NON_COMPLIANT clusters only
  --quiet                  print nothing; the exit status says it all
  --prerequisite-mode M    report (default) | enforce | off
  --require-internet-path  also require a NAT (private) or internet gateway (public) default route
  --exemption-tag-key KEY  clusters with this tag are NOT_APPLICABLE (the tag value is the reason)
${AWS_HELP}

Exit status: 0 nothing noncompliant, 1 something noncompliant, 2 usage, credentials or API error.
`;

const FLAGS = {
  profile: AWS_FLAGS.profile,
  region: { type: 'string', multiple: true },
  'all-regions': { type: 'boolean' },
  snapshot: { type: 'string' },
  cluster: { type: 'string', multiple: true },
  format: { type: 'string' },
  'output-file': { type: 'string' },
  'fails-only': { type: 'boolean' },
  quiet: { type: 'boolean' },
  'prerequisite-mode': { type: 'string' },
  'require-internet-path': { type: 'boolean' },
  'exemption-tag-key': { type: 'string' },
} as const;

/** Facts from a snapshot file, and when they were captured. */
const openSnapshot = async (io: CliIo, file: string): Promise<{ source: FactSource; observedAt: string }> => {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new InputError(`Cannot read snapshot ${file}: ${(error as Error).message}.`);
  }
  const snapshot = parseSnapshot(text, file);
  return { source: snapshotFactSource(snapshot), observedAt: snapshot.capturedAt };
};

const progressOn = (io: CliIo) =>
  io.isTty
    ? ({ clustersEvaluated, clustersTotal }: { clustersEvaluated: number; clustersTotal: number }) =>
        io.stderr(`\rEvaluated ${clustersEvaluated}/${clustersTotal} clusters…`)
    : undefined;

/** `redshift-evr scan`: evaluate, print or write the report, and exit 0/1/2. */
export const scanCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('scan', argv, FLAGS);
  if (flags.help) {
    io.stdout(SCAN_HELP);
    return EXIT.OK;
  }
  // Everything a user typed is checked before the first AWS call.
  const format = chooseFormat(flags.format, flags['output-file']);
  const clusters = checkedList('cluster', flags.cluster, isClusterIdentifier, 'a Redshift cluster identifier');
  const regions = checkedList('region', flags.region, (r) => checkedRegion(r) !== undefined, 'a Region name');
  if (flags['all-regions'] && regions !== undefined) throw new InputError('Give --region or --all-regions, not both.');
  if (flags.snapshot !== undefined && (regions !== undefined || flags['all-regions'] || flags.profile !== undefined)) {
    throw new InputError(
      '--snapshot reads a file: drop --region/--all-regions/--profile (the snapshot names its Region).',
    );
  }
  const exemptionTagKey = flags['exemption-tag-key'];
  const options: RuleOptions = {
    prerequisiteMode: parseMode(flags['prerequisite-mode']),
    requireInternetPath: flags['require-internet-path'] === true,
    ...(exemptionTagKey ? { exemptionTagKey } : {}),
  };
  const onProgress = progressOn(io);
  const scanSource = async (source: FactSource, observedAt: string): Promise<RegionScan> => {
    const one = clusters?.length === 1 ? { clusterIdentifier: clusters[0] as string } : {};
    const result = await scanRegion(source, options, { ...one, ...(onProgress ? { onProgress } : {}) });
    const wanted =
      clusters === undefined
        ? result.evaluations
        : result.evaluations.filter((e) => clusters.includes(e.clusterIdentifier));
    return { region: source.region, evaluations: wanted, observedAt };
  };

  let scans: RegionScan[];
  const failures: string[] = [];
  if (flags.snapshot !== undefined) {
    const { source, observedAt } = await openSnapshot(io, flags.snapshot);
    scans = [await scanSource(source, observedAt)];
  } else {
    noteAgeingNode(io);
    // Loaded on demand: an offline scan never loads the SDK's clients.
    const { openLiveFactSource } = await import('../aws/openLiveFactSource.ts');
    const targets = flags['all-regions']
      ? await (await import('../aws/regions.ts')).listEnabledRegions({ profile: flags.profile })
      : (regions ?? [undefined]);
    // One Region's failure (a Region denied by an SCP, say) must not hide the others' results.
    const outcomes = await mapWithConcurrency(targets, REGION_CONCURRENCY, async (region) => {
      try {
        return await scanSource(await openLiveFactSource({ region, profile: flags.profile }), new Date().toISOString());
      } catch (error) {
        if (targets.length === 1) throw error;
        return { failedRegion: region ?? '?', error: error as Error };
      }
    });
    scans = outcomes.flatMap((o) => ('failedRegion' in o ? [] : [o]));
    failures.push(...outcomes.flatMap((o) => ('failedRegion' in o ? [`${o.failedRegion}: ${o.error.message}`] : [])));
  }
  if (onProgress) io.stderr('\r\u001b[K');
  const found = new Set(scans.flatMap((s) => s.evaluations.map((e) => e.clusterIdentifier)));
  const missing = (clusters ?? []).filter((id) => !found.has(id));
  if (missing.length > 0) {
    const where = scans.map((s) => s.region).join(', ');
    throw new InputError(
      `Cluster(s) ${missing.map((m) => `"${m}"`).join(', ')} not found in ${where}. Check --cluster and --region.`,
    );
  }
  const full = toScanReport(scans, new Date().toISOString());
  const report = flags['fails-only']
    ? toScanReport(
        scans.map((s) => ({ ...s, evaluations: s.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT') })),
        full.generatedAt,
      )
    : full;
  if (!flags.quiet || flags['output-file'] !== undefined) {
    const text = renderReport(format, report, { color: io.color, columns: io.columns });
    await emit(io, text, flags['output-file']);
  }
  for (const failure of failures) io.stderr(`error: Region ${failure}\n`);
  if (failures.length > 0) return EXIT.USAGE;
  return full.summary.NON_COMPLIANT > 0 ? EXIT.NONCOMPLIANT : EXIT.OK;
};
