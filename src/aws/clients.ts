import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { InputError } from '../errors.ts';
import { type ClientOptions, clientConfig } from './clientConfig.ts';
import { EC2_READ_PACE, paceClient, RequestPacer } from './requestPacer.ts';

export { type ClientOptions, clientConfig } from './clientConfig.ts';

export interface ScanClients {
  readonly redshift: RedshiftClient;
  readonly redshiftServerless: RedshiftServerlessClient;
  readonly ec2: EC2Client;
}

/**
 * Redshift, Redshift Serverless and EC2 clients for a scan of one account and Region. The EC2 client paces its
 * requests (EC2_READ_PACE): every EC2 call of the scan goes through it, so they share one pacer, as they share
 * EC2's bucket. `AWS_ENDPOINT_URL` (an emulator) is honoured by the SDK itself.
 */
export const createScanClients = (options: ClientOptions): ScanClients => ({
  redshift: new RedshiftClient(clientConfig(options)),
  redshiftServerless: new RedshiftServerlessClient(clientConfig(options)),
  ec2: paceClient(new EC2Client(clientConfig(options)), new RequestPacer(EC2_READ_PACE)),
});

/**
 * The Region the clients will use.
 * @throws InputError when none is configured.
 */
export const resolveRegion = async (client: {
  readonly config: { readonly region: () => Promise<string> };
}): Promise<string> => {
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through to the actionable error below
  }
  throw new InputError('No AWS Region is set: pass --region, set AWS_REGION, or give the profile a region.');
};
