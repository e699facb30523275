import { DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import { handler as handle, PREFLIGHT_MARGIN_MS } from '../../src/handlers/preflight.ts';
import type { PreflightResult } from '../../src/preflight/runPreflight.ts';
import { useCapturedStdout } from '../support/captureStdout.ts';
import type { AccountData } from '../support/fakeAws/account.ts';
import { routes, routeTable, workgroup } from '../support/fakeAws/builders.ts';
import { holdHubFinding } from '../support/fakeAws/hubFinding.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const ACCOUNT = '111122223333';

/** The function asked for a preflight (not a watch): its answer is a preflight's. */
const handler = (payload: unknown, context: Context) => handle(payload, context) as Promise<PreflightResult>;
const context = (
  arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:redshift-evr-preflight`,
  getRemainingTimeInMillis = () => 60_000,
) =>
  ({
    invokedFunctionArn: arn,
    functionName: 'redshift-evr-preflight',
    awsRequestId: 'req-pf-1',
    getRemainingTimeInMillis,
  }) as unknown as Context;

/** A call nobody answers (no timer: nothing keeps the test process alive). */
const HANG = () => new Promise<never>(() => {});

/** The function's EXEMPTION_TAG_KEY (the stack's ExemptionTagKey) for one test. */
const useStackExemptionTagKey = () => {
  afterEach(() => {
    delete process.env.EXEMPTION_TAG_KEY;
  });
  return (key: string) => {
    process.env.EXEMPTION_TAG_KEY = key;
  };
};

describe('preflight handler', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const stdout = useCapturedStdout();
  const restore = () => stdout.restore();
  const logLines = () => stdout.jsonLines();

  const cases: [string, () => void, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'a ready cluster',
      () => installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1)),
      {},
      { decision: 'ready', ready: true },
    ],
    [
      'a cluster that does not exist',
      () => installFakeAccount(redshift(), ec2(), syntheticAccount(0, 1)),
      {},
      { decision: 'not-found', ready: false },
    ],
    [
      'a paused cluster',
      () => {
        const data = syntheticAccount(1, 1);
        (data.clusters[0] as { ClusterStatus: string }).ClusterStatus = 'paused';
        installFakeAccount(redshift(), ec2(), data);
      },
      {},
      { decision: 'not-modifiable', ready: false },
    ],
    [
      'a cluster without an internet path when RequireInternetPath is true',
      () => installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1)),
      { RequireInternetPath: 'true' },
      { decision: 'blocked', ready: false },
    ],
    [
      'a cluster without an S3 route',
      () => {
        const data = syntheticAccount(1, 1);
        data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
        data.vpcEndpoints = [];
        installFakeAccount(redshift(), ec2(), data);
      },
      {},
      { decision: 'blocked', ready: false },
    ],
  ];
  for (const [what, arrange, extra, expected] of cases) {
    it(`decides and logs one JSON line for ${what}`, async () => {
      arrange();
      const result = await handler({ ClusterIdentifier: 'c-0', ...extra }, context());
      restore();
      expect(result).to.include({
        ...expected,
        kind: 'cluster',
        accountId: undefined,
        clusterIdentifier: 'c-0',
        region: 'us-east-1',
      });
      const lines = logLines();
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({
        message: 'preflight decision',
        service: 'redshift-evr-preflight',
        function_request_id: 'req-pf-1',
        accountId: ACCOUNT,
        kind: 'cluster',
        clusterIdentifier: 'c-0',
        ...expected,
      });
      expect(lines[0]).not.to.have.property('workgroupName');
    });
  }

  /** syntheticAccount's vpc-0 (S3 through a gateway endpoint, DNS on) and workgroup wg-0 in its subnets. */
  const withWorkgroup = (spec: Partial<Parameters<typeof workgroup>[0]> = {}, change = (_: AccountData) => {}) => {
    const data = syntheticAccount(0, 1);
    data.workgroups = [workgroup({ name: 'wg-0', subnetIds: ['subnet-0a', 'subnet-0b'], ...spec })];
    change(data);
    installFakeAccount(redshift(), ec2(), data, { serverless: serverless() });
  };
  const workgroupCases: [string, () => void, Record<string, unknown>, Record<string, unknown>][] = [
    ['a ready workgroup', () => withWorkgroup(), {}, { decision: 'ready', ready: true }],
    ['a workgroup that does not exist', () => withWorkgroup({ name: 'other-wg' }), {}, { decision: 'not-found' }],
    ['a workgroup being deleted', () => withWorkgroup({ status: 'DELETING' }), {}, { decision: 'not-modifiable' }],
    ['a workgroup with EVR on', () => withWorkgroup({ evr: true }), {}, { decision: 'already-enabled', ready: false }],
    [
      'a workgroup without an S3 route',
      () =>
        withWorkgroup({}, (data) => {
          data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
          data.vpcEndpoints = [];
        }),
      {},
      { decision: 'blocked', ready: false },
    ],
    [
      'a workgroup with SkipPreflight',
      () => withWorkgroup(),
      { SkipPreflight: 'true' },
      { decision: 'ready', ready: true, skipped: true },
    ],
  ];
  for (const [what, arrange, extra, expected] of workgroupCases) {
    it(`decides and logs one JSON line with the kind and the name for ${what}`, async () => {
      arrange();
      const result = await handler({ WorkgroupName: 'wg-0', ...extra }, context());
      restore();
      expect(result).to.include({ ...expected, kind: 'workgroup', workgroupName: 'wg-0', region: 'us-east-1' });
      expect(result).not.to.have.property('clusterIdentifier');
      expect(redshift().calls()).to.have.length(0);
      const lines = logLines();
      expect(lines).to.have.length(1);
      expect(lines[0]).to.include({
        message: 'preflight decision',
        function_request_id: 'req-pf-1',
        accountId: ACCOUNT,
        kind: 'workgroup',
        workgroupName: 'wg-0',
        ...expected,
      });
      expect(lines[0]).not.to.have.property('clusterIdentifier');
    });
  }

  it('refuses a request naming both a cluster and a workgroup before any AWS call', async () => {
    const error = await handler({ ClusterIdentifier: 'c-0', WorkgroupName: 'wg-0' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).to.equal('InputError');
    expect(error?.message).to.match(
      /^Preflight input needs exactly one of "ClusterIdentifier" \(a provisioned cluster\) and "WorkgroupName" \(a Redshift Serverless workgroup\), got both\./,
    );
    expect(redshift().calls()).to.have.length(0);
    expect(serverless().calls()).to.have.length(0);
  });

  it('refuses a malformed workgroup name before any AWS call, naming the field', async () => {
    const error = await handler({ WorkgroupName: 'Analytics_WG' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(
      /^Preflight input "WorkgroupName" must be a Redshift Serverless workgroup name \(3-64 lowercase letters, digits and hyphens\), got "Analytics_WG"\./,
    );
    expect(serverless().calls()).to.have.length(0);
  });

  it('logs the buckets of S3Buckets it checked endpoint policies against', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await handler({ ClusterIdentifier: 'c-0', S3Buckets: 'etl-staging,unload-archive' }, context());
    restore();
    expect(result).to.include({ decision: 'ready', ready: true });
    expect(logLines()[0]).to.deep.include({ s3Buckets: ['etl-staging', 'unload-archive'] });
  });

  it('refuses a bad S3Buckets before any AWS call, naming the input and the bad name', async () => {
    const error = await handler({ ClusterIdentifier: 'c-0', S3Buckets: 's3://etl-staging' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).to.equal('InputError');
    expect(error?.message).to.match(
      /^Preflight input "S3Buckets" must be S3 bucket names separated by commas .*, got "s3:\/\/etl-staging": "s3:\/\/etl-staging" is a URL or ARN: give the bucket name alone\./,
    );
    expect(redshift().calls()).to.have.length(0);
  });

  it('refuses a request without an account id when the function ARN names none, instead of using ""', async () => {
    const error = await handler({ ClusterIdentifier: 'c-0' }, context('not-an-arn')).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/^Preflight input "AccountId" is missing and the function ARN names no account\./);
    expect(redshift().calls()).to.have.length(0);
  });

  it('refuses bad input before any AWS call, naming the field', async () => {
    const error = await handler({ ClusterIdentifier: 'Not_Valid' }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.match(/^Preflight input "ClusterIdentifier" must be a Redshift cluster identifier/);
    expect(redshift().calls()).to.have.length(0);
  });

  describe("the stack's ExemptionTagKey (EXEMPTION_TAG_KEY)", () => {
    const setStackKey = useStackExemptionTagKey();
    /** c-0, ready in every other respect, tagged with these tags. */
    const tagged = (tags: Record<string, string>) => {
      const data = syntheticAccount(1, 1);
      const cluster = data.clusters[0] as { Tags?: { Key: string; Value: string }[] };
      cluster.Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      installFakeAccount(redshift(), ec2(), data);
    };

    const payloads: [string, Record<string, unknown>][] = [
      ['no ExemptionTagKey', {}],
      ['an empty ExemptionTagKey (the runbook default)', { ExemptionTagKey: '' }],
      ['a blank ExemptionTagKey', { ExemptionTagKey: '  ' }],
      ['the same key', { ExemptionTagKey: 'evr-exempt' }],
      ['another key', { ExemptionTagKey: 'owner-opt-out' }],
    ];
    for (const [what, extra] of payloads) {
      it(`applies it to a request with ${what}: a caller cannot remove it`, async () => {
        setStackKey('evr-exempt');
        tagged({ 'evr-exempt': 'vendor appliance' });
        const result = await handler({ ClusterIdentifier: 'c-0', ...extra }, context());
        restore();
        expect(result).to.deep.include({
          decision: 'exempt',
          ready: false,
          explanation: 'exempt: vendor appliance',
          exemption: { tagKey: 'evr-exempt', reason: 'vendor appliance' },
        });
        expect(result.exemptionTagKeys[0]).to.equal('evr-exempt');
        expect(logLines()[0]).to.deep.include({ decision: 'exempt', exemptionTagKeys: result.exemptionTagKeys });
      });
    }

    it("applies the request's own key too, when it names another one", async () => {
      setStackKey('evr-exempt');
      tagged({ 'owner-opt-out': 'quarterly close' });
      const result = await handler({ ClusterIdentifier: 'c-0', ExemptionTagKey: 'owner-opt-out' }, context());
      restore();
      expect(result).to.deep.include({
        decision: 'exempt',
        exemption: { tagKey: 'owner-opt-out', reason: 'quarterly close' },
        exemptionTagKeys: ['evr-exempt', 'owner-opt-out'],
      });
    });

    it('decides as before for a cluster tagged with neither key', async () => {
      setStackKey('evr-exempt');
      tagged({ team: 'data-platform' });
      const result = await handler({ ClusterIdentifier: 'c-0', ExemptionTagKey: 'owner-opt-out' }, context());
      restore();
      expect(result).to.deep.include({ decision: 'ready', ready: true, exemption: null });
    });

    it('applies no key when the stack sets none (empty) and the request names none', async () => {
      setStackKey('');
      tagged({ 'evr-exempt': 'vendor appliance' });
      const result = await handler({ ClusterIdentifier: 'c-0' }, context());
      restore();
      expect(result).to.deep.include({ decision: 'ready', exemptionTagKeys: [] });
    });

    it('refuses every request while it is not a valid tag key, naming the variable and the fix, before any AWS call', async () => {
      setStackKey('aws:cloudformation:stack-name');
      const error = await handler({ ClusterIdentifier: 'c-0' }, context()).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.name).to.equal('InputError');
      expect(error?.message).to.equal(
        'Environment variable EXEMPTION_TAG_KEY must be empty or a tag key of 1-128 characters not starting with "aws:", got "aws:cloudformation:stack-name". It comes from the stack\'s ExemptionTagKey parameter: deploy again with a valid --param="ExemptionTagKey=..." (or fix the function\'s configuration).',
      );
      expect(redshift().calls()).to.have.length(0);
    });

    it('still answers exempt when the network reads hang, since the tags came first', async () => {
      setStackKey('evr-exempt');
      tagged({ 'evr-exempt': 'vendor appliance' });
      ec2().on(DescribeRouteTablesCommand).callsFake(HANG);
      const started = Date.now();
      const result = await handler(
        { ClusterIdentifier: 'c-0' },
        context(undefined, () => PREFLIGHT_MARGIN_MS + 300 - (Date.now() - started)),
      );
      restore();
      expect(result).to.deep.include({ decision: 'exempt', ready: false });
    });
  });

  describe('ExecutionRoleName', () => {
    const sts = useClientMock(STSClient);
    const hub = useClientMock(SecurityHubClient);

    it('refuses one the rule would refuse, before any AWS call, saying what it is for', async () => {
      for (const bad of ['arn:aws:iam::111122223333:role/x', 'has space', 'x'.repeat(65)]) {
        const error = await handler({ ClusterIdentifier: 'c-0', ExecutionRoleName: bad }, context()).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error?.name, bad).to.equal('InputError');
        expect(error?.message, bad).to.equal(
          `Preflight input "ExecutionRoleName" must be an IAM role name without a path (letters, digits and +=,.@_-, at most 64 characters), got "${bad}". It names the role the preflight assumes in the cluster's account (organization mode: the rule's ExecutionRoleName, such as redshift-evr-execution); leave it empty to read this account with the function's own role. Check the runbook's parameters.`,
        );
      }
      expect(sts().calls()).to.have.length(0);
      expect(redshift().calls()).to.have.length(0);
    });

    it('assumes the role in a session named for the preflight, not for the rule', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      sts()
        .on(AssumeRoleCommand)
        .resolves({
          Credentials: {
            AccessKeyId: 'ASIAEXAMPLE',
            SecretAccessKey: 'secret',
            SessionToken: 'token',
            Expiration: new Date(Date.now() + 3_600_000),
          },
        });
      const result = await handler(
        { ClusterIdentifier: 'c-0', AccountId: '444455556666', ExecutionRoleName: 'redshift-evr-preflight-test' },
        context(),
      );
      restore();
      expect(result).to.include({ decision: 'ready' });
      expect(sts().commandCalls(AssumeRoleCommand)[0]?.args[0].input).to.include({
        RoleArn: 'arn:aws:iam::444455556666:role/redshift-evr-preflight-test',
        RoleSessionName: 'redshift-evr-preflight',
      });
    });

    it("marks the member's Security Hub finding through the assumed role (UpdateSecurityHubFinding)", async () => {
      const data = syntheticAccount(1, 1);
      data.routeTables = [routeTable('rtb-0m', 'vpc-0', { main: true, routes: [routes.local()] })];
      data.vpcEndpoints = [];
      installFakeAccount(redshift(), ec2(), data);
      sts()
        .on(AssumeRoleCommand)
        .resolves({
          Credentials: {
            AccessKeyId: 'ASIAMEMBER',
            SecretAccessKey: 'secret',
            SessionToken: 'token',
            Expiration: new Date(Date.now() + 3_600_000),
          },
        });
      holdHubFinding(hub());
      const result = await handler(
        {
          ClusterIdentifier: 'c-0',
          AccountId: '444455556666',
          ExecutionRoleName: 'redshift-evr-execution',
          UpdateSecurityHubFinding: true,
        },
        context(),
      );
      restore();
      expect(result).to.include({ decision: 'blocked' });
      expect(result.securityHub).to.deep.equal({ action: 'sync', findings: 1, updated: 1 });
      const [update] = hub().commandCalls(BatchUpdateFindingsCommand);
      expect(update?.args[0].input.Workflow).to.deep.equal({ Status: 'NOTIFIED' });
      // The member's own hub, with the member role's credentials, in the function's Region.
      const client = update?.thisValue as SecurityHubClient;
      expect((await client.config.credentials()).accessKeyId).to.equal('ASIAMEMBER');
      expect(await client.config.region()).to.equal('us-east-1');
      expect(logLines().at(-1)).to.deep.include({ securityHub: { action: 'sync', findings: 1, updated: 1 } });
    });
  });

  describe('its own deadline (the remaining Lambda time less a margin)', () => {
    /** The invocation has `ms` left before the margin. */
    const deadlineIn = (ms: number) => {
      const started = Date.now();
      return context(undefined, () => PREFLIGHT_MARGIN_MS + ms - (Date.now() - started));
    };

    it('answers blocked, unverified, in time when DescribeClusters never answers', async () => {
      redshift().on(DescribeClustersCommand).callsFake(HANG);
      const started = Date.now();
      const result = await handler({ ClusterIdentifier: 'c-0' }, deadlineIn(400));
      const elapsed = Date.now() - started;
      restore();
      expect(elapsed).to.be.below(1_500);
      expect(result).to.deep.include({
        decision: 'blocked',
        ready: false,
        prerequisitesMet: null,
        missing: ['NETWORK_UNVERIFIED'],
      });
      expect(result.explanation).to.match(
        /^Not verified in time: the preflight stopped before its deadline because redshift:DescribeClusters did not answer within \d+ ms, so the cluster and its network prerequisites are unverified\. Nothing was decided and nothing may be changed\.$/,
      );
      expect(result.advice).to.match(/^Run the remediation again\./);
      expect(logLines()[0]).to.include({ decision: 'blocked', ready: false });
    });

    it('answers blocked, naming the call, when a network read never answers', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      ec2().on(DescribeRouteTablesCommand).callsFake(HANG);
      const started = Date.now();
      const result = await handler({ ClusterIdentifier: 'c-0' }, deadlineIn(400));
      restore();
      expect(Date.now() - started).to.be.below(1_500);
      expect(result).to.deep.include({ decision: 'blocked', ready: false });
      expect(result.explanation).to.contain('because ec2:DescribeRouteTables did not answer within');
    });

    it('answers blocked at once when no time is left', async () => {
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      const result = await handler({ ClusterIdentifier: 'c-0' }, deadlineIn(-1));
      restore();
      expect(result).to.deep.include({ decision: 'blocked', ready: false });
      expect(result.explanation).to.contain('was not started: no time left');
    });
  });
});
