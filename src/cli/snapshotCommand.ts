import { openLiveFactSource } from '../aws/openLiveFactSource.ts';
import { scanRegion } from '../aws/scan.ts';
import { recordingFactSource } from '../aws/snapshotRecorder.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { DEFAULT_RULE_OPTIONS } from '../core/ruleOptions.ts';
import { RESOURCE_KINDS } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { AWS_FLAGS, AWS_HELP, checkedRegion, parseFlags } from './args.ts';
import { type CliIo, EXIT } from './io.ts';
import { emit } from './output.ts';

const SNAPSHOT_HELP = `Usage: redshift-evr snapshot --out FILE [options]

Record the describe responses the engine needs (clusters, subnet groups, Redshift Serverless workgroups and
their tags and subnets, route tables, VPC endpoints, prefix lists, VPC DNS attributes, and any denied calls)
so that "redshift-evr scan --snapshot FILE" evaluates offline with identical results. Needs the same
read-only permissions as a scan.

Options:
  --out FILE               where to write the snapshot (JSON; written atomically)
${AWS_HELP}
`;

/** `redshift-evr snapshot`: record a region's facts to a file. */
export const snapshotCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('snapshot', argv, { ...AWS_FLAGS, out: { type: 'string' } });
  if (flags.help) {
    io.stdout(SNAPSHOT_HELP);
    return EXIT.OK;
  }
  if (!flags.out) throw new InputError('snapshot needs --out FILE. Run "redshift-evr snapshot --help".');
  const region = checkedRegion(flags.region);
  const recorder = recordingFactSource(await openLiveFactSource({ region, profile: flags.profile }));
  // Gather everything a report-mode scan needs; prerequisite checks must run to record the EC2 facts.
  // Workgroups that cannot be listed are recorded as such (a scan of the file says so), not a failed snapshot.
  const result = await scanRegion(recorder.source, DEFAULT_RULE_OPTIONS, {
    optionalWorkgroups: true,
    recordTags: true,
  });
  const snapshot = recorder.snapshot();
  await emit(io, `${JSON.stringify(snapshot, null, 2)}\n`, flags.out, '--out');
  const counts = RESOURCE_KINDS.map(
    (kind) => `${result.evaluations.filter((e) => e.kind === kind).length} ${KINDS[kind].noun}(s)`,
  );
  io.stderr(`Recorded ${counts.join(' and ')} in ${snapshot.region} to ${flags.out}.\n`);
  for (const failure of snapshot.failures) io.stderr(`warning: ${failure.message} (recorded; replayed the same way)\n`);
  return EXIT.OK;
};
