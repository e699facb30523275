/**
 * A server that accepts a request and never answers: every attempt must fail on its own (the SDK's Node
 * handler only warns about a request timeout unless told to throw), so the call is retried and then given up.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { clientConfig } from '../../src/aws/clients.ts';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { AwsCallError } from '../../src/errors.ts';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';

describe('request timeouts', () => {
  const startStub = useHttpStub();

  it('fails a silent DescribeVpcAttribute after its attempts instead of waiting for the server', async () => {
    // Never answers: the stub only closes the connection when the test ends.
    const stub = await startStub(() => new Promise(() => undefined));
    const options = {
      region: 'us-east-1',
      maxAttempts: 2,
      requestTimeoutMs: 300,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    };
    const config = { ...clientConfig(options), endpoint: stub.url };
    const source = liveFactSource(
      {
        redshift: new RedshiftClient(config),
        redshiftServerless: new RedshiftServerlessClient(config),
        ec2: new EC2Client(config),
      },
      'us-east-1',
    );
    const started = Date.now();
    const error = await source.describeVpcAttribute('vpc-1', 'enableDnsSupport').then(
      () => undefined,
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    expect(error).to.be.instanceOf(AwsCallError);
    expect((error as AwsCallError).operation).to.equal('ec2:DescribeVpcAttribute');
    // Both attempts were made, each cut at its timeout (plus the SDK's back-off between them).
    expect(stub.requests.filter((r) => r.operation === 'DescribeVpcAttribute')).to.have.length(2);
    expect(elapsed).to.be.below(5_000);
  });
});
