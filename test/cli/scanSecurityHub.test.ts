import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import { runCli } from '../../src/cli/runCli.ts';
import { DISAGREEMENT_WHAT } from '../../src/core/hubComparison.ts';
import { cluster } from '../support/fakeAws/builders.ts';
import { type StubRequest, useHttpStub } from '../support/fakeAws/httpStub.ts';
import { hubFinding } from '../support/fakeAws/hubFinding.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { DENIED_READ, OK, organization } from '../support/fakeAws/organization.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';
import { testIo } from '../support/testIo.ts';

const ARN = (id: string) => `arn:aws:redshift:us-east-1:111122223333:cluster:${id}`;

interface Reported {
  clusterIdentifier: string;
  complianceType: string;
  securityHub?: { findingId: string; complianceStatus: string | null; workflowStatus: string } | null;
}

describe('redshift-evr scan --security-hub (in process)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const hub = useClientMock(SecurityHubClient);

  /**
   * Four clusters in one VPC: c-0 NON_COMPLIANT (EVR off), c-1 COMPLIANT (EVR on), c-2 exempt by tag, c-3 with no
   * finding at all.
   */
  const install = () => {
    const base = syntheticAccount(4, 1);
    const clusters = base.clusters.map((_, i) =>
      cluster({
        id: `c-${i}`,
        subnetGroup: 'g-0',
        vpcId: 'vpc-0',
        ...(i === 1 ? { evr: true } : {}),
        ...(i === 2 ? { tags: { 'evr-exempt': 'vendor-managed' } } : {}),
      }),
    );
    installFakeAccount(redshift(), ec2(), { ...base, clusters }, { serverless: serverless() });
  };

  const findings: AwsSecurityFinding[] = [
    // Security Hub has not seen c-0 fail yet.
    { ...hubFinding('f-0', ARN('c-0')), Compliance: { Status: 'PASSED' } },
    // c-1 was fixed; Security Hub has not checked again.
    hubFinding('f-1', ARN('c-1'), { workflow: 'SUPPRESSED' }),
    // Exempt here, not suppressed there.
    hubFinding('f-2', ARN('c-2')),
  ];

  /** Answer GetFindings with the findings of the resources asked about (the consolidated query only). */
  const serveFindings = () =>
    hub()
      .on(GetFindingsCommand)
      .callsFake((input: { Filters?: { ResourceId?: { Value?: string }[]; GeneratorId?: unknown } }) => {
        if (input.Filters?.GeneratorId !== undefined) return { Findings: [] };
        const asked = new Set(input.Filters?.ResourceId?.map((f) => f.Value));
        return { Findings: findings.filter((f) => asked.has(f.Resources?.[0]?.Id ?? '')) };
      });

  const scan = async (format: string, ...flags: string[]) => {
    const io = testIo();
    const code = await runCli(
      [
        'scan',
        '--region',
        'us-east-1',
        '--kind',
        'cluster',
        '--exemption-tag-key',
        'evr-exempt',
        '--format',
        format,
        ...flags,
      ],
      io,
    );
    // The Node.js version note (once a process, on older Node) is not ours to test.
    const err = io
      .err()
      .split(/(?<=\n)/)
      .filter((l) => !l.startsWith('note: Node.js'))
      .join('');
    return { code, out: io.out(), err };
  };

  it('adds each finding and the disagreements to the JSON report', async () => {
    install();
    serveFindings();
    const { code, out, err } = await scan('json', '--security-hub');
    expect(code).to.equal(1);
    expect(err).to.equal('');
    const report = JSON.parse(out);
    const byName = Object.fromEntries(
      (report.evaluations as Reported[]).map((e) => [e.clusterIdentifier, [e.complianceType, e.securityHub]]),
    );
    expect(byName).to.deep.equal({
      'c-0': ['NON_COMPLIANT', { findingId: 'f-0', complianceStatus: 'PASSED', workflowStatus: 'NEW' }],
      'c-1': ['COMPLIANT', { findingId: 'f-1', complianceStatus: 'FAILED', workflowStatus: 'SUPPRESSED' }],
      'c-2': ['NOT_APPLICABLE', { findingId: 'f-2', complianceStatus: 'FAILED', workflowStatus: 'NEW' }],
      'c-3': ['NON_COMPLIANT', null],
    });
    expect(report.securityHubDisagreements).to.deep.equal([
      { resource: ARN('c-0'), kind: 'passed-but-noncompliant', what: DISAGREEMENT_WHAT['passed-but-noncompliant'] },
      { resource: ARN('c-1'), kind: 'suppressed-not-exempt', what: DISAGREEMENT_WHAT['suppressed-not-exempt'] },
      { resource: ARN('c-1'), kind: 'failed-but-compliant', what: DISAGREEMENT_WHAT['failed-but-compliant'] },
      { resource: ARN('c-2'), kind: 'exempt-not-suppressed', what: DISAGREEMENT_WHAT['exempt-not-suppressed'] },
    ]);
    // Both queries (consolidated and legacy) for the four clusters, in one batch.
    expect(hub().commandCalls(GetFindingsCommand)).to.have.length(2);
  });

  it('leaves the report as it was without the flag, and never calls Security Hub', async () => {
    install();
    serveFindings();
    const report = JSON.parse((await scan('json')).out);
    expect(report).not.to.have.property('securityHubDisagreements');
    for (const e of report.evaluations) expect(e).not.to.have.property('securityHub');
    expect(hub().commandCalls(GetFindingsCommand)).to.have.length(0);
    expect((await scan('csv')).out.split('\r\n')[0]).not.to.include('security_hub');
    expect((await scan('table')).out).not.to.match(/HUB|Security Hub/);
  });

  it('shows a HUB column and the disagreements under the summary in the table', async () => {
    install();
    serveFindings();
    const { out } = await scan('table', '--security-hub');
    expect(out).to.match(/^STATUS +KIND +NAME +VPC +EVR +HUB +DETAIL$/m);
    expect(out).to.match(/^NON_COMPLIANT +cluster +c-0 +vpc-0 +off +PASSED\/NEW +/m);
    expect(out).to.match(/^COMPLIANT +cluster +c-1 +vpc-0 +on +FAILED\/SUPPRESSED +/m);
    expect(out).to.match(/^NON_COMPLIANT +cluster +c-3 +vpc-0 +off +- +/m);
    const lines = out.split('\n');
    const summary = lines.findIndex((l) => l.startsWith('4 clusters (Redshift.7) in us-east-1:'));
    expect(lines.slice(summary + 1, summary + 6)).to.deep.equal([
      'Security Hub disagrees on 4 points:',
      `  ${ARN('c-0')}: ${DISAGREEMENT_WHAT['passed-but-noncompliant']}`,
      `  ${ARN('c-1')}: ${DISAGREEMENT_WHAT['suppressed-not-exempt']}`,
      `  ${ARN('c-1')}: ${DISAGREEMENT_WHAT['failed-but-compliant']}`,
      `  ${ARN('c-2')}: ${DISAGREEMENT_WHAT['exempt-not-suppressed']}`,
    ]);
  });

  it('carries the finding in the CSV, OCSF and ASFF reports', async () => {
    install();
    serveFindings();
    const csv = (await scan('csv', '--security-hub')).out.split('\r\n');
    const header = csv[0]?.split(',') ?? [];
    expect(header.slice(-3)).to.deep.equal([
      'security_hub_finding_id',
      'security_hub_compliance_status',
      'security_hub_workflow_status',
    ]);
    const rowOf = (id: string) => csv.find((l) => l.includes(`,${id},`))?.split(',') ?? [];
    expect(rowOf('c-1').slice(-3)).to.deep.equal(['f-1', 'FAILED', 'SUPPRESSED']);
    expect(rowOf('c-3').slice(-3)).to.deep.equal(['', '', '']);

    const ocsf = JSON.parse((await scan('ocsf', '--security-hub')).out);
    const data = (name: string) =>
      ocsf.find((e: { resource: { name: string } }) => e.resource.name === name).resource.data;
    expect(data('c-0').security_hub).to.deep.equal({
      finding_id: 'f-0',
      compliance_status: 'PASSED',
      workflow_status: 'NEW',
    });
    expect(data('c-3').security_hub).to.equal(null);

    const asff = JSON.parse((await scan('asff', '--security-hub')).out);
    const fields = (id: string) =>
      asff.find((f: { Resources: { Id: string }[] }) => f.Resources[0]?.Id === ARN(id)).ProductFields;
    expect(fields('c-2')).to.include({
      'redshift-evr/SecurityHubFindingId': 'f-2',
      'redshift-evr/SecurityHubComplianceStatus': 'FAILED',
      'redshift-evr/SecurityHubWorkflowStatus': 'NEW',
    });
    expect(fields('c-3')).not.to.have.property('redshift-evr/SecurityHubFindingId');
  });

  it('warns when Security Hub is not enabled, and still prints the report with the exit status unchanged', async () => {
    install();
    hub().on(GetFindingsCommand).rejects(serviceError('InvalidAccessException', 'Account is not subscribed'));
    const { code, out, err } = await scan('json', '--security-hub');
    expect(code).to.equal(1);
    expect(err).to.match(
      /^warning: Region us-east-1: Security Hub's findings could not be read \(securityhub:GetFindings: Security Hub is not enabled in this account and Region\); its resources are reported without the findings not read\.\n$/,
    );
    const report = JSON.parse(out);
    expect(report.evaluations.map((e: Reported) => e.securityHub)).to.deep.equal([null, null, null, null]);
    expect(report.securityHubDisagreements).to.deep.equal([]);
  });

  it('says what to grant when GetFindings is denied, and still prints the report', async () => {
    install();
    hub().on(GetFindingsCommand).rejects(serviceError('AccessDeniedException'));
    const { code, out, err } = await scan('table', '--security-hub');
    expect(code).to.equal(1);
    expect(err).to.equal(
      "warning: Region us-east-1: Security Hub's findings could not be read (securityhub:GetFindings was denied: grant it to the identity that scans (docs/permissions.md)); its resources are reported without the findings not read.\n",
    );
    expect(out).to.match(/^NON_COMPLIANT +cluster +c-0 +vpc-0 +off +- +/m);
    expect(out).to.contain('Security Hub agrees with every verdict (or has no finding).');
  });

  it('refuses --security-hub with --quiet and no --output-file, before any call', async () => {
    const io = testIo();
    expect(await runCli(['scan', '--quiet', '--security-hub'], io)).to.equal(2);
    expect(io.err()).to.match(
      /^error: --security-hub with --quiet reads findings nobody sees .*--output-file FILE.*\n$/,
    );
    expect(io.out()).to.equal('');
    expect(hub().commandCalls(GetFindingsCommand)).to.have.length(0);
    expect(redshift().calls()).to.have.length(0);
  });

  it('refuses --security-hub with --snapshot, naming the flag, before any call', async () => {
    const snapshot = testIo({ files: { 's.json': '{}' } });
    expect(await runCli(['scan', '--snapshot', 's.json', '--security-hub'], snapshot)).to.equal(2);
    expect(snapshot.err()).to.match(/^error: --security-hub reads the live findings .*without --snapshot\.\n$/);
    expect(hub().commandCalls(GetFindingsCommand)).to.have.length(0);
    expect(redshift().calls()).to.have.length(0);
  });
});

describe('redshift-evr scan --accounts --security-hub (over HTTP, the real SDK)', () => {
  const startStub = useHttpStub();
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
  });

  /** The access key of the assumed role's credentials: whose request it is (test/support/fakeAws/organization.ts). */
  const keyOf = (request: StubRequest): string =>
    /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1] ?? '';

  it("reads each account's findings with that account's credentials; an account without Security Hub is a warning", async () => {
    const members = organization();
    const stub = await startStub((request) => {
      if (request.operation !== 'GetFindings') return members(request);
      // DENIED_READ's hub is not enabled; OK's answers with a finding per cluster asked about.
      if (keyOf(request) === 'ASIADENIED') {
        return {
          status: 403,
          body: JSON.stringify({ Message: 'Account is not subscribed to AWS Security Hub' }),
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidAccessException' },
        };
      }
      const body = JSON.parse(request.body) as { Filters: Record<string, { Value: string }[]> };
      const findings =
        body.Filters.GeneratorId === undefined
          ? (body.Filters.ResourceId ?? []).map((r) => hubFinding(`f-${keyOf(request)}`, r.Value))
          : [];
      return { body: JSON.stringify({ Findings: findings }), headers: { 'content-type': 'application/json' } };
    });
    process.env.AWS_ENDPOINT_URL = stub.url;
    const io = testIo();
    const code = await runCli(['scan', '--accounts', `${OK},${DENIED_READ}`, '--security-hub', '--format', 'json'], io);
    expect(code).to.equal(1);
    const hubCalls = stub.requests.filter((r) => r.operation === 'GetFindings');
    // Each account through its own credentials: consolidated and legacy queries (the failing one stops at once).
    expect(hubCalls.map(keyOf).sort()).to.deep.equal(['ASIADENIED', 'ASIAOK', 'ASIAOK']);
    const report = JSON.parse(io.out());
    const byAccount = Object.fromEntries(
      report.evaluations.map((e: { accountId: string; securityHub: unknown }) => [e.accountId, e.securityHub]),
    );
    expect(byAccount).to.deep.equal({
      [OK]: { findingId: 'f-ASIAOK', complianceStatus: 'FAILED', workflowStatus: 'NEW' },
      [DENIED_READ]: null,
    });
    expect(io.err()).to.match(
      new RegExp(
        `^warning: account ${DENIED_READ}, Region \\S+: Security Hub's findings could not be read \\(securityhub:GetFindings: Security Hub is not enabled in this account and Region\\)`,
        'm',
      ),
    );
  });
});
