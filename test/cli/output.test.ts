import { expect } from 'chai';
import { formatTable } from '../../src/cli/formatTable.ts';
import { chooseFormat, emit } from '../../src/cli/output.ts';
import { toScanReport } from '../../src/cli/report.ts';
import { evaluateCluster } from '../../src/core/evaluateCluster.ts';
import { aCluster, aNetwork, aWorkgroup, EVALUATED_AT, networkWithRoutes, options } from '../support/coreFixtures.ts';
import { testIo } from '../support/testIo.ts';

const report = () =>
  toScanReport(
    [
      {
        region: 'us-east-1',
        evaluations: [evaluateCluster(aCluster(), networkWithRoutes([]), options(), EVALUATED_AT)],
        observedAt: '2026-11-28T00:00:00Z',
      },
    ],
    '2026-11-28T00:00:01Z',
  );

/** A workgroup (no subnet group: its own subnets) in this status, on a network with every prerequisite met. */
const workgroup = (clusterStatus: string, clusterIdentifier = 'adhoc-serverless') =>
  evaluateCluster(
    aWorkgroup({
      clusterIdentifier,
      clusterStatus,
    }),
    aNetwork(),
    options(),
    EVALUATED_AT,
  );

const mixedReport = () =>
  toScanReport(
    [
      {
        region: 'us-east-1',
        evaluations: [
          evaluateCluster(aCluster(), networkWithRoutes([]), options(), EVALUATED_AT),
          evaluateCluster(
            aCluster({ clusterIdentifier: 'archive', clusterStatus: 'paused' }),
            aNetwork(),
            options(),
            EVALUATED_AT,
          ),
          workgroup('DELETING'),
          workgroup('AVAILABLE', 'analytics-serverless'),
        ],
        observedAt: '2026-11-28T00:00:00Z',
      },
    ],
    '2026-11-28T00:00:01Z',
  );

describe('CLI output', () => {
  it('never lets a control character from outside reach the terminal (a forged row stays visible as such)', () => {
    const forged = 'etl\r\u001b[32mCOMPLIANT      \u001b[0m';
    const evaluation = evaluateCluster(
      aCluster({ clusterIdentifier: forged }),
      networkWithRoutes([]),
      options(),
      EVALUATED_AT,
    );
    const text = formatTable(
      toScanReport([{ region: 'us-east-1', evaluations: [evaluation], observedAt: '2026-11-28T00:00:00Z' }], 'now'),
      { color: false },
    );
    expect(text.includes('\r') || text.includes('\u001b')).to.equal(false);
    expect(text).to.contain('etl\\u000d\\u001b[32mCOMPLIANT');
  });

  it('renders a table of 150,000 rows (no argument spread over a column)', () => {
    // COMPLIANT rows (nothing to explain), copied from one report entry: the rows alone used to overflow the stack.
    const one = evaluateCluster(aCluster({ enhancedVpcRouting: true }), aNetwork(), options(), EVALUATED_AT);
    const single = toScanReport(
      [{ region: 'us-east-1', evaluations: [one], observedAt: '2026-11-28T00:00:00Z' }],
      'now',
    );
    const entry = single.evaluations[0] as (typeof single.evaluations)[number];
    const evaluations = Array.from({ length: 150_000 }, (_, i) => ({ ...entry, clusterIdentifier: `c-${i}` }));
    const text = formatTable({ ...single, evaluations }, { color: false });
    expect(text).to.contain('c-149999');
  });

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

  it('names the kind of each row, and counts clusters and workgroups with their controls', () => {
    const lines = formatTable(mixedReport()).split('\n');
    expect(lines[0]).to.match(/^STATUS +KIND +NAME +VPC +EVR +DETAIL$/);
    expect(lines[1]).to.match(/^NON_COMPLIANT +cluster +etl-prod +vpc-0a1 +off +S3_ROUTE_MISSING$/);
    expect(lines[4]).to.match(/^NON_COMPLIANT +workgroup +analytics-serverless +vpc-0a1 +off +ready to remediate$/);
    expect(lines).to.include(
      '2 clusters (Redshift.7), 2 workgroups (RedshiftServerless.1) in us-east-1: 0 COMPLIANT, 4 NON_COMPLIANT (1 ready to remediate), 0 NOT_APPLICABLE',
    );
  });

  it('gives the advice for a workgroup status in the row and the explanation, naming it a workgroup', () => {
    const text = formatTable(mixedReport());
    // A workgroup being deleted is not "ready"; the cluster table's advice (paused: resume it) stays for clusters.
    expect(text).to.match(
      /\nNON_COMPLIANT +workgroup +adhoc-serverless +vpc-0a1 +off +DELETING: it is being deleted; nothing to remediate\n/,
    );
    expect(text).to.match(/\nNON_COMPLIANT +cluster +archive +vpc-0a1 +off +paused: resume it \(ResumeCluster\)/);
    expect(text).to.contain('\nanalytics-serverless (workgroup): Enhanced VPC routing is off. Ready to remediate:');
    expect(text).to.contain('\netl-prod: Enhanced VPC routing is off; 1 problem.');
    const blocked = evaluateCluster(
      aWorkgroup({
        clusterStatus: 'DELETING',
      }),
      networkWithRoutes([]),
      options(),
      EVALUATED_AT,
    );
    const explained = formatTable(
      toScanReport([{ region: 'us-east-1', evaluations: [blocked], observedAt: 'now' }], 'now'),
    );
    expect(explained).to.contain(
      '\nanalytics (workgroup): Enhanced VPC routing is off; 1 problem. Workgroup is DELETING: it is being deleted; nothing to remediate.\n',
    );
  });

  it('says "1 cluster" and names only the kinds scanned, also when nothing was found', () => {
    const one = toScanReport(
      [
        {
          region: 'eu-west-1',
          evaluations: [evaluateCluster(aCluster(), aNetwork(), options(), EVALUATED_AT)],
          observedAt: '2026-11-28T00:00:00Z',
        },
      ],
      'now',
      ['cluster'],
    );
    expect(formatTable(one)).to.contain('\n1 cluster (Redshift.7) in eu-west-1: 0 COMPLIANT, 1 NON_COMPLIANT');
    const none = (kinds?: readonly ('cluster' | 'workgroup')[]) =>
      formatTable(toScanReport([{ region: 'eu-west-1', evaluations: [], observedAt: 'now' }], 'now', kinds));
    expect(none()).to.equal('No Redshift clusters or Redshift Serverless workgroups in eu-west-1.\n');
    expect(none(['cluster'])).to.equal('No Redshift clusters in eu-west-1.\n');
    expect(none(['workgroup'])).to.equal('No Redshift Serverless workgroups in eu-west-1.\n');
  });

  it("gives each evaluation its kind's control and severity, and the report the controls of the kinds scanned", () => {
    const report = mixedReport();
    expect(report.evaluations.map((e) => [e.kind, e.controlId, e.severity])).to.deep.equal([
      ['cluster', 'Redshift.7', 'MEDIUM'],
      ['cluster', 'Redshift.7', 'MEDIUM'],
      ['workgroup', 'RedshiftServerless.1', 'HIGH'],
      ['workgroup', 'RedshiftServerless.1', 'HIGH'],
    ]);
    expect(report).to.include({ controlId: null });
    expect(report.controlIds).to.deep.equal(['Redshift.7', 'RedshiftServerless.1']);
    const clustersOnly = toScanReport([], 'now', ['cluster']);
    expect(clustersOnly).to.include({ controlId: 'Redshift.7' });
    expect(clustersOnly.controlIds).to.deep.equal(['Redshift.7']);
    const workgroupsOnly = toScanReport([], 'now', ['workgroup']);
    expect(workgroupsOnly).to.include({ controlId: 'RedshiftServerless.1' });
    expect(workgroupsOnly.controlIds).to.deep.equal(['RedshiftServerless.1']);
  });

  it("rates a passed workgroup check INFORMATIONAL, like a cluster's", () => {
    const passed = toScanReport(
      [
        {
          region: 'us-east-1',
          evaluations: [
            evaluateCluster(
              aWorkgroup({
                enhancedVpcRouting: true,
              }),
              aNetwork(),
              options(),
              EVALUATED_AT,
            ),
          ],
          observedAt: 'now',
        },
      ],
      'now',
    );
    expect(passed.evaluations[0]).to.include({ complianceType: 'COMPLIANT', severity: 'INFORMATIONAL' });
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
