import { expect } from 'chai';
import { formatTable } from '../../src/cli/formatTable.ts';
import { chooseFormat, emit } from '../../src/cli/output.ts';
import { toScanReport } from '../../src/cli/report.ts';
import { evaluateCluster } from '../../src/core/evaluateCluster.ts';
import { aCluster, networkWithRoutes, options } from '../support/coreFixtures.ts';
import { testIo } from '../support/testIo.ts';

const report = () =>
  toScanReport(
    [
      {
        region: 'us-east-1',
        evaluations: [evaluateCluster(aCluster(), networkWithRoutes([]), options())],
        observedAt: '2026-11-28T00:00:00Z',
      },
    ],
    '2026-11-28T00:00:01Z',
  );

describe('CLI output', () => {
  it('colours the status only when asked (a terminal without NO_COLOR)', () => {
    expect(formatTable(report(), { color: false })).not.to.contain('\u001b[');
    expect(formatTable(report(), { color: true })).to.contain('\u001b[31mNON_COMPLIANT');
  });

  it('fits the table to the terminal width, but never cuts the explanations', () => {
    const text = formatTable(report(), { color: false, columns: 60 });
    const [header, row] = text.split('\n');
    expect(header?.length).to.be.at.most(60);
    expect(row?.length).to.be.at.most(60);
    expect(text).to.contain('fix: add an S3 gateway endpoint to rtb-main (aws ec2 create-vpc-endpoint');
  });

  it('takes the format from --format, else from the file ending', () => {
    expect(chooseFormat(undefined, 'findings.asff.json')).to.equal('asff');
    expect(chooseFormat(undefined, 'findings.OCSF.JSON')).to.equal('ocsf');
    expect(chooseFormat(undefined, 'r.json')).to.equal('json');
    expect(chooseFormat('csv', 'r.json')).to.equal('csv');
    expect(chooseFormat(undefined, undefined)).to.equal('table');
    expect(() => chooseFormat('xml', undefined)).to.throw(
      '--format must be one of table|json|csv|ocsf|asff, got "xml".',
    );
  });

  it('says a full disk is full, names the file, and that nothing was written', async () => {
    const io = {
      ...testIo(),
      writeFile: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
    };
    const error = await emit(io, 'report', 'out/report.json').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal(
      'Cannot write out/report.json: the disk is full (ENOSPC). Nothing was written; choose another --output-file.',
    );
  });
});
