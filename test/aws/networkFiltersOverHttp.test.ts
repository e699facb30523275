/**
 * The new EC2 reads through the SDK's real serialization and XML parsing (127.0.0.1 only): what is asked
 * (filters, pagination) and how AWS's wire shapes become the core's security groups, network ACLs, S3 CIDRs
 * and Block Public Access.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { toBlockPublicAccess, toNetworkAcl, toSecurityGroup } from '../../src/aws/translate.ts';
import { type StubRequest, useHttpStub } from '../support/fakeAws/httpStub.ts';
import { ec2Error, ec2Xml } from '../support/fakeAws/wire.ts';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

const SECURITY_GROUPS = `<securityGroupInfo><item><ownerId>111122223333</ownerId><groupId>sg-locked</groupId><groupName>locked</groupName><vpcId>vpc-1</vpcId>
<ipPermissionsEgress>
  <item><ipProtocol>tcp</ipProtocol><fromPort>5439</fromPort><toPort>5439</toPort><groups/><ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>
  <item><ipProtocol>-1</ipProtocol><groups><item><userId>111122223333</userId><groupId>sg-proxy</groupId></item></groups><ipRanges/><ipv6Ranges/><prefixListIds><item><prefixListId>pl-63a5400a</prefixListId></item></prefixListIds></item>
</ipPermissionsEgress></item></securityGroupInfo>`;

const NETWORK_ACLS = `<networkAclSet><item><networkAclId>acl-locked</networkAclId><vpcId>vpc-1</vpcId><default>false</default>
<entrySet>
  <item><ruleNumber>50</ruleNumber><protocol>6</protocol><ruleAction>deny</ruleAction><egress>true</egress><cidrBlock>52.216.0.0/15</cidrBlock><portRange><from>443</from><to>443</to></portRange></item>
  <item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
  <item><ruleNumber>101</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress><ipv6CidrBlock>::/0</ipv6CidrBlock></item>
  <item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>
</entrySet>
<associationSet><item><networkAclAssociationId>aclassoc-1</networkAclAssociationId><networkAclId>acl-locked</networkAclId><subnetId>subnet-1</subnetId></item></associationSet>
</item></networkAclSet>`;

const answer = (request: StubRequest) => {
  switch (request.operation) {
    case 'DescribeSecurityGroups':
      return { body: ec2Xml('DescribeSecurityGroups', SECURITY_GROUPS) };
    case 'DescribeNetworkAcls':
      return { body: ec2Xml('DescribeNetworkAcls', NETWORK_ACLS) };
    case 'GetManagedPrefixListEntries':
      // Two pages: every page is read.
      return request.params.get('NextToken') === null
        ? {
            body: ec2Xml(
              'GetManagedPrefixListEntries',
              '<entrySet><item><cidr>3.5.0.0/19</cidr></item></entrySet><nextToken>p2</nextToken>',
            ),
          }
        : {
            body: ec2Xml('GetManagedPrefixListEntries', '<entrySet><item><cidr>52.216.0.0/15</cidr></item></entrySet>'),
          };
    case 'DescribeVpcBlockPublicAccessOptions':
      return {
        body: ec2Xml(
          'DescribeVpcBlockPublicAccessOptions',
          '<vpcBlockPublicAccessOptions><awsAccountId>111122223333</awsAccountId><awsRegion>us-east-1</awsRegion><state>update-complete</state><internetGatewayBlockMode>block-bidirectional</internetGatewayBlockMode></vpcBlockPublicAccessOptions>',
        ),
      };
    case 'DescribeVpcBlockPublicAccessExclusions': {
      const first = request.params.get('NextToken') === null;
      const item = (id: string, arn: string, mode: string, state: string) =>
        `<item><exclusionId>${id}</exclusionId><internetGatewayExclusionMode>${mode}</internetGatewayExclusionMode><resourceArn>${arn}</resourceArn><state>${state}</state></item>`;
      return {
        body: ec2Xml(
          'DescribeVpcBlockPublicAccessExclusions',
          first
            ? `<vpcBlockPublicAccessExclusionSet>${item('x-1', 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1', 'allow-egress', 'create-complete')}</vpcBlockPublicAccessExclusionSet><nextToken>e2</nextToken>`
            : `<vpcBlockPublicAccessExclusionSet>${item('x-2', 'arn:aws:ec2:us-east-1:111122223333:subnet/subnet-9', 'allow-bidirectional', 'delete-complete')}</vpcBlockPublicAccessExclusionSet>`,
        ),
      };
    }
    default:
      return ec2Error('InvalidAction', `not stubbed: ${request.operation}`);
  }
};

describe('network filter reads over HTTP (real SDK serialization and parsing)', () => {
  const startStub = useHttpStub();
  const sourceAt = (url: string) => {
    const config = { region: REGION, endpoint: url, credentials, maxAttempts: 1 };
    return liveFactSource(
      {
        redshift: new RedshiftClient(config),
        redshiftServerless: new RedshiftServerlessClient(config),
        ec2: new EC2Client(config),
      },
      REGION,
    );
  };

  it('asks for security groups by a vpc-id filter, a page of 1000, and reads their egress rules', async () => {
    const stub = await startStub(answer);
    const groups = (await sourceAt(stub.url).describeSecurityGroups(['vpc-1', 'vpc-2'])).map(toSecurityGroup);
    const request = stub.requests[0];
    expect(request?.params.get('Filter.1.Name')).to.equal('vpc-id');
    expect([request?.params.get('Filter.1.Value.1'), request?.params.get('Filter.1.Value.2')]).to.deep.equal([
      'vpc-1',
      'vpc-2',
    ]);
    expect(request?.params.get('MaxResults')).to.equal('1000');
    expect(groups).to.deep.equal([
      {
        groupId: 'sg-locked',
        vpcId: 'vpc-1',
        egress: [
          { protocol: 'tcp', fromPort: 5439, toPort: 5439, cidrs: ['10.0.0.0/16'], prefixListIds: [], groupIds: [] },
          { protocol: '-1', cidrs: [], prefixListIds: ['pl-63a5400a'], groupIds: ['sg-proxy'] },
        ],
      },
    ]);
  });

  it("reads a network ACL's IPv4 entries, rule numbers and associations by VPC", async () => {
    const stub = await startStub(answer);
    const [acl] = (await sourceAt(stub.url).describeNetworkAcls(['vpc-1'])).map(toNetworkAcl);
    expect(stub.requests[0]?.params.get('Filter.1.Name')).to.equal('vpc-id');
    expect(acl).to.deep.equal({
      networkAclId: 'acl-locked',
      vpcId: 'vpc-1',
      isDefault: false,
      subnetIds: ['subnet-1'],
      entries: [
        {
          ruleNumber: 50,
          egress: true,
          protocol: '6',
          allow: false,
          cidr: '52.216.0.0/15',
          ports: { from: 443, to: 443 },
        },
        { ruleNumber: 100, egress: true, protocol: '-1', allow: true, cidr: '0.0.0.0/0' },
        { ruleNumber: 32767, egress: true, protocol: '-1', allow: false, cidr: '0.0.0.0/0' },
      ],
    });
  });

  it('reads every page of the S3 prefix list entries and of the Block Public Access exclusions', async () => {
    const stub = await startStub(answer);
    const source = sourceAt(stub.url);
    const entries = await source.getManagedPrefixListEntries('pl-63a5400a');
    expect(entries.map((e) => e.Cidr)).to.deep.equal(['3.5.0.0/19', '52.216.0.0/15']);
    expect(
      stub.requests
        .filter((r) => r.operation === 'GetManagedPrefixListEntries')
        .map((r) => r.params.get('PrefixListId')),
    ).to.deep.equal(['pl-63a5400a', 'pl-63a5400a']);
    const bpa = toBlockPublicAccess(
      await source.describeVpcBlockPublicAccessOptions(),
      await source.describeVpcBlockPublicAccessExclusions(),
    );
    // The deleted exclusion no longer counts.
    expect(bpa).to.deep.equal({
      mode: 'block-bidirectional',
      exclusions: [{ resourceId: 'vpc-1', mode: 'allow-egress' }],
    });
    expect(stub.requests.filter((r) => r.operation === 'DescribeVpcBlockPublicAccessExclusions')).to.have.length(2);
  });

  it('counts no exclusion when the organization turned Block Public Access on with exclusions not allowed', () => {
    const exclusion = {
      ExclusionId: 'x-1',
      InternetGatewayExclusionMode: 'allow-egress' as const,
      ResourceArn: 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1',
      State: 'create-complete' as const,
    };
    const options = { InternetGatewayBlockMode: 'block-bidirectional' as const };
    expect(toBlockPublicAccess(options, [exclusion]).exclusions).to.have.length(1);
    expect(toBlockPublicAccess({ ...options, ExclusionsAllowed: 'not-allowed' }, [exclusion]).exclusions).to.deep.equal(
      [],
    );
  });

  it('turns a denied read into an AwsCallError naming the action', async () => {
    const stub = await startStub(() =>
      ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
    );
    const error = await sourceAt(stub.url)
      .describeNetworkAcls(['vpc-1'])
      .then(
        () => undefined,
        (e: unknown) => e as { operation: string; failure: string },
      );
    expect(error).to.include({ operation: 'ec2:DescribeNetworkAcls', failure: 'denied' });
  });
});
