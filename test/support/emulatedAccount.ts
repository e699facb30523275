/**
 * A tiny AWS API emulator for one account: one private cluster in one VPC and no Redshift Serverless
 * workgroup, answered over HTTP in the real wire formats (Redshift query XML, EC2 XML, Redshift Serverless
 * JSON), for tests that run the built CLI with AWS_ENDPOINT_URL.
 */
import { ec2Error, ec2Xml, jsonOk, queryXml, type StubHandler } from './httpStub.ts';

export interface EmulatedAccount {
  readonly enhancedVpcRouting: boolean;
  readonly routeToS3: 'endpoint' | 'nat' | 'none';
  readonly denyVpcAttribute?: boolean;
}

export const emulatedAccount =
  (account: EmulatedAccount): StubHandler =>
  ({ operation, params }) => {
    switch (operation) {
      case 'ListWorkgroups':
        return jsonOk({ workgroups: [] });
      case 'DescribeClusters':
        return {
          body: queryXml(
            'DescribeClusters',
            `<Clusters><Cluster><ClusterIdentifier>emu-1</ClusterIdentifier><ClusterStatus>available</ClusterStatus><NodeType>ra3.xlplus</NodeType><EnhancedVpcRouting>${account.enhancedVpcRouting}</EnhancedVpcRouting><PubliclyAccessible>false</PubliclyAccessible><ClusterSubnetGroupName>emu-group</ClusterSubnetGroupName><VpcId>vpc-emu</VpcId><Tags/></Cluster></Clusters>`,
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
            '<prefixListSet><item><prefixListId>pl-63a5400a</prefixListId><prefixListName>com.amazonaws.us-east-1.s3</prefixListName></item></prefixListSet>',
          ),
        };
      case 'DescribeRouteTables': {
        const route =
          account.routeToS3 === 'endpoint'
            ? '<item><destinationPrefixListId>pl-63a5400a</destinationPrefixListId><gatewayId>vpce-emu</gatewayId><state>active</state></item>'
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
      case 'DescribeVpcEndpoints':
        return { body: ec2Xml('DescribeVpcEndpoints', '<vpcEndpointSet/>') };
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
