/**
 * The contenders: a periodic Config rule written the way public sample rules are (aws-config-rules, RDK
 * templates): list the clusters, then describe each cluster's network on its own; and the same rule with the
 * simplest cache one would add (`cache: true`): each distinct describe request made once per run, its answer
 * shared by every cluster that asks the same (so each VPC's route tables, endpoints, DNS attributes and ACLs,
 * each subnet group, each set of security groups and the prefix list are read once). For every cluster:
 * its subnet group, the route tables of its subnets, its VPC's S3 endpoints (and their policies), the two DNS
 * attributes, its security groups (egress), its subnets' network ACLs and the S3 prefix list's entries (the
 * CIDRs egress rules and ACLs must let through).
 *
 * Choices that favour the contender, so the comparison is not against a straw man:
 * - the main route table, and the VPC's default network ACL, are looked up only when a subnet has no explicit
 *   association (none in the estate: AWS lists every subnet's association, the default ACL's included);
 * - the S3 prefix list's id comes from the endpoint route (DescribePrefixLists only when no route names it);
 * - VPC Block Public Access is not read: it never affects a gateway endpoint, the only S3 path this checker
 *   accepts;
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
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  type IpPermission,
  type NetworkAcl,
  type NetworkAclEntry,
  type RouteTable,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import {
  type Cluster,
  DescribeClusterSubnetGroupsCommand,
  paginateDescribeClusters,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { containsCidr } from 'cidr-tools';
import { chunk, mapWithConcurrency } from '../src/aws/collections.ts';
import { ATTRIBUTE_CONCURRENCY } from '../src/aws/gatherFacts.ts';
import { PUT_EVALUATIONS_LIMIT } from '../src/config/putEvaluations.ts';

export const CLUSTERS_IN_FLIGHT = ATTRIBUTE_CONCURRENCY;

export interface PerClusterResult {
  readonly evaluations: number;
}

const routeToS3 = (table: RouteTable | undefined, s3EndpointIds: ReadonlySet<string>) =>
  (table?.Routes ?? []).find(
    (r) => r.State !== 'blackhole' && r.GatewayId !== undefined && s3EndpointIds.has(r.GatewayId),
  );

const HTTPS = 443;
const isTcp = (protocol: string | undefined): boolean => protocol === '-1' || protocol === 'tcp' || protocol === '6';

/** An egress rule that lets HTTPS out to every S3 CIDR: to the S3 prefix list, or to CIDRs containing each. */
const egressReachesS3 = (rule: IpPermission, s3PrefixListId: string, s3Cidrs: readonly string[]): boolean => {
  if (!isTcp(rule.IpProtocol)) return false;
  if (rule.IpProtocol !== '-1' && !((rule.FromPort ?? 0) <= HTTPS && HTTPS <= (rule.ToPort ?? 65535))) return false;
  if ((rule.PrefixListIds ?? []).some((p) => p.PrefixListId === s3PrefixListId)) return true;
  const cidrs = (rule.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : []));
  return s3Cidrs.length > 0 && s3Cidrs.every((s3) => cidrs.some((c) => containsCidr(c, s3)));
};

/** The first entry (lowest rule number) of one direction that matches TCP `port` to or from `cidr` decides. */
const aclAllows = (entries: readonly NetworkAclEntry[], egress: boolean, cidr: string, port: number): boolean => {
  const decisive = entries
    .filter((e) => e.Egress === egress && e.CidrBlock !== undefined && isTcp(e.Protocol))
    .sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0))
    .find(
      (e) =>
        containsCidr(e.CidrBlock as string, cidr) &&
        (e.Protocol === '-1' ||
          e.PortRange === undefined ||
          ((e.PortRange.From ?? 0) <= port && port <= (e.PortRange.To ?? 65535))),
    );
  return decisive?.RuleAction === 'allow';
};

/** HTTPS out to every S3 CIDR, and the return traffic in on the ephemeral ports (checked at both ends). */
const aclOpenToS3 = (acl: NetworkAcl | undefined, s3Cidrs: readonly string[]): boolean =>
  acl !== undefined &&
  s3Cidrs.length > 0 &&
  s3Cidrs.every(
    (cidr) =>
      aclAllows(acl.Entries ?? [], true, cidr, HTTPS) &&
      aclAllows(acl.Entries ?? [], false, cidr, 1024) &&
      aclAllows(acl.Entries ?? [], false, cidr, 65535),
  );

/** AWS's default endpoint policy (or none): everything allowed to everyone. */
const isFullAccessPolicy = (document: string | undefined): boolean => {
  if (document === undefined || document.trim() === '') return true;
  try {
    const statements = [JSON.parse(document).Statement].flat() as Record<string, unknown>[];
    return statements.every(
      (s) =>
        s.Effect === 'Allow' && s.Principal === '*' && s.Action === '*' && s.Resource === '*' && !('Condition' in s),
    );
  } catch {
    return false;
  }
};

/** The clients a checker uses. */
export interface PerClusterClients {
  readonly redshift: RedshiftClient;
  readonly ec2: EC2Client;
  readonly config: ConfigServiceClient;
}

/** Sample rules take the SDK's defaults: region and credentials from the environment, standard retries. */
export const perClusterClients = (region: string): PerClusterClients => ({
  redshift: new RedshiftClient({ region }),
  ec2: new EC2Client({ region }),
  config: new ConfigServiceClient({ region }),
});

type Middleware = Parameters<EC2Client['middlewareStack']['add']>[0];

/** The cache: a client answers a request it has made before (same command, same input) with the same answer. */
const cacheRequests = (client: RedshiftClient | EC2Client, answers: Map<string, Promise<unknown>>): void => {
  const cache =
    (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) =>
    (args: { input: unknown }) => {
      const key = `${context.commandName} ${JSON.stringify(args.input)}`;
      if (!answers.has(key)) answers.set(key, next(args));
      return answers.get(key);
    };
  const options = { step: 'initialize', name: 'perRunCache', override: true } as const;
  (client.middlewareStack as EC2Client['middlewareStack']).add(cache as unknown as Middleware, options as never);
};

export const runPerClusterChecker = async (options: {
  readonly region: string;
  readonly resultToken: string;
  readonly orderingTimestamp: Date;
  /** Answer a request made before from the run's cache. */
  readonly cache?: boolean;
  readonly clients?: PerClusterClients;
}): Promise<PerClusterResult> => {
  const { region } = options;
  const { redshift, ec2, config } = options.clients ?? perClusterClients(region);
  if (options.cache === true) {
    const answers = new Map<string, Promise<unknown>>();
    cacheRequests(redshift, answers);
    cacheRequests(ec2, answers);
  }

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
    const gatewayEndpoints = (endpoints.VpcEndpoints ?? []).filter(
      (e) => e.VpcEndpointType === 'Gateway' && e.State?.toLowerCase() === 'available',
    );
    const s3Endpoints = new Set(gatewayEndpoints.flatMap((e) => (e.VpcEndpointId ? [e.VpcEndpointId] : [])));
    const dnsSupport = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }));
    const dnsHostnames = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }),
    );

    // The S3 prefix list and its CIDRs: what egress rules and network ACLs must let through.
    const s3Routes = subnetIds.map((s) => routeToS3(tableOf.get(s), s3Endpoints));
    let s3PrefixListId = s3Routes.find((r) => r?.DestinationPrefixListId)?.DestinationPrefixListId;
    if (s3PrefixListId === undefined) {
      const lists = await ec2.send(
        new DescribePrefixListsCommand({
          Filters: [{ Name: 'prefix-list-name', Values: [`com.amazonaws.${region}.s3`] }],
        }),
      );
      s3PrefixListId = lists.PrefixLists?.[0]?.PrefixListId;
    }
    const entries = s3PrefixListId
      ? await ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: s3PrefixListId }))
      : undefined;
    const s3Cidrs = (entries?.Entries ?? []).flatMap((e) => (e.Cidr ? [e.Cidr] : []));

    // The cluster's security groups (those being removed no longer count): together they must let HTTPS out.
    const groupIds = (cluster.VpcSecurityGroups ?? []).flatMap((g) =>
      g.VpcSecurityGroupId && (g.Status ?? 'active') === 'active' ? [g.VpcSecurityGroupId] : [],
    );
    const securityGroups: SecurityGroup[] =
      groupIds.length > 0
        ? ((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))).SecurityGroups ?? [])
        : [];
    const egressOpen = securityGroups
      .flatMap((g) => g.IpPermissionsEgress ?? [])
      .some((rule) => egressReachesS3(rule, s3PrefixListId ?? '', s3Cidrs));

    // Each subnet's network ACL: its association, else the VPC's default ACL.
    const acls = await ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: subnetIds }] }),
    );
    const aclOf = new Map<string, NetworkAcl>();
    for (const acl of acls.NetworkAcls ?? []) {
      for (const a of acl.Associations ?? []) if (a.SubnetId) aclOf.set(a.SubnetId, acl);
    }
    if (subnetIds.some((s) => !aclOf.has(s))) {
      const fallback = await ec2.send(
        new DescribeNetworkAclsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [vpcId] },
            { Name: 'default', Values: ['true'] },
          ],
        }),
      );
      for (const s of subnetIds) if (!aclOf.has(s) && fallback.NetworkAcls?.[0]) aclOf.set(s, fallback.NetworkAcls[0]);
    }

    const policyOf = new Map(gatewayEndpoints.map((e) => [e.VpcEndpointId ?? '', e.PolicyDocument]));
    const missing = [
      ...subnetIds.filter((_, i) => s3Routes[i] === undefined).map((s) => `no S3 route from ${s}`),
      ...(dnsSupport.EnableDnsSupport?.Value === true ? [] : ['DNS support off']),
      ...(dnsHostnames.EnableDnsHostnames?.Value === true ? [] : ['DNS hostnames off']),
      ...(egressOpen ? [] : ['security groups block HTTPS to S3']),
      ...subnetIds.filter((s) => !aclOpenToS3(aclOf.get(s), s3Cidrs)).map((s) => `network ACL blocks S3 from ${s}`),
      ...[...new Set(s3Routes.flatMap((r) => (r?.GatewayId ? [r.GatewayId] : [])))]
        .filter((id) => !isFullAccessPolicy(policyOf.get(id)))
        .map((id) => `endpoint policy of ${id} restricts S3`),
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
