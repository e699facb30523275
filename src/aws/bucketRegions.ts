/**
 * The Region of each S3 bucket a cluster uses (usage discovery): HeadBucket's `x-amz-bucket-region` header, which S3
 * sends with a 200, and also with a 301 (the bucket is in another Region than the endpoint asked) and a 403 (the
 * caller may not list the bucket); else GetBucketLocation (`LocationConstraint`: empty for us-east-1, `EU` for
 * eu-west-1). Each bucket is asked once per scan. Loaded on demand, with the S3 client, only by `--discover-usage`.
 */
import { GetBucketLocationCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type Fact, known, unknown } from '../core/types.ts';
import { isAwsCallError } from '../errors.ts';
import { callAws, errorName, reasonOfCall } from './awsCallError.ts';
import { type ClientOptions, clientConfig } from './clientConfig.ts';
import { mapWithConcurrency } from './collections.ts';

export const HEAD_BUCKET = 's3:ListBucket';
export const GET_BUCKET_LOCATION = 's3:GetBucketLocation';
/** HeadBucket calls in flight. */
const CONCURRENCY = 5;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The S3 client of a scan's Region; `AWS_ENDPOINT_URL` (an emulator) is honoured by the SDK itself. */
export const createS3Client = (options: ClientOptions): S3Client => new S3Client(clientConfig(options));

/** The Region S3 named in a failed call's response, if it did (301 and 403 answers carry it). */
const regionHeaderOf = (error: unknown): string | undefined => {
  const response = (error as { $response?: { headers?: Record<string, string | undefined> } } | undefined)?.$response;
  const region = response?.headers?.['x-amz-bucket-region'];
  return region && REGION.test(region) ? region : undefined;
};

/** GetBucketLocation's answer as a Region name. */
const locationRegion = (constraint: string | undefined): string =>
  constraint === undefined || constraint === '' ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;

/** Looks up bucket Regions, each bucket once. */
export class BucketRegions {
  private readonly cache = new Map<string, Promise<Fact<string>>>();

  constructor(private readonly client: S3Client) {}

  /** The Region of one bucket, or why it is unknown (the call denied, the bucket not found …). */
  regionOf(bucket: string): Promise<Fact<string>> {
    let fact = this.cache.get(bucket);
    if (fact === undefined) {
      fact = this.lookUp(bucket);
      this.cache.set(bucket, fact);
    }
    return fact;
  }

  /** The Regions of these buckets, a few looked up at a time. */
  async regionsOf(buckets: readonly string[]): Promise<Map<string, Fact<string>>> {
    const facts = await mapWithConcurrency(buckets, CONCURRENCY, (b) => this.regionOf(b));
    return new Map(buckets.map((b, i) => [b, facts[i] as Fact<string>]));
  }

  private async lookUp(bucket: string): Promise<Fact<string>> {
    try {
      const head = await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      if (head.BucketRegion && REGION.test(head.BucketRegion)) return known(head.BucketRegion);
    } catch (error) {
      const region = regionHeaderOf(error);
      if (region !== undefined) return known(region);
      // A bucket that does not exist is a fact about the COPY or UNLOAD, not something another call would change.
      if (errorName(error) === 'NotFound' || errorName(error) === 'NoSuchBucket') {
        return unknown({ kind: 'call', failure: 'failed', operation: HEAD_BUCKET, error: `NoSuchBucket ${bucket}` });
      }
    }
    try {
      const location = await callAws(GET_BUCKET_LOCATION, () =>
        this.client.send(new GetBucketLocationCommand({ Bucket: bucket })),
      );
      return known(locationRegion(location.LocationConstraint));
    } catch (error) {
      if (isAwsCallError(error)) return unknown(reasonOfCall(error));
      throw error;
    }
  }
}
