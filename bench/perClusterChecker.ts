/**
 * The contender: a periodic Config rule written the way public sample rules are (aws-config-rules, RDK
 * templates): list the clusters, then describe each cluster's network on its own. For every cluster:
 * its subnet group, the route tables of its subnets, its VPC's S3 endpoints and the two DNS attributes.
 *
 * Choices that favour the contender, so the comparison is not against a straw man:
 * - the main route table is looked up only when a subnet has no explicit association (none in the estate);
 * - evaluations are sent in batches of 100 at the end, as RDK's template does, not one call per cluster;
 * - 5 clusters in flight, the same bound the project puts on its DescribeVpcAttribute calls.
 */
import {
  type ComplianceType,
  ConfigServiceClient,
  type Evaluation,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeRouteTablesCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import {
  type Cluster,
  DescribeClusterSubnetGroupsCommand,
  paginateDescribeClusters,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { chunk, mapWithConcurrency } from '../src/aws/collections.ts';
import { ATTRIBUTE_CONCURRENCY } from '../src/aws/gatherFacts.ts';
import { PUT_EVALUATIONS_LIMIT } from '../src/config/putEvaluations.ts';

export const CLUSTERS_IN_FLIGHT = ATTRIBUTE_CONCURRENCY;

export interface PerClusterResult {
  readonly evaluations: number;
}

const routesToS3 = (table: RouteTable | undefined, s3EndpointIds: ReadonlySet<string>): boolean =>
  (table?.Routes ?? []).some(
    (r) => r.State !== 'blackhole' && r.GatewayId !== undefined && s3EndpointIds.has(r.GatewayId),
  );

export const runPerClusterChecker = async (options: {
  readonly region: string;
  readonly resultToken: string;
  readonly orderingTimestamp: Date;
}): Promise<PerClusterResult> => {
  const { region } = options;
  // Sample rules take the SDK's defaults: region and credentials from the environment, standard retries.
  const redshift = new RedshiftClient({ region });
  const ec2 = new EC2Client({ region });
  const config = new ConfigServiceClient({ region });

  const clusters: Cluster[] = [];
  for await (const p of paginateDescribeClusters({ client: redshift }, {})) clusters.push(...(p.Clusters ?? []));

  const evaluate = async (cluster: Cluster): Promise<Evaluation> => {
    const groupName = cluster.ClusterSubnetGroupName ?? '';
    const groups = await redshift.send(new DescribeClusterSubnetGroupsCommand({ ClusterSubnetGroupName: groupName }));
    const group = groups.ClusterSubnetGroups?.[0];
    const vpcId = group?.VpcId ?? cluster.VpcId ?? '';
    const subnetIds = (group?.Subnets ?? []).flatMap((s) => (s.SubnetIdentifier ? [s.SubnetIdentifier] : []));

    const explicit = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: subnetIds }] }),
    );
    const tableOf = new Map<string, RouteTable>();
    for (const t of explicit.RouteTables ?? []) {
      for (const a of t.Associations ?? []) if (a.SubnetId) tableOf.set(a.SubnetId, t);
    }
    if (subnetIds.some((s) => !tableOf.has(s))) {
      const main = await ec2.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'association.main', Values: ['true'] },
          ],
        }),
      );
      for (const s of subnetIds) if (!tableOf.has(s) && main.RouteTables?.[0]) tableOf.set(s, main.RouteTables[0]);
    }

    const endpoints = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'service-name', Values: [`com.amazonaws.${region}.s3`] },
        ],
      }),
    );
    const s3Endpoints = new Set(
      (endpoints.VpcEndpoints ?? [])
        .filter((e) => e.VpcEndpointType === 'Gateway' && e.State?.toLowerCase() === 'available')
        .flatMap((e) => (e.VpcEndpointId ? [e.VpcEndpointId] : [])),
    );
    const dnsSupport = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }));
    const dnsHostnames = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
    );

    const missing = [
      ...subnetIds.filter((s) => !routesToS3(tableOf.get(s), s3Endpoints)).map((s) => `no S3 route from ${s}`),
      ...(dnsSupport.EnableDnsSupport?.Value === true ? [] : ['DNS support off']),
      ...(dnsHostnames.EnableDnsHostnames?.Value === true ? [] : ['DNS hostnames off']),
    ];
    const evr = cluster.EnhancedVpcRouting === true;
    const complianceType: ComplianceType = evr ? 'COMPLIANT' : 'NON_COMPLIANT';
    const state = evr ? 'Enhanced VPC routing is on.' : 'Enhanced VPC routing is off.';
    const network = missing.length === 0 ? 'Network prerequisites met.' : `Missing: ${missing.join('; ')}.`;
    return {
      ComplianceResourceType: 'AWS::Redshift::Cluster',
      ComplianceResourceId: cluster.ClusterIdentifier ?? '',
      ComplianceType: complianceType,
      Annotation: `${state} ${network}`.slice(0, 256),
      OrderingTimestamp: options.orderingTimestamp,
    };
  };

  const evaluations = await mapWithConcurrency(clusters, CLUSTERS_IN_FLIGHT, evaluate);
  for (const batch of chunk(evaluations, PUT_EVALUATIONS_LIMIT)) {
    await config.send(new PutEvaluationsCommand({ ResultToken: options.resultToken, Evaluations: batch }));
  }
  return { evaluations: evaluations.length };
};
