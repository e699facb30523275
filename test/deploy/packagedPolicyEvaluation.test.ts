/**
 * The deployed functions evaluate S3 endpoint policies with @cloud-copilot/iam-simulate, whose IAM data are
 * JSON files read at run time, not bundled modules. This runs the packaged preflight (the zip's own bundle,
 * unzipped as Lambda unpacks it into /var/task, with the template's environment) against a local AWS stub whose
 * only S3 endpoint has a restrictive policy, and checks that it decided the policy rather than failing to read
 * the data.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { PREFLIGHT_FUNCTION_NAME } from '../../src/deploy/names.ts';
import type { PreflightResult } from '../../src/preflight/runPreflight.ts';
import { type PackagedStack, packageStack, readZip, unzipFunction } from '../support/deploy/packagedStack.ts';
import { propsOf } from '../support/deploy/resolveTemplate.ts';
import { anAccount } from '../support/fakeAws/account.ts';
import { accountHandler } from '../support/fakeAws/accountHandler.ts';
import {
  aclEntry,
  cluster,
  egress,
  networkAcl,
  routes,
  routeTable,
  securityGroup,
  subnetGroup,
  vpcEndpoint,
} from '../support/fakeAws/builders.ts';
import { type StubHandler, startHttpStub } from '../support/fakeAws/httpStub.ts';
import { servesOperation } from '../support/fakeAws/query.ts';
import { ec2Xml } from '../support/fakeAws/wire.ts';

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const TASK_ROOT = '/var/task';
/** What a simulation of the S3 actions COPY/UNLOAD need reads (serverless.yml, package.patterns). */
const DATA_FILES = ['serviceNames.json', 'actions/s3.json', 'resourceTypes/s3.json', 'conditionKeys/s3.json'];

/** Allows reading data-bucket only: COPY works, UNLOAD (PutObject) and GetBucketLocation are refused. */
const RESTRICTIVE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*'],
    },
  ],
};

/**
 * One private cluster, EVR off, in a VPC whose main route table sends S3 to a gateway endpoint with
 * RESTRICTIVE_POLICY.
 */
const ETL_ACCOUNT = anAccount({
  clusters: [cluster({ id: 'etl', subnetGroup: 'etl-group', vpcId: 'vpc-1', securityGroupIds: ['sg-1'] })],
  subnetGroups: [subnetGroup('etl-group', 'vpc-1', ['subnet-1'])],
  prefixLists: [
    { PrefixListId: 'pl-6da54004', PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: ['52.218.0.0/17'] },
  ],
  routeTables: [
    routeTable('rtb-1', 'vpc-1', {
      main: true,
      routes: [routes.local(), { ...routes.s3Endpoint('vpce-1'), DestinationPrefixListId: 'pl-6da54004' }],
    }),
  ],
  vpcEndpoints: [
    vpcEndpoint('vpce-1', 'vpc-1', {
      service: `com.amazonaws.${REGION}.s3`,
      routeTableIds: ['rtb-1'],
      policy: RESTRICTIVE_POLICY,
    }),
  ],
  vpcAttributes: { 'vpc-1': { enableDnsSupport: true, enableDnsHostnames: true } },
  securityGroups: [securityGroup('sg-1', 'vpc-1', [egress.allTraffic()])],
  networkAcls: [
    networkAcl('acl-1', 'vpc-1', {
      isDefault: true,
      subnets: ['subnet-1'],
      entries: [aclEntry(100, true, 'allow'), aclEntry(100, false, 'allow')],
    }),
  ],
});

/** The account over HTTP; any other call gets an empty answer, so that a new read of the engine does not break this test about packaging. */
const account: StubHandler = (request) => {
  if (servesOperation(request.operation)) return accountHandler(ETL_ACCOUNT)(request);
  return { body: request.params.get('Version') === '2016-11-15' ? ec2Xml(request.operation, '') : '' };
};

/** Imports the packaged handler given as argv[1], invokes it with argv[2] and prints the result after a marker. */
const INVOKE = `
const { pathToFileURL } = await import('node:url');
const { handler } = await import(pathToFileURL(process.argv[1]).href);
const context = {
  functionName: ${JSON.stringify(PREFLIGHT_FUNCTION_NAME)},
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:${REGION}:${ACCOUNT}:function:${PREFLIGHT_FUNCTION_NAME}',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60000,
};
const result = await handler(JSON.parse(process.argv[2]), context);
process.stdout.write('\\nRESULT ' + JSON.stringify(result) + '\\n');
`;

describe('the packaged functions evaluate S3 endpoint policies (IAM data shipped in the zip)', function () {
  this.timeout(120_000);
  let stack: PackagedStack;
  let preflightRoot: string;
  before(() => {
    stack = packageStack();
    preflightRoot = unzipFunction(stack, 'preflight');
  });
  after(() => rmSync(preflightRoot, { recursive: true, force: true }));

  /** IAM_DATA_ROOT as the template sets it for a function. */
  const dataRoot = (functionId: string): string => {
    const env = propsOf(stack.template.Resources, functionId).Environment as { Variables: Record<string, unknown> };
    return String(env.Variables.IAM_DATA_ROOT);
  };

  it("carries no Config client in the preflight, and Security Hub's only in chunks each function loads on use", () => {
    // Strings of the clients' own serializers: Config's JSON target, Security Hub's BatchUpdateFindings path.
    const CONFIG = 'StarlingDoveService';
    const SECURITY_HUB = '/findings/batchupdate';
    const code = (alias: string) =>
      new Map([...readZip(join(stack.directory, `${alias}.zip`))].filter(([name]) => name.endsWith('.mjs')));
    /** What a cold start loads: the handler and every chunk it imports statically, transitively. */
    const loadedAtStart = (modules: Map<string, Buffer>, entry: string): string[] => {
      const seen = new Set<string>();
      const visit = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        const text = modules.get(name)?.toString('utf8') ?? '';
        // Static imports, minified or not (`import{a as b}from"./chunk-X.mjs"`, `import "./chunk-Y.mjs"`); an
        // import() is not one: its chunk is loaded on use.
        for (const m of text.matchAll(/(?<![\w.$])import\s*(?:[\w$*{][^;()]*?from\s*)?["']\.\/([\w-]+\.mjs)["']/g)) {
          visit(`src/handlers/${m[1]}`);
        }
      };
      visit(entry);
      return [...seen];
    };
    const preflight = code('preflight');
    const rule = code('configRule');
    for (const [name, content] of preflight) expect(content.includes(CONFIG), name).to.equal(false);
    expect((rule.get('src/handlers/configRule.mjs') ?? Buffer.alloc(0)).includes(CONFIG)).to.equal(true);
    for (const [modules, entry] of [
      [preflight, 'src/handlers/preflight.mjs'],
      [rule, 'src/handlers/configRule.mjs'],
    ] as const) {
      const atStart = loadedAtStart(modules, entry);
      expect(atStart, entry).to.include(entry);
      // The handlers share chunks of the SDK: a cold start loads more than the entry file.
      expect(atStart.length, entry).to.be.greaterThan(1);
      for (const name of atStart) expect(modules.get(name)?.includes(SECURITY_HUB), name).to.equal(false);
      // … and yet packaged, for SecurityHubSync (the rule) and UpdateSecurityHubFinding (the preflight).
      const hub = [...modules].filter(([, content]) => content.includes(SECURITY_HUB)).map(([name]) => name);
      expect(hub.length, entry).to.be.greaterThan(0);
      // The chunk esbuild emits for the SDK's tree-shaken browser user-agent parser: nothing loads it.
      for (const name of modules.keys()) expect(name).not.to.match(/bowser-/);
    }
  });

  it('ships the IAM data files in each function, where IAM_DATA_ROOT points inside /var/task', () => {
    const cases = [
      ['configRule', 'ConfigRuleLambdaFunction', 'src/handlers/configRule.mjs'],
      ['preflight', 'PreflightLambdaFunction', 'src/handlers/preflight.mjs'],
    ] as const;
    for (const [alias, functionId, bundle] of cases) {
      const root = dataRoot(functionId);
      expect(root, functionId).to.match(new RegExp(`^${TASK_ROOT}/`));
      const files = readZip(join(stack.directory, `${alias}.zip`));
      const relative = root.slice(TASK_ROOT.length + 1);
      for (const file of DATA_FILES) expect(files.has(`${relative}/data/${file}`), `${alias}: ${file}`).to.equal(true);
      // The smallest set: no other service's data (15 MB in all).
      const data = [...files.keys()].filter((name) => name.startsWith(`${relative}/data/`));
      expect(data.sort(), alias).to.deep.equal(DATA_FILES.map((f) => `${relative}/data/${f}`).sort());
      // The library reads its data root from import.meta.env, which esbuild's define made process.env (in the
      // handler or one of its chunks: the bundle is split).
      expect(files.has(bundle), bundle).to.equal(true);
      const code = [...files]
        .filter(([name]) => name.endsWith('.mjs'))
        .map(([, content]) => content.toString('utf8'))
        .join('\n');
      expect(code, bundle).to.contain('IAM_DATA_ROOT');
      expect(code, bundle).not.to.contain('import.meta.env');
    }
  });

  const invokePreflight = async (env: NodeJS.ProcessEnv) => {
    const stub = await startHttpStub(account);
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          INVOKE,
          join(preflightRoot, 'src/handlers/preflight.mjs'),
          JSON.stringify({ ClusterIdentifier: 'etl', AccountId: ACCOUNT, S3Buckets: 'data-bucket' }),
        ],
        {
          cwd: preflightRoot,
          env: {
            PATH: process.env.PATH,
            AWS_REGION: REGION,
            AWS_ENDPOINT_URL: stub.url,
            AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
            AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_MAX_ATTEMPTS: '1',
            POWERTOOLS_LOG_LEVEL: 'ERROR',
            ...env,
          },
        },
      );
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (line === undefined) throw new Error(`the packaged preflight printed no result:\n${stdout}`);
      return { result: JSON.parse(line.slice('RESULT '.length)) as PreflightResult, calls: stub.requests };
    } finally {
      await stub.close();
    }
  };

  it('decides a restrictive endpoint policy in the packaged preflight, with the template environment', async () => {
    // Lambda unpacks the zip into /var/task: here, into the temporary directory.
    const root = dataRoot('PreflightLambdaFunction').replace(TASK_ROOT, preflightRoot);
    const { result, calls } = await invokePreflight({ IAM_DATA_ROOT: root });
    expect(calls.map((c) => c.operation)).to.include('DescribeVpcEndpoints');
    expect(result.explanation).not.to.contain('could not be evaluated');
    expect(result.decision).to.equal('blocked');
    expect(result.missing).to.include('S3_ENDPOINT_POLICY_BLOCKS');
    expect(result.explanation).to.contain('s3:PutObject on data-bucket');
    expect(result.explanation).not.to.contain('s3:GetObject on data-bucket');
  });

  it('could not without them (what the check above would catch)', async () => {
    const { result } = await invokePreflight({ IAM_DATA_ROOT: join(preflightRoot, 'nowhere') });
    expect(result.missing).not.to.include('S3_ENDPOINT_POLICY_BLOCKS');
    expect(result.explanation).to.contain('could not be evaluated');
  });
});
