import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clients.ts';

/**
 * The Regions enabled for the account (opt-in Regions only once opted in), sorted.
 * @throws AwsCallError (ec2:DescribeRegions denied, unreachable …).
 */
export const listEnabledRegions = async (options: ClientOptions): Promise<string[]> => {
  // Asked in the configured Region (the partition follows from it); us-east-1 only when none is configured.
  const configured = new EC2Client(clientConfig(options));
  const region = await configured.config.region().catch(() => undefined);
  const ec2 = region ? configured : new EC2Client(clientConfig({ ...options, region: 'us-east-1' }));
  const out = await callAws('ec2:DescribeRegions', () => ec2.send(new DescribeRegionsCommand({ AllRegions: false })));
  return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
};
