import type { FactSource } from '../aws/factSource.ts';
import { scanRegion } from '../aws/scan.ts';
import { parseSnapshot } from '../aws/snapshotFormat.ts';
import { snapshotFactSource } from '../aws/snapshotReplay.ts';
import type { RuleOptions } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { AWS_FLAGS, AWS_HELP, parseChoice, parseFlags, parseMode } from './args.ts';
import { formatTable } from './formatTable.ts';
import { type CliIo, EXIT } from './io.ts';
import { type ScanReport, toScanReport } from './report.ts';

export const SCAN_HELP = `Usage: redshift-evr scan [options]

Evaluate every Redshift cluster of an account and Region (or an offline snapshot): is enhanced VPC
routing on, and can it be turned on without breaking COPY/UNLOAD?

Options:
  --snapshot FILE          evaluate a snapshot recorded with "redshift-evr snapshot" (no AWS calls)
  --cluster ID             evaluate one cluster only
  --format table|json      output format (default: table)
  --prerequisite-mode M    report (default) | enforce | off
  --require-internet-path  also require a NAT (private) or internet gateway (public) default route
  --exemption-tag-key KEY  clusters with this tag are NOT_APPLICABLE (the tag value is the reason)
${AWS_HELP}

Exit status: 0 nothing noncompliant, 1 something noncompliant, 2 usage or credentials error.
`;

const FLAGS = {
  ...AWS_FLAGS,
  snapshot: { type: 'string' },
  cluster: { type: 'string' },
  format: { type: 'string' },
  'prerequisite-mode': { type: 'string' },
  'require-internet-path': { type: 'boolean' },
  'exemption-tag-key': { type: 'string' },
} as const;

/** Where facts come from: a snapshot file, or the account the credentials point at. */
export const openFactSource = async (
  io: CliIo,
  flags: { snapshot?: string | undefined; region?: string | undefined; profile?: string | undefined },
): Promise<FactSource> => {
  if (flags.snapshot !== undefined) {
    if (flags.region !== undefined || flags.profile !== undefined) {
      throw new InputError('--snapshot reads a file: drop --region/--profile (the snapshot names its Region).');
    }
    let text: string;
    try {
      text = await io.readFile(flags.snapshot);
    } catch (error) {
      throw new InputError(`Cannot read snapshot ${flags.snapshot}: ${(error as Error).message}.`);
    }
    return snapshotFactSource(parseSnapshot(text, flags.snapshot));
  }
  // Loaded on demand: an offline scan never loads the SDK's EC2 and Redshift clients.
  const { openLiveFactSource } = await import('../aws/openLiveFactSource.ts');
  return openLiveFactSource({ region: flags.region, profile: flags.profile });
};

const progressOn = (io: CliIo) =>
  io.isTty
    ? ({ clustersEvaluated, clustersTotal }: { clustersEvaluated: number; clustersTotal: number }) =>
        io.stderr(`\rEvaluated ${clustersEvaluated}/${clustersTotal} clusters…`)
    : undefined;

/** `redshift-evr scan`: evaluate, print, and exit 0/1/2. */
export const scanCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('scan', argv, FLAGS);
  if (flags.help) {
    io.stdout(SCAN_HELP);
    return EXIT.OK;
  }
  const format = parseChoice('--format', flags.format, ['table', 'json'] as const, 'table');
  const exemptionTagKey = flags['exemption-tag-key'];
  const options: RuleOptions = {
    prerequisiteMode: parseMode(flags['prerequisite-mode']),
    requireInternetPath: flags['require-internet-path'] === true,
    ...(exemptionTagKey ? { exemptionTagKey } : {}),
  };
  const source = await openFactSource(io, flags);
  const onProgress = progressOn(io);
  const result = await scanRegion(source, options, {
    ...(flags.cluster ? { clusterIdentifier: flags.cluster } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  if (onProgress) io.stderr('\r\u001b[K');
  if (flags.cluster && result.evaluations.length === 0) {
    throw new InputError(`Cluster "${flags.cluster}" was not found in ${source.region}. Check --cluster and --region.`);
  }
  const report: ScanReport = toScanReport(source.region, result.evaluations);
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatTable(report));
  return report.summary.NON_COMPLIANT > 0 ? EXIT.NONCOMPLIANT : EXIT.OK;
};
