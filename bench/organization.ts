/**
 * `redshift-evr scan --accounts … --role …` across many accounts and two Regions: the built CLI, through the real
 * SDK, against a local endpoint (127.0.0.1) that answers STS's AssumeRole and each member account's reads (the one
 * fake AWS, one private cluster per account and Region, the whole path to S3 open) with a fixed latency per call.
 * Reports wall time, calls per account and Region, and peak RSS, and how they grow with the number of accounts.
 */
import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { emulatedAccount } from '../test/support/fakeAws/emulatedAccount.ts';
import { type StubHandler, type StubRequest, startHttpStub } from '../test/support/fakeAws/httpStub.ts';
import { queryXml } from '../test/support/fakeAws/wire.ts';

export const ORGANIZATION_REGIONS = ['us-east-1', 'eu-west-1'] as const;

/** One run of the organization scan. */
export interface OrganizationRecord {
  readonly accounts: number;
  readonly regions: number;
  readonly clusters: number;
  readonly wallMs: number;
  readonly peakRssMB: number;
  /** Every request the endpoint answered (AssumeRole included), and per account and Region. */
  readonly calls: number;
  readonly callsPerAccountRegion: number;
  readonly callsByAction: Readonly<Record<string, number>>;
}

/** The member account an assumed role's access key belongs to (`ASIA` + its id). */
const accountOfKey = (request: StubRequest): string | undefined =>
  /Credential=ASIA(\d{12})\//.exec(String(request.headers.authorization))?.[1];

const assumeRoleXml = (accountId: string): string =>
  queryXml(
    'AssumeRole',
    `<Credentials><AccessKeyId>ASIA${accountId}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>` +
      `<SessionToken>token-${accountId}</SessionToken><Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials>` +
      `<AssumedRoleUser><Arn>arn:aws:sts::${accountId}:assumed-role/redshift-evr-read/redshift-evr-scan</Arn>` +
      '<AssumedRoleId>AROABENCHMARK:redshift-evr-scan</AssumedRoleId></AssumedRoleUser>',
    'https://sts.amazonaws.com/doc/2011-06-15/',
  );

/** The endpoint's answers: AssumeRole for any account, every member's reads from the same emulated account. */
const organizationHandler = (latencyMs: number, calls: Map<string, number>): StubHandler => {
  const member = emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' });
  return async (request) => {
    calls.set(request.operation, (calls.get(request.operation) ?? 0) + 1);
    await delay(latencyMs);
    if (request.operation === 'AssumeRole') {
      return { body: assumeRoleXml(String(request.params.get('RoleArn')).split(':')[4] ?? '') };
    }
    if (accountOfKey(request) === undefined) throw new Error(`a request without a member's key: ${request.operation}`);
    return member(request);
  };
};

/** Run the built CLI; resolve with its exit code, stdout, and its peak RSS (from GNU time). */
const runCli = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number; stdout: string; peakRssMB: number }> =>
  new Promise((resolve) => {
    execFile(
      '/usr/bin/time',
      ['-f', 'maxrss-kb=%M', process.execPath, 'dist/cli.js', ...args],
      { env, cwd, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const kb = Number(/maxrss-kb=(\d+)/.exec(stderr)?.[1] ?? 0);
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 2;
        resolve({ code, stdout, peakRssMB: Math.round(kb / 1024) });
      },
    );
  });

/**
 * Scan `accounts` member accounts (ids 100000000000…) in both Regions through the CLI, once.
 * @throws Error when the scan failed or did not report every cluster: the run would not measure the work.
 */
export const measureOrganization = async (
  accounts: number,
  options: { readonly latencyMs: number; readonly env: NodeJS.ProcessEnv; readonly cwd: string },
): Promise<OrganizationRecord> => {
  const calls = new Map<string, number>();
  const stub = await startHttpStub(organizationHandler(options.latencyMs, calls), { record: false });
  try {
    const ids = Array.from({ length: accounts }, (_, i) => String(100_000_000_000 + i));
    const args = [
      'scan',
      ...['--accounts', ids.join(','), '--role', 'redshift-evr-read', '--format', 'json'],
      ...ORGANIZATION_REGIONS.flatMap((region) => ['--region', region]),
    ];
    const started = performance.now();
    const run = await runCli(args, { ...options.env, AWS_ENDPOINT_URL: stub.url }, options.cwd);
    const wallMs = Math.round(performance.now() - started);
    // Every emulated cluster is noncompliant (EVR off) and ready: exit 1, one evaluation per account and Region.
    const evaluations = run.code === 1 ? (JSON.parse(run.stdout).evaluations as unknown[]).length : -1;
    const expected = accounts * ORGANIZATION_REGIONS.length;
    if (evaluations !== expected) {
      throw new Error(`organization scan of ${accounts} accounts: exit ${run.code}, ${evaluations} of ${expected}`);
    }
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    return {
      accounts,
      regions: ORGANIZATION_REGIONS.length,
      clusters: expected,
      wallMs,
      peakRssMB: run.peakRssMB,
      calls: total,
      callsPerAccountRegion: Math.round((total / expected) * 10) / 10,
      callsByAction: Object.fromEntries([...calls].sort(([a], [b]) => a.localeCompare(b))),
    };
  } finally {
    await stub.close();
  }
};
