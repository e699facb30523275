import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import type { Snapshot } from '../../src/aws/snapshotFormat.ts';
import { recordingFactSource } from '../../src/aws/snapshotRecorder.ts';
import type { AccountData } from './fakeAws/account.ts';
import { REGION } from './fakeAws/builders.ts';
import { type FakeOptions, installFakeAccount } from './fakeAws/mock.ts';

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' };
export const RECORDED_AT = new Date('2026-11-28T09:00:00.000Z');

/**
 * Clients whose calls the mocks answer (no network, no credential chain). Redshift Serverless points at a
 * closed local port: a test that forgets to mock it fails at once instead of reaching AWS.
 */
export const fakeClients = () => ({
  redshift: new RedshiftClient({ region: REGION, credentials: FAKE_CREDENTIALS }),
  redshiftServerless: new RedshiftServerlessClient({
    region: REGION,
    credentials: FAKE_CREDENTIALS,
    endpoint: 'http://127.0.0.1:9',
    maxAttempts: 1,
  }),
  ec2: new EC2Client({ region: REGION, credentials: FAKE_CREDENTIALS }),
});

/** Record a snapshot of a fake account exactly as `redshift-evr snapshot` does against a real one. */
export const recordAccount = async (
  redshift: AwsClientStub<RedshiftClient>,
  ec2: AwsClientStub<EC2Client>,
  data: AccountData,
  options: FakeOptions = {},
): Promise<Snapshot> => {
  installFakeAccount(redshift, ec2, data, options);
  const recorder = recordingFactSource(liveFactSource(fakeClients(), REGION), () => RECORDED_AT);
  // Workgroups are recorded when the account serves them (a Redshift Serverless mock is given).
  await scanRegion(
    recorder.source,
    { prerequisiteMode: 'report', requireInternetPath: false },
    { kinds: options.serverless ? ['cluster', 'workgroup'] : ['cluster'], recordTags: true },
  );
  return recorder.snapshot();
};
