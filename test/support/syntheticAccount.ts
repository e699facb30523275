import type { AccountData } from './fakeAws/account.ts';
import { cluster, prefixLists, routes, routeTable, subnetGroup, vpcEndpoint } from './fakeAws/builders.ts';

/**
 * `clusters` private clusters (`c-0`…) spread round-robin over `vpcs` VPCs (`vpc-0`…); every VPC has two
 * subnets routed through an S3 gateway endpoint and DNS on, so every prerequisite is met.
 */
export const syntheticAccount = (clusters: number, vpcs: number): AccountData => {
  const vpcIds = Array.from({ length: vpcs }, (_, v) => `vpc-${v}`);
  return {
    clusters: Array.from({ length: clusters }, (_, i) =>
      cluster({ id: `c-${i}`, subnetGroup: `g-${i % vpcs}`, vpcId: `vpc-${i % vpcs}` }),
    ),
    subnetGroups: vpcIds.map((vpc, v) => subnetGroup(`g-${v}`, vpc, [`subnet-${v}a`, `subnet-${v}b`])),
    routeTables: vpcIds.flatMap((vpc, v) => [
      routeTable(`rtb-${v}m`, vpc, { main: true, routes: [routes.local(), routes.igw(`igw-${v}`)] }),
      routeTable(`rtb-${v}p`, vpc, {
        subnets: [`subnet-${v}a`, `subnet-${v}b`],
        routes: [routes.local(), routes.s3Endpoint(`vpce-${v}`)],
      }),
    ]),
    vpcEndpoints: vpcIds.map((vpc, v) => vpcEndpoint(`vpce-${v}`, vpc, { routeTableIds: [`rtb-${v}p`] })),
    prefixLists: prefixLists(),
    vpcAttributes: Object.fromEntries(vpcIds.map((vpc) => [vpc, { enableDnsSupport: true, enableDnsHostnames: true }])),
  };
};
