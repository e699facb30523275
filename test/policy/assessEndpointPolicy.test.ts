import { expect } from 'chai';
import { assessEndpointPolicy } from '../../src/policy/assessEndpointPolicy.ts';

const where = { vpcEndpointId: 'vpce-s3', vpcId: 'vpc-1', accountId: '111122223333', partition: 'aws' };
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const ALL_ACTIONS = ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:PutObject'];
const deniedOf = async (document: string, buckets: string[]) => {
  const result = await assessEndpointPolicy(document, where, buckets);
  if (result.kind !== 'checked') throw new Error(`expected a checked policy, got ${JSON.stringify(result)}`);
  return result.denied.map((d) => `${d.action} ${d.bucket}`);
};

describe('assessEndpointPolicy', () => {
  it("recognises AWS's default full-access policy (and an endpoint without a policy) without buckets", async () => {
    const fullAccess = JSON.stringify({
      Version: '2008-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    });
    expect(await assessEndpointPolicy(fullAccess, where, undefined)).to.deep.equal({ kind: 'full-access' });
    expect(await assessEndpointPolicy(undefined, where, undefined)).to.deep.equal({ kind: 'full-access' });
  });

  it('never assumes a restrictive policy allows what nobody named', async () => {
    const limited = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::etl-in/*',
    });
    expect(await assessEndpointPolicy(limited, where, undefined)).to.deep.equal({ kind: 'buckets-not-given' });
    expect(await assessEndpointPolicy(limited, where, [])).to.deep.equal({ kind: 'buckets-not-given' });
  });

  it('counts a full-access statement with a Deny beside it as restrictive', async () => {
    const withDeny = policy(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::secret', 'arn:aws:s3:::secret/*'] },
    );
    expect(await assessEndpointPolicy(withDeny, where, undefined)).to.deep.equal({ kind: 'buckets-not-given' });
    expect(await deniedOf(withDeny, ['etl-in'])).to.deep.equal([]);
    expect(await deniedOf(withDeny, ['secret'])).to.deep.equal(ALL_ACTIONS.map((a) => `${a} secret`));
  });

  it('names every action a bucket-limited policy refuses', async () => {
    const getOnly = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::etl-in/*',
    });
    expect(await deniedOf(getOnly, ['etl-in'])).to.deep.equal([
      's3:ListBucket etl-in',
      's3:GetBucketLocation etl-in',
      's3:PutObject etl-in',
    ]);
    expect(await deniedOf(getOnly, ['etl-out'])).to.deep.equal(ALL_ACTIONS.map((a) => `${a} etl-out`));
  });

  it('allows what COPY/UNLOAD need on the named buckets when the policy grants it', async () => {
    const enough = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:GetBucketLocation'],
      Resource: ['arn:aws:s3:::etl-in', 'arn:aws:s3:::etl-in/*', 'arn:aws:s3:::etl-out', 'arn:aws:s3:::etl-out/*'],
    });
    expect(await deniedOf(enough, ['etl-in', 'etl-out'])).to.deep.equal([]);
  });

  it('evaluates a condition on aws:SourceVpce against this endpoint', async () => {
    const onlyThisEndpoint = (vpce: string) =>
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceVpce': vpce } },
      });
    expect(await deniedOf(onlyThisEndpoint('vpce-s3'), ['etl-in'])).to.deep.equal([]);
    expect(await deniedOf(onlyThisEndpoint('vpce-other'), ['etl-in'])).to.have.length(4);
  });

  it("does not call a refusal a finding when it hinges on the caller's organization, role or account", async () => {
    const orgOnly = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
    });
    expect(await assessEndpointPolicy(orgOnly, where, ['etl-in'])).to.deep.equal({
      kind: 'depends-on',
      keys: ['aws:PrincipalOrgID'],
    });
    const namedRole = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/RedshiftCopy' } },
    });
    expect(await assessEndpointPolicy(namedRole, where, ['etl-in'])).to.deep.equal({
      kind: 'depends-on',
      keys: ['aws:PrincipalArn'],
    });
    // A gateway endpoint policy names no principal but "*" (use aws:PrincipalArn): such a policy is unreadable.
    const principal = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: '*',
      Resource: '*',
    });
    expect(await assessEndpointPolicy(principal, where, ['etl-in'])).to.include({ kind: 'unreadable' });
  });

  it('still finds what a policy refuses whatever the caller (a bucket it never allows)', async () => {
    const otherBucketForOrg = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::etl-in', 'arn:aws:s3:::etl-in/*'],
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-s3' } },
    });
    expect(await deniedOf(otherBucketForOrg, ['etl-out'])).to.have.length(4);
  });

  it('reports a policy that is not JSON as unreadable', async () => {
    const result = await assessEndpointPolicy('{"Statement": [', where, ['etl-in']);
    expect(result.kind).to.equal('unreadable');
  });
});
