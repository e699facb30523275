import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { runCli } from '../../src/cli/runCli.ts';
import { testIo } from '../support/testIo.ts';

describe('redshift-evr scan (in process)', () => {
  const demo = async () => ({ 'demo.json': await readFile('examples/demo-account.json', 'utf8') });

  it('shows progress on stderr when stderr is a terminal, and clears it', async () => {
    const io = { ...testIo({ files: await demo() }), isTty: true };
    const code = await runCli(['scan', '--snapshot', 'demo.json', '--format', 'json'], io);
    expect(code).to.equal(1);
    // The demo has 15 clusters and 2 workgroups.
    expect(io.err().startsWith('\rEvaluated 1/17 clusters and workgroups…')).to.equal(true);
    expect(io.err().endsWith('\rEvaluated 17/17 clusters and workgroups…\r\u001b[K')).to.equal(true);
    expect(JSON.parse(io.out()).evaluations).to.have.length(17);
  });

  it('names only the kind it scans in the progress', async () => {
    const io = { ...testIo({ files: await demo() }), isTty: true };
    await runCli(['scan', '--snapshot', 'demo.json', '--kind', 'workgroup', '--format', 'json'], io);
    expect(io.err().endsWith('\rEvaluated 2/2 workgroups…\r\u001b[K')).to.equal(true);
  });

  describe("an exemption's end date, judged at the snapshot's capture time", () => {
    /** The demo recorded at `capturedAt` (its partner-share is exempt until 2027-03-31). */
    const demoAt = async (capturedAt: string) => ({
      'demo.json': JSON.stringify({ ...JSON.parse((await demo())['demo.json']), capturedAt }),
    });
    const scan = async (capturedAt: string, format: string) => {
      const io = testIo({ files: await demoAt(capturedAt) });
      await runCli(['scan', '--snapshot', 'demo.json', '--exemption-tag-key', 'evr-exempt', '--format', format], io);
      return io.out();
    };
    const partnerShare = (json: string) =>
      JSON.parse(json).evaluations.find((e: { clusterIdentifier: string }) => e.clusterIdentifier === 'partner-share');

    it('is exempt on its last day, with until in the JSON report', async () => {
      expect(partnerShare(await scan('2027-03-31T23:59:59.999Z', 'json'))).to.deep.include({
        complianceType: 'NOT_APPLICABLE',
        exemption: {
          tagKey: 'evr-exempt',
          reason: 'Vendor-managed; risk accepted in SEC-1432 until 2027-03-31',
          until: '2027-03-31',
        },
        ignoredExemption: null,
      });
    });

    it('is judged by its flag once expired: the JSON report and the table say the exemption expired', async () => {
      const after = '2027-04-01T00:00:00.000Z';
      const entry = partnerShare(await scan(after, 'json'));
      expect(entry).to.deep.include({
        complianceType: 'NON_COMPLIANT',
        exemption: null,
        ignoredExemption: {
          tagKey: 'evr-exempt',
          reason: 'Vendor-managed; risk accepted in SEC-1432 until 2027-03-31',
          until: '2027-03-31',
          why: 'expired',
        },
        observedAt: after,
      });
      expect(entry.annotation).to.match(/^Exemption evr-exempt expired on 2027-03-31\. Enhanced VPC routing is off\./);
      const table = await scan(after, 'table');
      expect(table).to.match(
        /^NON_COMPLIANT +cluster +partner-share +\S+ +off +exemption expired on 2027-03-31; ready to remediate$/m,
      );
      expect(table).to.match(
        /^partner-share: Exemption evr-exempt expired on 2027-03-31\. Enhanced VPC routing is off\./m,
      );
    });
  });

  it('keeps stderr quiet when it is not a terminal', async () => {
    const io = testIo({ files: await demo() });
    await runCli(['scan', '--snapshot', 'demo.json'], io);
    expect(io.err()).to.equal('');
  });

  it('refuses --region with --snapshot (the snapshot names its Region)', async () => {
    const io = testIo({ files: await demo() });
    expect(await runCli(['scan', '--snapshot', 'demo.json', '--region', 'eu-west-1'], io)).to.equal(2);
    expect(io.err()).to.equal(
      'error: --snapshot reads a file: drop --region/--all-regions/--profile (the snapshot names its Region).\n',
    );
  });

  const FILTERS_NOTE =
    'note: v1.json is a version 1 snapshot, recorded before security groups, network ACLs, endpoint policies and VPC Block Public Access were checked: those checks are unverified, so nothing in it is ready to remediate. Record it again ("redshift-evr snapshot --out FILE") to check them.\n';

  /** The demo as a version 1 file would hold it: no workgroups, no subnets. */
  const versionOne = async () => {
    const { redshiftServerless: _, ...rest } = JSON.parse(await readFile('examples/demo-account.json', 'utf8'));
    const { subnets: __, ...ec2 } = rest.ec2;
    return { 'v1.json': JSON.stringify({ ...rest, version: 1, ec2 }) };
  };

  it('scans a version 1 snapshot, saying it predates workgroups instead of reporting none', async () => {
    const io = testIo({ files: await versionOne() });
    const code = await runCli(['scan', '--snapshot', 'v1.json', '--format', 'json'], io);
    expect(code).to.equal(1);
    const report = JSON.parse(io.out());
    expect(report.evaluations).to.have.length(15);
    expect(report.evaluations.every((e: { kind: string }) => e.kind === 'cluster')).to.equal(true);
    expect(io.err()).to.equal(
      'note: v1.json is a version 1 snapshot, recorded before workgroups were: it has none. Record it again ("redshift-evr snapshot --out FILE") to include Redshift Serverless workgroups.\n' +
        FILTERS_NOTE,
    );
    expect(report.summary.readyToRemediate).to.equal(0);
  });

  it('refuses to scan a version 1 snapshot for workgroups by --kind or by name (an empty answer would pass)', async () => {
    for (const args of [
      ['--kind', 'workgroup'],
      ['--kind', 'all'],
      ['--workgroup', 'analytics-serverless'],
    ]) {
      const io = testIo({ files: await versionOne() });
      expect(await runCli(['scan', '--snapshot', 'v1.json', ...args], io), args.join(' ')).to.equal(2);
      expect(io.out()).to.equal('');
      expect(io.err()).to.equal(
        'error: v1.json is a version 1 snapshot, recorded before workgroups were: it has none. Record it again ("redshift-evr snapshot --out FILE") to include Redshift Serverless workgroups, or scan it with --kind cluster.\n',
      );
    }
  });

  it('says nothing of workgroups when a version 1 snapshot is scanned for clusters only', async () => {
    const io = testIo({ files: await versionOne() });
    await runCli(['scan', '--snapshot', 'v1.json', '--kind', 'cluster', '--format', 'json'], io);
    expect(io.err()).to.equal(FILTERS_NOTE);
  });
});
