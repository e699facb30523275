/**
 * Readiness from usage (`scan --discover-usage`): besides same-Region S3, what the buckets, external schemas and COPY
 * sources a cluster or workgroup really uses need once enhanced VPC routing is on (docs/checks.md, "Usage"):
 * - a bucket in another Region: a NAT gateway (private) or internet gateway (public) default route from every
 *   subnet (an S3 gateway endpoint serves its own Region only);
 * - an external schema of the AWS Glue Data Catalog (Spectrum): a Glue interface endpoint with private DNS in the VPC,
 *   or that NAT/internet path;
 * - COPY from DynamoDB: a DynamoDB gateway endpoint on every subnet's route table, or that NAT/internet path;
 * - COPY from EMR or SSH hosts, a Hive metastore, a federated database: a path this tool cannot verify.
 */
import type { SubnetAnalysis } from './prerequisites.ts';
import type { ResourceKind, UnverifiedReason, VpcNetworkFacts } from './types.ts';
import { bucketsThroughVpc, type UsageFacts } from './usage.ts';

/** Something used that lacks a path, or whose path could not be verified, from these subnets. */
export type UsageBlock =
  | {
      readonly code: 'OTHER_REGION_PATH_MISSING';
      readonly buckets: readonly { readonly bucket: string; readonly region: string }[];
      readonly subnetIds: readonly string[];
    }
  | { readonly code: 'GLUE_PATH_MISSING'; readonly schemas: readonly string[]; readonly subnetIds: readonly string[] }
  | {
      readonly code: 'DYNAMODB_PATH_MISSING';
      readonly tables: readonly string[];
      readonly subnetIds: readonly string[];
    }
  | {
      readonly code: 'USAGE_PATH_UNVERIFIED';
      readonly why: UsagePathUnverified;
      /** The buckets, schemas, tables, EMR clusters or SSH manifests concerned. */
      readonly names: readonly string[];
      readonly subnetIds: readonly string[];
    }
  | { readonly code: 'USAGE_UNVERIFIED'; readonly reason: UnverifiedReason };

/**
 * Why a used thing's path is unverified: its bucket's Region is unknown; the subnets' default route goes to a target
 * that cannot be verified; the Glue or DynamoDB endpoints were not read; or a source this tool cannot check.
 */
export type UsagePathUnverified =
  | { readonly kind: 'bucket-region'; readonly reason: UnverifiedReason }
  | { readonly kind: 'internet-path'; readonly needs: 'other-region' | 'glue' | 'dynamodb' }
  | { readonly kind: 'endpoints'; readonly service: 'glue' | 'dynamodb'; readonly reason: UnverifiedReason | null }
  | { readonly kind: 'source'; readonly source: 'emr' | 'ssh' | 'hive-metastore' | 'federated' | 'streaming' };

const hasInternet = (s: SubnetAnalysis) => s.internetPath === 'NAT_GATEWAY' || s.internetPath === 'INTERNET_GATEWAY';

/** The subnets (with a known route table) that lack an internet path, and those whose path is unverified. */
const withoutInternet = (subnets: readonly SubnetAnalysis[], served: (s: SubnetAnalysis) => boolean) => {
  const open = subnets.filter((s) => s.routeTableId !== null && !served(s) && !hasInternet(s));
  return {
    missing: open.filter((s) => s.internetPath === 'NONE').map((s) => s.subnetId),
    unverified: open.filter((s) => s.internetPath === 'OTHER').map((s) => s.subnetId),
  };
};

/**
 * What the resource's usage needs beyond same-Region S3, judged against its subnets' routes and the VPC's Glue and
 * DynamoDB endpoints. Subnets without a known route table are left out: they are NETWORK_UNVERIFIED already.
 */
export const evaluateUsage = (
  facts: UsageFacts,
  kind: ResourceKind,
  subnets: readonly SubnetAnalysis[],
  network: Pick<VpcNetworkFacts, 'serviceEndpoints'>,
): UsageBlock[] => {
  if (!facts.usage.known) return [{ code: 'USAGE_UNVERIFIED', reason: facts.usage.reason }];
  const usage = facts.usage.value;
  const blocks: UsageBlock[] = [];

  const buckets = bucketsThroughVpc(usage, kind);
  for (const b of buckets) {
    if (!b.region.known) {
      blocks.push({
        code: 'USAGE_PATH_UNVERIFIED',
        why: { kind: 'bucket-region', reason: b.region.reason },
        names: [b.bucket],
        subnetIds: [],
      });
    }
  }
  const endpoints = network.serviceEndpoints;
  const endpointList = endpoints?.known ? endpoints.value : undefined;
  /**
   * What a need (`names`) lacks from the subnets not `served` by an endpoint and without a NAT/internet path: the
   * `missing` block, or, where the endpoints that might serve them were not read, an unverified one.
   */
  const needPath = (
    needs: 'other-region' | 'glue' | 'dynamodb',
    names: readonly string[],
    served: (s: SubnetAnalysis) => boolean,
    missing: (subnetIds: readonly string[]) => UsageBlock,
  ) => {
    const paths = withoutInternet(subnets, served);
    if (paths.missing.length > 0) {
      blocks.push(
        needs !== 'other-region' && endpointList === undefined
          ? {
              code: 'USAGE_PATH_UNVERIFIED',
              why: { kind: 'endpoints', service: needs, reason: endpoints?.known === false ? endpoints.reason : null },
              names,
              subnetIds: paths.missing,
            }
          : missing(paths.missing),
      );
    }
    if (paths.unverified.length > 0) {
      blocks.push({
        code: 'USAGE_PATH_UNVERIFIED',
        why: { kind: 'internet-path', needs },
        names,
        subnetIds: paths.unverified,
      });
    }
  };

  const elsewhere = buckets.flatMap((b) =>
    b.region.known && b.region.value !== facts.region ? [{ bucket: b.bucket, region: b.region.value }] : [],
  );
  if (elsewhere.length > 0) {
    needPath(
      'other-region',
      elsewhere.map((b) => b.bucket),
      () => false,
      (subnetIds) => ({ code: 'OTHER_REGION_PATH_MISSING', buckets: elsewhere, subnetIds }),
    );
  }

  const schemas = usage.externalSchemas.filter((s) => s.catalog === 'data-catalog').map((s) => s.schema);
  if (schemas.length > 0) {
    // An interface endpoint with private DNS answers for glue.<region>.amazonaws.com in the whole VPC.
    const glueEndpoint =
      endpointList?.some((e) => e.service === 'glue' && e.type === 'Interface' && e.privateDnsEnabled) === true;
    needPath(
      'glue',
      schemas,
      () => glueEndpoint,
      (subnetIds) => ({ code: 'GLUE_PATH_MISSING', schemas, subnetIds }),
    );
  }

  const tables = usage.copySources.filter((s) => s.kind === 'dynamodb').map((s) => s.name);
  if (tables.length > 0) {
    const gatewayTables = new Set(
      (endpointList ?? [])
        .filter((e) => e.service === 'dynamodb' && e.type === 'Gateway')
        .flatMap((e) => e.routeTableIds),
    );
    needPath(
      'dynamodb',
      tables,
      (s) => s.routeTableId !== null && gatewayTables.has(s.routeTableId),
      (subnetIds) => ({ code: 'DYNAMODB_PATH_MISSING', tables, subnetIds }),
    );
  }

  for (const source of ['emr', 'ssh'] as const) {
    const names = usage.copySources.filter((s) => s.kind === source).map((s) => s.name);
    if (names.length > 0)
      blocks.push({ code: 'USAGE_PATH_UNVERIFIED', why: { kind: 'source', source }, names, subnetIds: [] });
  }
  for (const catalog of ['hive-metastore', 'federated', 'streaming'] as const) {
    const names = usage.externalSchemas.filter((s) => s.catalog === catalog).map((s) => s.schema);
    if (names.length > 0)
      blocks.push({ code: 'USAGE_PATH_UNVERIFIED', why: { kind: 'source', source: catalog }, names, subnetIds: [] });
  }
  return blocks;
};
