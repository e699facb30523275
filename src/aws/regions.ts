import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clients.ts';

/**
 * The Regions enabled for the account (opt-in Regions only once opted in), sorted.
 * @throws AwsCallError (ec2:DescribeRegions denied, unreachable …).
 */
export const listEnabledRegions = async (options: ClientOptions): Promise<string[]> => {
  const ec2 = new EC2Client(clientConfig(options));
  const out = await callAws('ec2:DescribeRegions', () => ec2.send(new DescribeRegionsCommand({ AllRegions: false })));
  return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
};
