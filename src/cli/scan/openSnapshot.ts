import type { FactSource } from '../../aws/factSource.ts';
import { parseSnapshot } from '../../aws/snapshotFormat.ts';
import { snapshotFactSource } from '../../aws/snapshotReplay.ts';
import { InputError } from '../../errors.ts';
import type { CliIo } from '../io.ts';

/**
 * Facts from a snapshot file, and when they were captured. A version 1 file holds no workgroups (it predates
 * them): scanning workgroups in it says so rather than reporting "none".
 */
export const openSnapshot = async (
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
