import { KINDS } from '../core/resourceKinds.ts';
import { DEFAULT_DATABASE, DEFAULT_USAGE_DAYS, MAX_USAGE_DAYS } from '../core/usage.ts';
import { DEFAULT_READ_ROLE_NAME } from '../deploy/names.ts';
import { InputError } from '../errors.ts';
import { AWS_HELP, KIND_CHOICES, parseFlags } from './args.ts';
import { type CliIo, EXIT } from './io.ts';
import { emit, FORMATS, renderReport } from './output.ts';
import { toScanReport, withSecurityHub } from './report.ts';
import { notFound } from './scan/notFound.ts';
import { REGION_CONCURRENCY, runScan } from './scan/runScan.ts';
import { ACCOUNT_CONCURRENCY } from './scan/scanAccounts.ts';
import { DEFAULT_TIMEOUT_S, parseScanRequest, SCAN_FLAGS } from './scan/scanRequest.ts';

const SCAN_HELP = `Usage: redshift-evr scan [options]

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
  --accounts ID,ID…        scan these accounts through --role instead of your own (repeatable, or comma-separated)
  --organization           scan every ACTIVE account of the organization through --role (organizations:ListAccounts)
  --role NAME              the read role to assume in each account (default ${DEFAULT_READ_ROLE_NAME}); accounts and
                           Regions are scanned ${ACCOUNT_CONCURRENCY} at a time, an account that fails does not stop the others
  --format F               ${FORMATS.join('|')} (default: table, or from --output-file's ending)
  --output-file FILE       write the report there (atomically) instead of stdout: .json, .csv,
                           .ocsf.json, .asff.json, .txt
  --fails-only             report NON_COMPLIANT clusters and workgroups only
  --quiet                  print nothing; the exit status says it all
  --security-hub           also read each resource's active Security Hub finding in its Region and account
                           (securityhub:GetFindings; live scans only): a HUB column, the finding in every
                           report format, and where Security Hub and this scan disagree
  --prerequisite-mode M    report (default) | enforce | off
  --require-internet-path  also require a NAT (private) or internet gateway (public) default route
  --exemption-tag-key KEY  clusters and workgroups with this tag are NOT_APPLICABLE (the tag value is the reason;
                           one ending with "until YYYY-MM-DD" holds through that day, UTC, at the scan's time)
  --s3-bucket NAME         a bucket COPY/UNLOAD use: restrictive S3 endpoint policies are checked against it
                           (repeatable, or comma-separated)
  --discover-usage         also ask each cluster's and workgroup's database (Redshift Data API, read-only system
                           tables) which buckets it loads from and unloads to, with their Regions, whether it uses
                           Spectrum, and COPY sources that are not S3; readiness is judged from them (live only)
  --database NAME          with --discover-usage: the database to connect to (default ${DEFAULT_DATABASE})
  --db-user USER           with --discover-usage: clusters connect as this database user (temporary credentials);
                           without it and --secret-arn, as your IAM identity
  --secret-arn ARN         with --discover-usage: connect with this Secrets Manager secret instead
  --usage-days N           with --discover-usage: look back N days, 1 to ${MAX_USAGE_DAYS} (default ${DEFAULT_USAGE_DAYS})
  --timeout SECONDS        give up on a live scan after this long (default ${DEFAULT_TIMEOUT_S}): what was decided is
                           reported, and the call that did not answer is named (exit status 2)
${AWS_HELP}

Exit status: 0 nothing noncompliant, 1 something noncompliant, 2 usage, credentials or API error (in any
Region or account: the others are still reported).
`;

/** `redshift-evr scan`: evaluate, print or write the report, and exit 0/1/2. */
export const scanCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('scan', argv, SCAN_FLAGS);
  if (flags.help) {
    io.stdout(SCAN_HELP);
    return EXIT.OK;
  }
  // Everything a user typed is checked before the first AWS call.
  const request = parseScanRequest(flags);
  const { scans, listed, warnings, failures, incomplete, hub } = await runScan(request, io);
  const missing = notFound(scans, request.names);
  if (missing.length > 0) throw new InputError(missing.join(' '));
  const covered = request.kinds.filter((k) => listed.has(k));
  const full = toScanReport(scans, new Date().toISOString(), covered);
  const filtered = flags['fails-only']
    ? toScanReport(
        scans.map((s) => ({ ...s, evaluations: s.evaluations.filter((e) => e.complianceType === 'NON_COMPLIANT') })),
        full.generatedAt,
        covered,
      )
    : full;
  const report = hub === undefined ? filtered : withSecurityHub(filtered, hub.findings);
  if (!flags.quiet || flags['output-file'] !== undefined) {
    const text = renderReport(request.format, report, { color: io.color, columns: io.columns });
    await emit(io, text, flags['output-file']);
  }
  for (const warning of [...warnings, ...(hub?.warnings ?? [])]) io.stderr(`warning: ${warning}\n`);
  for (const failure of failures) io.stderr(`error: ${failure}\n`);
  for (const line of incomplete) io.stderr(`error: ${line}\n`);
  if (failures.length > 0 || incomplete.length > 0) return EXIT.USAGE;
  return full.summary.NON_COMPLIANT > 0 ? EXIT.NONCOMPLIANT : EXIT.OK;
};
