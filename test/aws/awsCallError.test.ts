import { expect } from 'chai';
import { reasonOfCall, toAwsCallError } from '../../src/aws/awsCallError.ts';

const sdkError = (name: string, message = `${name} (fake)`) => Object.assign(new Error(message), { name });

describe('toAwsCallError', () => {
  const cases: [string, string, string][] = [
    ['UnauthorizedOperation', 'denied', 'ec2:DescribeRouteTables was denied (UnauthorizedOperation)'],
    ['AccessDenied', 'denied', 'ec2:DescribeRouteTables was denied (AccessDenied)'],
    [
      'ExpiredToken',
      'credentials',
      'ec2:DescribeRouteTables was refused: the credentials are invalid or expired (ExpiredToken). Refresh them (aws sso login, a new session) and try again.',
    ],
    [
      'InvalidClientTokenId',
      'credentials',
      'ec2:DescribeRouteTables was refused: the credentials are invalid or expired (InvalidClientTokenId). Refresh them (aws sso login, a new session) and try again.',
    ],
    ['RequestLimitExceeded', 'throttled', 'ec2:DescribeRouteTables was throttled after retries (RequestLimitExceeded)'],
    ['InternalError', 'failed', 'ec2:DescribeRouteTables failed (InternalError: boom)'],
  ];
  for (const [name, failure, message] of cases) {
    it(`classes ${name} as ${failure}, with a message that says so`, () => {
      const error = toAwsCallError(
        'ec2:DescribeRouteTables',
        sdkError(name, name === 'InternalError' ? 'boom' : undefined),
      );
      expect(error.failure).to.equal(failure);
      expect(error.message).to.equal(message);
      expect(reasonOfCall(error)).to.deep.include({ kind: 'call', failure, operation: 'ec2:DescribeRouteTables' });
    });
  }

  it('never tells a user with stale credentials to grant permissions', () => {
    for (const name of [
      'ExpiredToken',
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'SignatureDoesNotMatch',
    ]) {
      expect(toAwsCallError('redshift:DescribeClusters', sdkError(name)).failure, name).to.equal('credentials');
    }
  });
});
