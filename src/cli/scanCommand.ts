import { mapWithConcurrency } from '../aws/collections.ts';
import type { FactSource } from '../aws/factSource.ts';
import { scanRegion } from '../aws/scan.ts';
import { parseSnapshot } from '../aws/snapshotFormat.ts';
import { snapshotFactSource } from '../aws/snapshotReplay.ts';
import { isClusterIdentifier, isRegionName, isWorkgroupName } from '../core/identifiers.ts';
import { KINDS } from '../core/resourceKinds.ts';
import type { ResourceKind } from '../core/types.ts';
import { DeadlineError, InputError, isDeadlineError } from '../errors.ts';
import {
  AWS_FLAGS,
  AWS_HELP,
  checkedList,
  KIND_CHOICES,
  parseFlags,
  parseKinds,
  RULE_OPTION_FLAGS,
  ruleOptionsFromFlags,
  unlistedWarning,
} from './args.ts';
import { type CliIo, EXIT } from './io.ts';
import { noteAgeingNode } from './nodeVersion.ts';
import { chooseFormat, emit, FORMATS, renderReport } from './output.ts';
import { type RegionScan, toScanReport } from './report.ts';

/** Regions scanned at once with --all-regions: each makes a handful of calls; keep throttling away. */
const REGION_CONCURRENCY = 4;

/** A live scan's own deadline: every call is capped on its own, this bounds them all. */
const DEFAULT_TIMEOUT_S = 600;

export const SCAN_HELP = `Usage: redshift-evr scan [options]

Evaluate every Redshift provisioned cluster (Security Hub ${KINDS.cluster.control.id}) and Redshift Serverless
workgroup (${KINDS.workgroup.control.id}) of an account and Region, or of an offline snapshot: is enhanced VPC
routing on, and can it be turned on without breaking COPY/UNLOAD?

Options:
  --snapshot FILE          evaluate a snapshot recorded with "redshift-evr snapshot" (no AWS calls)
  --kind K                 ${KIND_CHOICES.join('|')} (default: all; cluster when only --cluster is given,
                           workgroup when only --workgroup is given)
  --cluster ID             evaluate this cluster only (repeatable)
  --workgroup NAME         evaluate this Redshift Serverless workgroup only (repeatable)
  --region REGION          the Region to scan (repeatable; default: AWS_REGION or the profile's)
  --all-regions            every Region enabled for the account, ${REGION_CONCURRENCY} at a time (ec2:DescribeRegions)
  --format F               ${FORMATS.join('|')} (default: table, or from --output-file's ending)
  --output-file FILE       write the report there (atomically) instead of stdout: .json, .csv,
                           .ocsf.json, .asff.json, .txt
  --fails-only             report NON_COMPLIANT clusters and workgroups only
  --quiet                  print nothing; the exit status says it all
  --prerequisite-mode M    report (default) | enforce | off
  --require-internet-path  also require a NAT (private) or internet gateway (public) default route
  --exemption-tag-key KEY  clusters and workgroups with this tag are NOT_APPLICABLE (the tag value is the reason)
  --s3-bucket NAME         a bucket COPY/UNLOAD use: restrictive S3 endpoint policies are checked against it
                           (repeatable, or comma-separated)
  --timeout SECONDS        give up on a live scan after this long (default ${DEFAULT_TIMEOUT_S}): what was decided is
                           reported, and the call that did not answer is named (exit status 2)
${AWS_HELP}

Exit status: 0 nothing noncompliant, 1 something noncompliant, 2 usage, credentials or API error.
`;

/**
 * `--timeout`: whole seconds, at least 1.
 * @throws InputError naming the value and the fix.
 */
const parseTimeout = (value: string | undefined): number => {
  if (value === undefined) return DEFAULT_TIMEOUT_S;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InputError(`--timeout must be a whole number of seconds (at least 1), got "${value}".`);
  }
  return Number(value);
};

const FLAGS = {
  timeout: { type: 'string' },
  profile: AWS_FLAGS.profile,
  region: { type: 'string', multiple: true },
  'all-regions': { type: 'boolean' },
  snapshot: { type: 'string' },
  kind: { type: 'string' },
  cluster: { type: 'string', multiple: true },
  workgroup: { type: 'string', multiple: true },
  format: { type: 'string' },
  'output-file': { type: 'string' },
  'fails-only': { type: 'boolean' },
  quiet: { type: 'boolean' },
  ...RULE_OPTION_FLAGS,
} as const;

/**
 * Facts from a snapshot file, and when they were captured. A version 1 file holds no workgroups (it predates
 * them): scanning workgroups in it says so rather than reporting "none".
 */
const openSnapshot = async (
  io: CliIo,
  file: string,
  workgroups: 'asked' | 'optional' | 'not-scanned',
): Promise<{ source: FactSource; observedAt: string }> => {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    throw new InputError(`Cannot read snapshot ${file}: ${(error as Error).message}.`);
  }
  const snapshot = parseSnapshot(text, file);
  if (snapshot.upgradedFrom === 1 && workgroups !== 'not-scanned') {
    const why = `${file} is a version 1 snapshot, recorded before workgroups were: it has none. Record it again ("redshift-evr snapshot --out FILE") to include Redshift Serverless workgroups`;
    // Asked for by name or --kind, an empty answer would pass for "no workgroup is noncompliant".
    if (workgroups === 'asked') throw new InputError(`${why}, or scan it with --kind cluster.`);
    io.stderr(`note: ${why}.\n`);
  }
  if (snapshot.upgradedFrom !== undefined) {
    io.stderr(
      `note: ${file} is a version ${snapshot.upgradedFrom} snapshot, recorded before security groups, network ACLs, endpoint policies and VPC Block Public Access were checked: those checks are unverified, so nothing in it is ready to remediate. Record it again ("redshift-evr snapshot --out FILE") to check them.\n`,
    );
  }
  return { source: snapshotFactSource(snapshot), observedAt: snapshot.capturedAt };
};

const progressOn = (io: CliIo, kinds: readonly ResourceKind[]) => {
  const noun = kinds.map((k) => KINDS[k].plural).join(' and ');
  return io.isTty
    ? ({ clustersEvaluated, clustersTotal }: { clustersEvaluated: number; clustersTotal: number }) =>
        io.stderr(`\rEvaluated ${clustersEvaluated}/${clustersTotal} ${noun}…`)
    : undefined;
};

/**
 * The kinds to scan: `--kind`, else the kinds the names are for (only --cluster: clusters), else both.
 * @throws InputError when a name is given for a kind that `--kind` leaves out.
 */
const kindsToScan = (
  flag: string | undefined,
  clusters: readonly string[] | undefined,
  workgroups: readonly string[] | undefined,
): readonly ResourceKind[] => {
  if (flag === undefined) {
    if (clusters !== undefined && workgroups === undefined) return ['cluster'];
    if (workgroups !== undefined && clusters === undefined) return ['workgroup'];
  }
  const kinds = parseKinds(flag);
  if (clusters !== undefined && !kinds.includes('cluster')) {
    throw new InputError(
      `--cluster names clusters, but --kind ${flag} leaves them out: drop --cluster, or give --kind cluster|all.`,
    );
  }
  if (workgroups !== undefined && !kinds.includes('workgroup')) {
    throw new InputError(
      `--workgroup names workgroups, but --kind ${flag} leaves them out: drop --workgroup, or give --kind workgroup|all.`,
    );
  }
  return kinds;
};

/** The names given that no scanned Region has, as one message per kind. */
const notFound = (
  scans: readonly RegionScan[],
  clusters: readonly string[] | undefined,
  workgroups: readonly string[] | undefined,
): string[] => {
  const where = scans.map((s) => s.region).join(', ');
  const found = (kind: ResourceKind) =>
    new Set(scans.flatMap((s) => s.evaluations.filter((e) => e.kind === kind).map((e) => e.clusterIdentifier)));
  const missing = (names: readonly string[] | undefined, kind: ResourceKind) => {
    const have = found(kind);
    return (names ?? []).filter((name) => !have.has(name)).map((name) => `"${name}"`);
  };
  const clustersMissing = missing(clusters, 'cluster');
  const workgroupsMissing = missing(workgroups, 'workgroup');
  return [
    ...(clustersMissing.length > 0
      ? [`Cluster(s) ${clustersMissing.join(', ')} not found in ${where}. Check --cluster and --region.`]
      : []),
    ...(workgroupsMissing.length > 0
      ? [`Workgroup(s) ${workgroupsMissing.join(', ')} not found in ${where}. Check --workgroup and --region.`]
      : []),
  ];
};

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
  const workgroups = checkedList(
    'workgroup',
    flags.workgroup,
    isWorkgroupName,
    'a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens)',
  );
  const kinds = kindsToScan(flags.kind, clusters, workgroups);
  const regions = checkedList('region', flags.region, isRegionName, 'a Region name such as eu-west-1 or us-gov-west-1');
  if (flags['all-regions'] && regions !== undefined) throw new InputError('Give --region or --all-regions, not both.');
  if (flags.snapshot !== undefined && (regions !== undefined || flags['all-regions'] || flags.profile !== undefined)) {
    throw new InputError(
      '--snapshot reads a file: drop --region/--all-regions/--profile (the snapshot names its Region).',
    );
  }
  const options = ruleOptionsFromFlags(flags);
  const onProgress = progressOn(io, kinds);
  // Nobody narrowed the scan: workgroups that cannot be listed are a warning, not the end of the clusters'
  // results (a Redshift.7 scan that worked before workgroups were added keeps working).
  const optionalWorkgroups = flags.kind === undefined && clusters === undefined && workgroups === undefined;
  const warnings: string[] = [];
  const incomplete: string[] = [];
  const timeoutS = parseTimeout(flags.timeout);
  const deadline = Date.now() + timeoutS * 1000;
  // The kinds listed in at least one Region: the controls the report answers.
  const listed = new Set<ResourceKind>();
  const scanSource = async (source: FactSource, observedAt: string): Promise<RegionScan> => {
    const result = await scanRegion(source, options, {
      kinds,
      optionalWorkgroups,
      ...(clusters ? { clusterIdentifiers: clusters } : {}),
      ...(workgroups ? { workgroupNames: workgroups } : {}),
      ...(onProgress ? { onProgress } : {}),
    }).catch((error: unknown) => {
      // The listing itself ran out of time: nothing was decided; say what to do about it.
      if (!isDeadlineError(error)) throw error;
      throw new DeadlineError(
        `${error.message}: the scan stopped at --timeout (${timeoutS} s). Run again, or with a longer --timeout.`,
        { cause: error },
      );
    });
    if (result.notEvaluated.length > 0) {
      const first = result.notEvaluated.slice(0, 5).join(', ');
      const more = result.notEvaluated.length > 5 ? ` +${result.notEvaluated.length - 5} more` : '';
      incomplete.push(
        `Region ${source.region}: the scan stopped at --timeout (${timeoutS} s): ${result.stoppedBy ?? 'no time left'}; not evaluated: ${first}${more}. Run again, or with a longer --timeout.`,
      );
    }
    const unlisted = result.unlisted ?? [];
    for (const { kind, error } of unlisted) warnings.push(unlistedWarning(source.region, kind, error));
    for (const kind of kinds) if (!unlisted.some((u) => u.kind === kind)) listed.add(kind);
    return { region: source.region, evaluations: result.evaluations, observedAt };
  };

  let scans: RegionScan[];
  const failures: string[] = [];
  if (flags.snapshot !== undefined) {
    const workgroupScan = !kinds.includes('workgroup') ? 'not-scanned' : optionalWorkgroups ? 'optional' : 'asked';
    const { source, observedAt } = await openSnapshot(io, flags.snapshot, workgroupScan);
    scans = [await scanSource(source, observedAt)];
  } else {
    noteAgeingNode(io);
    // Loaded on demand: an offline scan never loads the SDK's clients.
    const { openLiveFactSource } = await import('../aws/openLiveFactSource.ts');
    const targets = flags['all-regions']
      ? await (await import('../aws/regions.ts')).listEnabledRegions({ profile: flags.profile })
      : (regions ?? [undefined]);
    // Calls abandoned at the deadline are cancelled once the scan is over: nothing keeps the process waiting.
    const abandon = new AbortController();
    // One Region's failure (a Region denied by an SCP, say) must not hide the others' results.
    const outcomes = await mapWithConcurrency(targets, REGION_CONCURRENCY, async (region) => {
      try {
        const limits = { msLeft: () => deadline - Date.now(), abortSignal: abandon.signal };
        return await scanSource(
          await openLiveFactSource({ region, profile: flags.profile }, limits),
          new Date().toISOString(),
        );
      } catch (error) {
        if (targets.length === 1) throw error;
        return { failedRegion: region ?? '?', error: error as Error };
      }
    }).finally(() => abandon.abort());
    scans = outcomes.flatMap((o) => ('failedRegion' in o ? [] : [o]));
    failures.push(...outcomes.flatMap((o) => ('failedRegion' in o ? [`${o.failedRegion}: ${o.error.message}`] : [])));
  }
  if (onProgress) io.stderr('\r\u001b[K');
  const missing = notFound(scans, clusters, workgroups);
  if (missing.length > 0) throw new InputError(missing.join(' '));
  const covered = kinds.filter((k) => listed.has(k));
  const full = toScanReport(scans, new Date().toISOString(), covered);
  const report = flags['fails-only']
    ? toScanReport(
        scans.map((s) => ({ ...s, evaluations: s.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT') })),
        full.generatedAt,
        covered,
      )
    : full;
  if (!flags.quiet || flags['output-file'] !== undefined) {
    const text = renderReport(format, report, { color: io.color, columns: io.columns });
    await emit(io, text, flags['output-file']);
  }
  for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
  for (const failure of failures) io.stderr(`error: Region ${failure}\n`);
  for (const line of incomplete) io.stderr(`error: ${line}\n`);
  if (failures.length > 0 || incomplete.length > 0) return EXIT.USAGE;
  return full.summary.NON_COMPLIANT > 0 ? EXIT.NONCOMPLIANT : EXIT.OK;
};
