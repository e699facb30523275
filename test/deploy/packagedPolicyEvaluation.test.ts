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
import { type StubHandler, startHttpStub } from '../support/fakeAws/httpStub.ts';
import { ec2Xml, queryXml } from '../support/fakeAws/wire.ts';

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

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One private cluster, EVR off, in a VPC whose main route table sends S3 to a gateway endpoint with
 * RESTRICTIVE_POLICY. Any other call gets an empty answer, so that a new read of the engine does not break this
 * test about packaging.
 */
const account: StubHandler = ({ operation, params }) => {
  switch (operation) {
    case 'DescribeClusters':
      return {
        body: queryXml(
          'DescribeClusters',
          `<Clusters><Cluster><ClusterIdentifier>etl</ClusterIdentifier><ClusterStatus>available</ClusterStatus><ClusterAvailabilityStatus>Available</ClusterAvailabilityStatus><NodeType>ra3.xlplus</NodeType><EnhancedVpcRouting>false</EnhancedVpcRouting><PubliclyAccessible>false</PubliclyAccessible><ClusterSubnetGroupName>etl-group</ClusterSubnetGroupName><VpcId>vpc-1</VpcId><VpcSecurityGroups><VpcSecurityGroup><VpcSecurityGroupId>sg-1</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroup></VpcSecurityGroups><Tags/></Cluster></Clusters>`,
        ),
      };
    case 'DescribeClusterSubnetGroups':
      return {
        body: queryXml(
          'DescribeClusterSubnetGroups',
          '<ClusterSubnetGroups><ClusterSubnetGroup><ClusterSubnetGroupName>etl-group</ClusterSubnetGroupName><VpcId>vpc-1</VpcId><Subnets><Subnet><SubnetIdentifier>subnet-1</SubnetIdentifier><SubnetStatus>Active</SubnetStatus></Subnet></Subnets></ClusterSubnetGroup></ClusterSubnetGroups>',
        ),
      };
    case 'DescribePrefixLists':
      return {
        body: ec2Xml(
          operation,
          `<prefixListSet><item><prefixListId>pl-6da54004</prefixListId><prefixListName>com.amazonaws.${REGION}.s3</prefixListName><cidrSet><item>52.218.0.0/17</item></cidrSet></item></prefixListSet>`,
        ),
      };
    case 'GetManagedPrefixListEntries':
      return { body: ec2Xml(operation, '<entrySet><item><cidr>52.218.0.0/17</cidr></item></entrySet>') };
    case 'DescribeRouteTables':
      return {
        body: ec2Xml(
          operation,
          '<routeTableSet><item><routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId><associationSet><item><main>true</main><routeTableId>rtb-1</routeTableId><associationState><state>associated</state></associationState></item></associationSet><routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item><item><destinationPrefixListId>pl-6da54004</destinationPrefixListId><gatewayId>vpce-1</gatewayId><state>active</state></item></routeSet></item></routeTableSet>',
        ),
      };
    case 'DescribeVpcEndpoints':
      return {
        body: ec2Xml(
          operation,
          `<vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-1</vpcId><ownerId>${ACCOUNT}</ownerId><serviceName>com.amazonaws.${REGION}.s3</serviceName><state>available</state><policyDocument>${xmlEscape(JSON.stringify(RESTRICTIVE_POLICY))}</policyDocument><routeTableIdSet><item>rtb-1</item></routeTableIdSet></item></vpcEndpointSet>`,
        ),
      };
    case 'DescribeVpcAttribute': {
      const attribute = params.get('Attribute') === 'enableDnsHostnames' ? 'enableDnsHostnames' : 'enableDnsSupport';
      return {
        body: ec2Xml(operation, `<vpcId>vpc-1</vpcId><${attribute}><value>true</value></${attribute}>`),
      };
    }
    case 'DescribeSecurityGroups':
      return {
        body: ec2Xml(
          operation,
          '<securityGroupInfo><item><groupId>sg-1</groupId><vpcId>vpc-1</vpcId><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress></item></securityGroupInfo>',
        ),
      };
    case 'DescribeNetworkAcls': {
      const entry = (number: number, egress: boolean) =>
        `<item><ruleNumber>${number}</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>${egress}</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>`;
      return {
        body: ec2Xml(
          operation,
          `<networkAclSet><item><networkAclId>acl-1</networkAclId><vpcId>vpc-1</vpcId><default>true</default><entrySet>${entry(100, true)}${entry(100, false)}</entrySet><associationSet><item><networkAclId>acl-1</networkAclId><subnetId>subnet-1</subnetId></item></associationSet></item></networkAclSet>`,
        ),
      };
    }
    case 'DescribeVpcBlockPublicAccessOptions':
      return {
        body: ec2Xml(
          operation,
          '<vpcBlockPublicAccessOptions><internetGatewayBlockMode>off</internetGatewayBlockMode><state>default-state</state></vpcBlockPublicAccessOptions>',
        ),
      };
    default:
      return { body: params.has('Version') && params.get('Version') === '2016-11-15' ? ec2Xml(operation, '') : '' };
  }
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
      // The library reads its data root from import.meta.env, which esbuild's define made process.env.
      const code = files.get(bundle)?.toString('utf8') ?? '';
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
