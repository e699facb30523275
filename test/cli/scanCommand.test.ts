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
    // The demo has 13 clusters and 2 workgroups.
    expect(io.err().startsWith('\rEvaluated 1/15 clusters and workgroups…')).to.equal(true);
    expect(io.err().endsWith('\rEvaluated 15/15 clusters and workgroups…\r\u001b[K')).to.equal(true);
    expect(JSON.parse(io.out()).evaluations).to.have.length(15);
  });

  it('names only the kind it scans in the progress', async () => {
    const io = { ...testIo({ files: await demo() }), isTty: true };
    await runCli(['scan', '--snapshot', 'demo.json', '--kind', 'workgroup', '--format', 'json'], io);
    expect(io.err().endsWith('\rEvaluated 2/2 workgroups…\r\u001b[K')).to.equal(true);
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
});
