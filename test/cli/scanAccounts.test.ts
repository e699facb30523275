import { expect } from 'chai';
import { scanCommand } from '../../src/cli/scanCommand.ts';
import { InputError } from '../../src/errors.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import {
  DENIED_READ,
  NO_ROLE,
  OK,
  type OrganizationFaults,
  organization,
  THROTTLED,
} from '../support/fakeAws/organization.ts';
import { testIo } from '../support/testIo.ts';

describe('scan --accounts / --organization (over HTTP, the real SDK)', () => {
  const startStub = useHttpStub();
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
  });

  const run = async (args: string[], faults: OrganizationFaults = {}) => {
    const stub = await startStub(organization(faults));
    process.env.AWS_ENDPOINT_URL = stub.url;
    const io = testIo();
    const code = await scanCommand(args, io);
    return { code, io, stub };
  };

  it('scans every active account of the organization, each through the read role, and reports the failures per account', async () => {
    const { code, io, stub } = await run(['--organization', '--format', 'json']);
    // One account could not be entered: exit 2, the others still reported.
    expect(code).to.equal(2);
    const err = io.err();
    expect(err).to.contain(
      'note: scanning 4 active account(s) of the organization (1 suspended or closed left out).\n',
    );
    expect(err).to.contain(
      `error: account ${NO_ROLE}: Could not assume arn:aws:iam::${NO_ROLE}:role/redshift-evr-read in account ${NO_ROLE} (AccessDenied: `,
    );
    expect(err).to.contain('its trust policy must allow sts:AssumeRole by the identity running redshift-evr');
    expect(err.match(/^error:/gm)).to.have.length(1);
    // Both pages listed; the suspended account never assumed.
    const lists = stub.requests.filter((r) => r.operation === 'ListAccounts').map((r) => JSON.parse(r.body));
    expect(lists).to.deep.equal([{}, { NextToken: 'page-2' }]);
    const assumed = stub.requests.filter((r) => r.operation === 'AssumeRole');
    expect(assumed.map((r) => r.params.get('RoleArn')?.split(':')[4]).sort()).to.deep.equal(
      // The throttled call retried by the SDK; every other account's role assumed once (not once per Region).
      [OK, NO_ROLE, DENIED_READ, THROTTLED, THROTTLED].sort(),
    );
    expect(new Set(assumed.map((r) => r.params.get('RoleSessionName')))).to.deep.equal(new Set(['redshift-evr-scan']));
    const report = JSON.parse(io.out());
    expect(report.accounts).to.deep.equal([OK, DENIED_READ, THROTTLED]);
    expect(report.regions).to.deep.equal(['us-east-1']);
    // The wire answer has no ARN: the account comes from the account scanned.
    const byAccount = Object.fromEntries(
      report.evaluations.map((e: { accountId: string; missing: string[] }) => [e.accountId, e.missing]),
    );
    expect(report.evaluations).to.have.length(3);
    expect(byAccount[DENIED_READ]).to.include('NETWORK_UNVERIFIED');
    expect(byAccount[OK]).to.deep.equal([]);
    expect(byAccount[THROTTLED]).to.deep.equal([]);
  });

  it('shows the account of each entry in the table (ACCOUNT column, counts per account), CSV, OCSF and ASFF', async () => {
    const table = await run([
      '--accounts',
      `${OK},${DENIED_READ}`,
      '--accounts',
      THROTTLED,
      '--role',
      'redshift-evr-read',
    ]);
    expect(table.code).to.equal(1);
    expect(table.io.err()).not.to.match(/error|warning/);
    const lines = table.io.out().split('\n');
    expect(lines[0]).to.match(/^STATUS +KIND +NAME +ACCOUNT +VPC +EVR +DETAIL$/);
    expect(lines.filter((l) => / emu-1 +\d{12} /.test(l))).to.have.length(3);
    expect(table.io.out()).to.contain(
      '3 clusters (Redshift.7), 0 workgroups (RedshiftServerless.1) in 3 accounts, us-east-1: 0 COMPLIANT, 3 NON_COMPLIANT',
    );
    expect(table.io.out()).to.contain(
      `  account ${DENIED_READ}: 1 cluster (Redshift.7), 0 workgroups (RedshiftServerless.1): 0 COMPLIANT, 1 NON_COMPLIANT (0 ready to remediate)`,
    );
    expect(table.io.out()).to.contain(`emu-1 (account ${DENIED_READ}): Enhanced VPC routing is off; 1 problem.`);
    for (const format of ['csv', 'ocsf', 'asff']) {
      const { io } = await run(['--accounts', `${OK},${DENIED_READ}`, '--format', format]);
      for (const id of [OK, DENIED_READ]) expect(io.out(), format).to.contain(id);
    }
  });

  it('says where --organization must run when ListAccounts is denied, and scans nothing', async () => {
    const failed = await run(['--organization'], { listAccounts: 'denied' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).to.match(/^organizations:ListAccounts was denied \(AccessDeniedException\)/);
    expect(failed?.message).to.contain(
      "which AWS answers only in the organization's management account or a delegated administrator's",
    );
    expect(failed?.message).to.contain('or name the accounts with --accounts ID,…');
  });

  it('says so when the organization lists no active account, rather than reporting nothing', async () => {
    const failed = await run(['--organization'], { listAccounts: 'none-active' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(failed?.message).to.equal(
      'organizations:ListAccounts lists no ACTIVE account (1 suspended or closed): nothing to scan.',
    );
  });

  it('stops at --timeout for the account that does not answer, and reports the others', async function () {
    this.timeout(15_000);
    const started = Date.now();
    // Long enough for the other account's scan on a loaded machine; the hung one is cut at the deadline.
    const { code, io } = await run(['--accounts', `${OK},${THROTTLED}`, '--format', 'json', '--timeout', '4'], {
      hangs: OK,
    });
    expect(Date.now() - started).to.be.below(12_000);
    expect(code).to.equal(2);
    expect(io.err()).to.match(
      new RegExp(`^error: account ${OK}, Region us-east-1: .*redshift:DescribeClusters.*--timeout \\(4 s\\)`, 'm'),
    );
    const report = JSON.parse(io.out());
    expect(report.evaluations.map((e: { accountId: string }) => e.accountId)).to.deep.equal([THROTTLED]);
  });

  it('checks the flags before any call', async () => {
    const stub = await startStub(organization());
    process.env.AWS_ENDPOINT_URL = stub.url;
    const refused = async (args: string[]) => {
      const error = await scanCommand(args, testIo()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, args.join(' ')).to.be.instanceOf(InputError);
      return (error as Error).message;
    };
    expect(await refused(['--accounts', '12345'])).to.equal('--accounts "12345" is not a 12-digit account id.');
    expect(await refused(['--accounts', OK, '--organization'])).to.equal(
      'Give --accounts or --organization, not both.',
    );
    expect(await refused(['--organization', '--snapshot', 'x.json'])).to.match(
      /^--snapshot reads one recorded account/,
    );
    expect(await refused(['--accounts', OK, '--role', 'no/path'])).to.match(
      /^--role "no\/path" is not an IAM role name/,
    );
    expect(await refused(['--role', 'redshift-evr-read'])).to.match(/^--role is the role to assume in other accounts/);
    expect(stub.requests).to.have.length(0);
  });
});
