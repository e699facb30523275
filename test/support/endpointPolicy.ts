import type { AccountData } from './fakeAws/account.ts';

/** A gateway endpoint policy that lets S3 requests through for `buckets` only (AWS's default lets everything). */
export const bucketsOnlyPolicy = (buckets: readonly string[]): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
      },
    ],
  });

/** Give every VPC endpoint of the account that policy (in place; returns the account). */
export const restrictEndpoints = (data: AccountData, buckets: readonly string[]): AccountData => {
  data.vpcEndpoints = data.vpcEndpoints.map((e) => ({
    ...e,
    OwnerId: '111122223333',
    PolicyDocument: bucketsOnlyPolicy(buckets),
  }));
  return data;
};
