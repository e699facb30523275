import { expect } from 'chai';
import { BucketRegions, createS3Client } from '../../src/aws/bucketRegions.ts';
import { type StubRequest, type StubResponse, useStubbedEndpoint } from '../support/fakeAws/httpStub.ts';

const head = (status: number, region?: string): StubResponse => ({
  status,
  body: '',
  headers: region === undefined ? {} : { 'x-amz-bucket-region': region },
});
const location = (constraint: string): StubResponse => ({
  status: 200,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${constraint}</LocationConstraint>`,
  headers: { 'content-type': 'application/xml' },
});
const s3Error = (status: number, code: string): StubResponse => ({
  status,
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code} for the test</Message></Error>`,
  headers: { 'content-type': 'application/xml' },
});

describe('BucketRegions (S3 over HTTP, the real SDK)', () => {
  const startStub = useStubbedEndpoint();

  const regions = async (handler: (r: StubRequest) => StubResponse) => {
    const stub = await startStub(handler);
    return { stub, regions: new BucketRegions(createS3Client({ region: 'us-east-1', maxAttempts: 1 })) };
  };

  it('takes the Region from HeadBucket, and from the header of its 301 and 403 answers', async () => {
    const { stub, regions: lookup } = await regions((r) => {
      if (r.path.startsWith('/etl-raw')) return head(200, 'us-east-1');
      if (r.path.startsWith('/partner-drop-eu')) return head(301, 'eu-west-1');
      return head(403, 'ap-southeast-2');
    });
    const facts = await lookup.regionsOf(['etl-raw', 'partner-drop-eu', 'vendor-feed']);
    expect(Object.fromEntries(facts)).to.deep.equal({
      'etl-raw': { known: true, value: 'us-east-1' },
      'partner-drop-eu': { known: true, value: 'eu-west-1' },
      'vendor-feed': { known: true, value: 'ap-southeast-2' },
    });
    expect(stub.requests.map((r) => `${r.method} ${r.path}`).sort()).to.deep.equal([
      'HEAD /etl-raw/',
      'HEAD /partner-drop-eu/',
      'HEAD /vendor-feed/',
    ]);
  });

  it('asks GetBucketLocation when HeadBucket is refused without a Region, and reads EU as eu-west-1', async () => {
    const { stub, regions: lookup } = await regions((r) => (r.method === 'HEAD' ? head(403) : location('EU')));
    expect(await lookup.regionOf('legacy-eu')).to.deep.equal({ known: true, value: 'eu-west-1' });
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'HEAD /legacy-eu/',
      'GET /legacy-eu/?location=',
    ]);
  });

  it('reads an empty LocationConstraint as us-east-1', async () => {
    const { regions: lookup } = await regions((r) => (r.method === 'HEAD' ? head(403) : location('')));
    expect(await lookup.regionOf('old-bucket')).to.deep.equal({ known: true, value: 'us-east-1' });
  });

  it('says a bucket that does not exist is unknown, without asking again', async () => {
    const { stub, regions: lookup } = await regions(() => head(404));
    expect(await lookup.regionOf('gone-bucket')).to.deep.equal({
      known: false,
      reason: { kind: 'call', failure: 'failed', operation: 's3:ListBucket', error: 'NoSuchBucket gone-bucket' },
    });
    await lookup.regionOf('gone-bucket');
    expect(stub.requests).to.have.length(1);
  });

  it('says the Region is unknown when both calls are denied, naming GetBucketLocation', async () => {
    const { regions: lookup } = await regions((r) => (r.method === 'HEAD' ? head(403) : s3Error(403, 'AccessDenied')));
    expect(await lookup.regionOf('locked')).to.deep.equal({
      known: false,
      reason: { kind: 'call', failure: 'denied', operation: 's3:GetBucketLocation', error: 'AccessDenied' },
    });
  });
});
