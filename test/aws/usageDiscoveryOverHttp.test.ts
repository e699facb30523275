import { expect } from 'chai';
import { usageDiscoverer } from '../../src/aws/usageDiscovery.ts';
import { aCluster, aWorkgroup } from '../support/coreFixtures.ts';
import { type StubRequest, type StubResponse, useStubbedEndpoint } from '../support/fakeAws/httpStub.ts';

const json = (body: unknown): StubResponse => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/x-amz-json-1.1' },
});

describe('usageDiscoverer (Data API and S3 over HTTP, the real SDK)', () => {
  const startStub = useStubbedEndpoint();
  const settings = { database: 'dev', days: 30 };
  const fast = { firstPollMs: 1, maxPollMs: 1 };

  it('asks a workgroup by name, reads SYS views, and finds its buckets, their Regions and Spectrum', async () => {
    const sqls: string[] = [];
    const stub = await startStub((r: StubRequest) => {
      if (r.method === 'HEAD') return { status: 301, body: '', headers: { 'x-amz-bucket-region': 'eu-west-1' } };
      const body = JSON.parse(r.body) as { Sql?: string; Id?: string };
      switch (r.operation) {
        case 'ExecuteStatement':
          sqls.push(body.Sql ?? '');
          return json({ Id: body.Sql?.includes('svv_external_schemas') ? 'catalog' : 'logs' });
        case 'DescribeStatement':
          return json({ Id: body.Id, Status: 'FINISHED', HasResultSet: true });
        default:
          return json(
            body.Id === 'logs'
              ? {
                  ColumnMetadata: [{ name: 'usage' }, { name: 'value' }],
                  Records: [[{ stringValue: 'unload' }, { stringValue: 'partner-drop-eu' }]],
                }
              : {
                  ColumnMetadata: [{ name: 'usage' }, { name: 'value' }, { name: 'eskind' }],
                  Records: [[{ stringValue: 'schema' }, { stringValue: 'lake' }, { longValue: 1 }]],
                },
          );
      }
    });
    // A database user is for clusters only: a workgroup is asked as the caller's IAM identity.
    const withUser = { ...settings, dbUser: 'auditor' };
    const discoverer = usageDiscoverer({ region: 'us-east-1', maxAttempts: 1 }, withUser, undefined, fast);
    const facts = await discoverer.discover(aWorkgroup());
    discoverer.close();
    expect(facts).to.deep.equal({
      region: 'us-east-1',
      usage: {
        known: true,
        value: {
          lookBackDays: 30,
          buckets: [{ bucket: 'partner-drop-eu', uses: ['unload'], region: { known: true, value: 'eu-west-1' } }],
          externalSchemas: [{ schema: 'lake', catalog: 'data-catalog', eskind: 1 }],
          copySources: [],
          truncated: false,
        },
      },
    });
    const executes = stub.requests.filter((r) => r.operation === 'ExecuteStatement').map((r) => JSON.parse(r.body));
    expect(executes.map((b) => [b.WorkgroupName, b.Database, b.ClusterIdentifier, b.DbUser])).to.deep.equal([
      ['analytics', 'dev', undefined, undefined],
      ['analytics', 'dev', undefined, undefined],
    ]);
    expect(sqls[0]).to.include('FROM sys_unload_history');
  });

  it('gives a cluster whose statement FAILED unknown usage naming the error, and runs no second statement', async () => {
    const stub = await startStub((r: StubRequest) =>
      r.operation === 'ExecuteStatement'
        ? json({ Id: 's-1' })
        : json({ Id: 's-1', Status: 'FAILED', Error: 'ERROR: permission denied for relation stl_query' }),
    );
    const discoverer = usageDiscoverer({ region: 'us-east-1', maxAttempts: 1 }, settings, undefined, fast);
    const facts = await discoverer.discover(aCluster());
    discoverer.close();
    expect(facts.usage).to.deep.equal({
      known: false,
      reason: { kind: 'usage-statement', outcome: 'FAILED', detail: 'ERROR: permission denied for relation stl_query' },
    });
    expect(stub.requests.filter((r) => r.operation === 'ExecuteStatement')).to.have.length(1);
  });

  it('starts no statement once the scan’s time is up: the usage is unverified, not started', async () => {
    const stub = await startStub((r: StubRequest) =>
      r.operation === 'ExecuteStatement' || r.operation === 'CancelStatement'
        ? json({ Id: 's-1', Status: true })
        : json({ Id: 's-1', Status: 'STARTED' }),
    );
    const discoverer = usageDiscoverer({ region: 'us-east-1', maxAttempts: 1 }, settings, () => 0, fast);
    const facts = await discoverer.discover(aCluster());
    discoverer.close();
    expect(facts.usage).to.deep.equal({
      known: false,
      reason: { kind: 'usage-statement', outcome: 'not-started', detail: 'the scan’s --timeout had passed' },
    });
    expect(stub.requests).to.deep.equal([]);
  });
});
