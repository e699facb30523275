/**
 * A tiny AWS API emulator for one account: one private cluster in one VPC and no Redshift Serverless
 * workgroup, answered over HTTP in the real wire formats (Redshift query XML, EC2 XML, Redshift Serverless
 * JSON), for tests that run the built CLI with AWS_ENDPOINT_URL.
 *
 * Besides its route (an S3 gateway endpoint, a NAT gateway, or none), the cluster's network lets S3 through
 * everywhere: one security group allowing all egress, the VPC's default network ACL allowing all, the
 * endpoint's default full-access policy and VPC Block Public Access off. So the route and the DNS attributes
 * alone decide whether the cluster is ready.
 */
import { ec2Error, ec2Xml, jsonOk, queryXml, type StubHandler, type StubRequest } from './httpStub.ts';

export interface EmulatedAccount {
  readonly enhancedVpcRouting: boolean;
  readonly routeToS3: 'endpoint' | 'nat' | 'none';
  readonly denyVpcAttribute?: boolean;
}

const ACCOUNT_ID = '111122223333';
const S3_PREFIX_LIST_ID = 'pl-63a5400a';
/** A few of the S3 prefix list's CIDRs (GetManagedPrefixListEntries). */
const S3_CIDRS = ['3.5.0.0/19', '16.182.0.0/16', '52.216.0.0/15', '54.231.0.0/16'];
/** AWS's default gateway endpoint policy ("Full access"), as DescribeVpcEndpoints returns it (escaped in XML). */
const FULL_ACCESS_POLICY =
  '{&quot;Version&quot;:&quot;2008-10-17&quot;,&quot;Statement&quot;:[{&quot;Effect&quot;:&quot;Allow&quot;,&quot;Principal&quot;:&quot;*&quot;,&quot;Action&quot;:&quot;*&quot;,&quot;Resource&quot;:&quot;*&quot;}]}';

/** The Region a request is signed for (its credential scope), so that a scan of several Regions finds S3's names. */
const regionOf = (request: StubRequest): string =>
  /Credential=[^/]+\/\d+\/([a-z0-9-]+)\//.exec(String(request.headers.authorization))?.[1] ?? 'us-east-1';

/** The values of an EC2 query filter (`Filter.N.Name` = name), or undefined when the request has no such filter. */
const filterValues = (params: URLSearchParams, name: string): string[] | undefined => {
  for (let n = 1; params.has(`Filter.${n}.Name`); n++) {
    if (params.get(`Filter.${n}.Name`) !== name) continue;
    const values: string[] = [];
    for (let m = 1; params.has(`Filter.${n}.Value.${m}`); m++) values.push(params.get(`Filter.${n}.Value.${m}`) ?? '');
    return values;
  }
  return undefined;
};

/** Whether the request's `name` filter (if any) lets `value` through. */
const passes = (params: URLSearchParams, name: string, value: string): boolean =>
  filterValues(params, name)?.includes(value) ?? true;

/** All traffic, both ways, then the final deny (rule 32767): the default ACL as AWS creates it. */
const DEFAULT_ACL_ENTRIES = [true, false]
  .map(
    (egress) =>
      `<item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>${egress}</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>` +
      `<item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>${egress}</egress><cidrBlock>0.0.0.0/0</cidrBlock></item>`,
  )
  .join('');

export const emulatedAccount =
  (account: EmulatedAccount): StubHandler =>
  (request) => {
    const { operation, params } = request;
    const region = regionOf(request);
    switch (operation) {
      case 'ListWorkgroups':
        return jsonOk({ workgroups: [] });
      case 'DescribeClusters':
        return {
          body: queryXml(
            'DescribeClusters',
            `<Clusters><Cluster><ClusterIdentifier>emu-1</ClusterIdentifier><ClusterStatus>available</ClusterStatus><NodeType>ra3.xlplus</NodeType><EnhancedVpcRouting>${account.enhancedVpcRouting}</EnhancedVpcRouting><PubliclyAccessible>false</PubliclyAccessible><ClusterSubnetGroupName>emu-group</ClusterSubnetGroupName><VpcId>vpc-emu</VpcId><VpcSecurityGroups><VpcSecurityGroup><VpcSecurityGroupId>sg-emu</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroup></VpcSecurityGroups><Tags/></Cluster></Clusters>`,
          ),
        };
      case 'DescribeClusterSubnetGroups':
        return {
          body: queryXml(
            'DescribeClusterSubnetGroups',
            '<ClusterSubnetGroups><ClusterSubnetGroup><ClusterSubnetGroupName>emu-group</ClusterSubnetGroupName><VpcId>vpc-emu</VpcId><Subnets><Subnet><SubnetIdentifier>subnet-emu1</SubnetIdentifier><SubnetStatus>Active</SubnetStatus></Subnet></Subnets></ClusterSubnetGroup></ClusterSubnetGroups>',
          ),
        };
      case 'DescribePrefixLists':
        return {
          body: ec2Xml(
            'DescribePrefixLists',
            `<prefixListSet><item><prefixListId>${S3_PREFIX_LIST_ID}</prefixListId><prefixListName>com.amazonaws.${region}.s3</prefixListName><cidrSet>${S3_CIDRS.map((c) => `<item>${c}</item>`).join('')}</cidrSet></item></prefixListSet>`,
          ),
        };
      case 'GetManagedPrefixListEntries': {
        const id = params.get('PrefixListId');
        if (id !== S3_PREFIX_LIST_ID) {
          return ec2Error('InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist.`);
        }
        return {
          body: ec2Xml(
            'GetManagedPrefixListEntries',
            `<entrySet>${S3_CIDRS.map((c) => `<item><cidr>${c}</cidr></item>`).join('')}</entrySet>`,
          ),
        };
      }
      case 'DescribeRouteTables': {
        const route =
          account.routeToS3 === 'endpoint'
            ? `<item><destinationPrefixListId>${S3_PREFIX_LIST_ID}</destinationPrefixListId><gatewayId>vpce-emu</gatewayId><state>active</state></item>`
            : account.routeToS3 === 'nat'
              ? '<item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-emu</natGatewayId><state>active</state></item>'
              : '';
        return {
          body: ec2Xml(
            'DescribeRouteTables',
            `<routeTableSet><item><routeTableId>rtb-emu</routeTableId><vpcId>vpc-emu</vpcId><associationSet><item><main>true</main><routeTableId>rtb-emu</routeTableId><associationState><state>associated</state></associationState></item></associationSet><routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item>${route}</routeSet></item></routeTableSet>`,
          ),
        };
      }
      case 'DescribeVpcEndpoints': {
        const serviceName = `com.amazonaws.${region}.s3`;
        const listed = account.routeToS3 === 'endpoint' && passes(params, 'service-name', serviceName);
        return {
          body: ec2Xml(
            'DescribeVpcEndpoints',
            listed
              ? `<vpcEndpointSet><item><vpcEndpointId>vpce-emu</vpcEndpointId><vpcEndpointType>Gateway</vpcEndpointType><vpcId>vpc-emu</vpcId><serviceName>${serviceName}</serviceName><state>available</state><policyDocument>${FULL_ACCESS_POLICY}</policyDocument><routeTableIdSet><item>rtb-emu</item></routeTableIdSet><privateDnsEnabled>false</privateDnsEnabled><ownerId>${ACCOUNT_ID}</ownerId></item></vpcEndpointSet>`
              : '<vpcEndpointSet/>',
          ),
        };
      }
      case 'DescribeSecurityGroups': {
        const listed = passes(params, 'group-id', 'sg-emu');
        return {
          body: ec2Xml(
            'DescribeSecurityGroups',
            listed
              ? `<securityGroupInfo><item><ownerId>${ACCOUNT_ID}</ownerId><groupId>sg-emu</groupId><groupName>emu-redshift</groupName><groupDescription>Redshift</groupDescription><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>5439</fromPort><toPort>5439</toPort><groups/><ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissionsEgress><vpcId>vpc-emu</vpcId><tagSet/></item></securityGroupInfo>`
              : '<securityGroupInfo/>',
          ),
        };
      }
      case 'DescribeNetworkAcls': {
        const listed = passes(params, 'vpc-id', 'vpc-emu');
        return {
          body: ec2Xml(
            'DescribeNetworkAcls',
            listed
              ? `<networkAclSet><item><networkAclId>acl-emu</networkAclId><vpcId>vpc-emu</vpcId><default>true</default><entrySet>${DEFAULT_ACL_ENTRIES}</entrySet><associationSet><item><networkAclAssociationId>aclassoc-emu</networkAclAssociationId><networkAclId>acl-emu</networkAclId><subnetId>subnet-emu1</subnetId></item></associationSet><tagSet/><ownerId>${ACCOUNT_ID}</ownerId></item></networkAclSet>`
              : '<networkAclSet/>',
          ),
        };
      }
      case 'DescribeVpcBlockPublicAccessOptions':
        return {
          body: ec2Xml(
            'DescribeVpcBlockPublicAccessOptions',
            `<vpcBlockPublicAccessOptions><awsAccountId>${ACCOUNT_ID}</awsAccountId><awsRegion>${region}</awsRegion><state>default-state</state><internetGatewayBlockMode>off</internetGatewayBlockMode><exclusionsAllowed>allowed</exclusionsAllowed></vpcBlockPublicAccessOptions>`,
          ),
        };
      case 'DescribeVpcBlockPublicAccessExclusions':
        return {
          body: ec2Xml('DescribeVpcBlockPublicAccessExclusions', '<vpcBlockPublicAccessExclusionSet/>'),
        };
      case 'DescribeVpcAttribute': {
        if (account.denyVpcAttribute)
          return ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
        const attribute = params.get('Attribute') ?? '';
        const tag = attribute === 'enableDnsSupport' ? 'enableDnsSupport' : 'enableDnsHostnames';
        return {
          body: ec2Xml(
            'DescribeVpcAttribute',
            `<vpcId>${params.get('VpcId')}</vpcId><${tag}><value>true</value></${tag}>`,
          ),
        };
      }
      default:
        return ec2Error('InvalidAction', `The emulator does not implement ${operation}`);
    }
  };
