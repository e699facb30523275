import { expect } from 'chai';
import {
  applyFindingUpdates,
  createSecurityHubClient,
  type HubProblem,
  readFindings,
  syncSecurityHubFindings,
} from '../../src/aws/securityHubFindings.ts';
import { type FindingUpdate, ourNote, type SyncedEvaluation } from '../../src/core/findingSync.ts';
import { type StubRequest, type StubResponse, useHttpStub } from '../support/fakeAws/httpStub.ts';

const ACCOUNT = '111122223333';
const PRODUCT = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';
const clusterArn = (i: number) => `arn:aws:redshift:us-east-1:${ACCOUNT}:cluster:c${i}`;
const WORKGROUP_ARN = `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:workgroup/0f1e2d3c-aaaa-bbbb-cccc-000000000001`;

const json = (body: unknown, status = 200): StubResponse => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const awsError = (status: number, type: string): StubResponse => ({
  status,
  body: JSON.stringify({ Message: `${type} for the test` }),
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
});

/** An ASFF control finding, as GetFindings returns it. */
const asff = (resourceArn: string, id: string, over: Record<string, unknown> = {}) => ({
  Id: id,
  ProductArn: PRODUCT,
  Resources: [{ Id: resourceArn, Type: 'AwsRedshiftCluster' }],
  Workflow: { Status: 'NEW' },
  Compliance: { Status: 'FAILED', SecurityControlId: 'Redshift.7' },
  ...over,
});

interface GetFindingsBody {
  Filters: Record<string, { Value: string; Comparison: string }[]>;
  MaxResults: number;
  NextToken?: string;
}
const bodyOf = <T>(r: StubRequest): T => JSON.parse(r.body) as T;

const blocked: SyncedEvaluation = {
  kind: 'cluster',
  complianceType: 'NON_COMPLIANT',
  annotation: 'Enhanced VPC routing is off. Fix first: add an S3 gateway endpoint.',
  exemption: null,
  readyToRemediate: false,
};
const exempt: SyncedEvaluation = {
  ...blocked,
  complianceType: 'NOT_APPLICABLE',
  annotation: 'Exempt by tag evr-exempt: legacy',
  exemption: { tagKey: 'evr-exempt', reason: 'legacy' },
};

const update = (i: number, workflowStatus: FindingUpdate['workflowStatus'], note: string): FindingUpdate => ({
  findingId: `f-${i}`,
  productArn: PRODUCT,
  workflowStatus,
  note,
  reason: 'blocked',
});

describe('Security Hub findings (over HTTP, the real SDK)', () => {
  const startStub = useHttpStub();
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL;
  });

  const client = async (handler: (r: StubRequest) => StubResponse) => {
    const stub = await startStub(handler);
    process.env.AWS_ENDPOINT_URL = stub.url;
    return { stub, client: createSecurityHubClient({ region: 'us-east-1', maxAttempts: 1 }) };
  };

  it('asks for each kind’s control and the legacy generator id, 20 resources a query, only active findings', async () => {
    const { stub, client: hub } = await client(() => json({ Findings: [] }));
    const resources = [
      ...Array.from({ length: 25 }, (_, i) => ({ kind: 'cluster' as const, resourceArn: clusterArn(i) })),
      { kind: 'workgroup' as const, resourceArn: WORKGROUP_ARN },
    ];
    const read = await readFindings(hub, resources);
    expect(read.problem).to.equal(undefined);
    const bodies = stub.requests.map((r) => {
      expect([r.method, r.path.split('?')[0], r.operation]).to.deep.equal(['POST', '/findings', 'GetFindings']);
      return bodyOf<GetFindingsBody>(r);
    });
    // Clusters: 2 batches (20 + 5) × (consolidated, legacy); the workgroup: 1 × 2.
    expect(bodies).to.have.length(6);
    expect(bodies.map((b) => b.Filters.ResourceId?.length)).to.deep.equal([20, 20, 5, 5, 1, 1]);
    for (const b of bodies) {
      expect(b.MaxResults).to.equal(100);
      expect(b.Filters.RecordState).to.deep.equal([{ Value: 'ACTIVE', Comparison: 'EQUALS' }]);
      expect(b.Filters.ResourceId?.every((f) => f.Comparison === 'EQUALS')).to.equal(true);
    }
    expect(bodies[0]?.Filters.ComplianceSecurityControlId).to.deep.equal([
      { Value: 'Redshift.7', Comparison: 'EQUALS' },
    ]);
    expect(bodies[0]?.Filters.ResourceId?.[0]).to.deep.equal({ Value: clusterArn(0), Comparison: 'EQUALS' });
    expect(bodies[1]?.Filters.GeneratorId).to.deep.equal([
      { Value: 'aws-foundational-security-best-practices/v/1.0.0/Redshift.7', Comparison: 'PREFIX' },
    ]);
    expect(bodies[4]?.Filters.ComplianceSecurityControlId).to.deep.equal([
      { Value: 'RedshiftServerless.1', Comparison: 'EQUALS' },
    ]);
    expect(bodies[5]?.Filters.GeneratorId?.[0]?.Value).to.equal(
      'aws-foundational-security-best-practices/v/1.0.0/RedshiftServerless.1',
    );
    expect(bodies[4]?.Filters.ResourceId).to.deep.equal([{ Value: WORKGROUP_ARN, Comparison: 'EQUALS' }]);
  });

  it('reads every page, and keeps a finding both queries return once', async () => {
    const { stub, client: hub } = await client((r) => {
      const body = bodyOf<GetFindingsBody>(r);
      if (body.Filters.GeneratorId) return json({ Findings: [asff(clusterArn(0), 'f-0')] });
      if (body.NextToken === undefined) return json({ Findings: [asff(clusterArn(0), 'f-0')], NextToken: 'page-2' });
      if (body.NextToken === 'page-2') return json({ Findings: [asff(clusterArn(1), 'f-1')], NextToken: '' });
      throw new Error(`unexpected token ${body.NextToken}`);
    });
    const read = await readFindings(hub, [
      { kind: 'cluster', resourceArn: clusterArn(0) },
      { kind: 'cluster', resourceArn: clusterArn(1) },
    ]);
    expect(stub.requests.map((r) => bodyOf<GetFindingsBody>(r).NextToken)).to.deep.equal([
      undefined,
      'page-2',
      undefined,
    ]);
    expect(read.findings.get(clusterArn(0))?.map((f) => f.id)).to.deep.equal(['f-0']);
    expect(read.findings.get(clusterArn(1))).to.deep.equal([
      { id: 'f-1', productArn: PRODUCT, workflowStatus: 'NEW', noteText: null, complianceStatus: 'FAILED' },
    ]);
  });

  it('updates identical changes together, at most 100 findings a call, and reports unprocessed findings', async () => {
    const { stub, client: hub } = await client((r) => {
      const body = bodyOf<{ FindingIdentifiers: { Id: string }[] }>(r);
      const first = body.FindingIdentifiers[0];
      return json({
        ProcessedFindings: [],
        UnprocessedFindings:
          first?.Id === 'f-0'
            ? [
                {
                  FindingIdentifier: { Id: 'f-7', ProductArn: PRODUCT },
                  ErrorCode: 'FindingNotFound',
                  ErrorMessage: 'gone',
                },
              ]
            : [],
      });
    });
    const notified = ourNote('Fix first: DNS.');
    const updates = [
      ...Array.from({ length: 150 }, (_, i) => update(i, 'NOTIFIED', notified)),
      update(200, 'SUPPRESSED', ourNote('Exempt by tag k: v')),
    ];
    const applied = await applyFindingUpdates(hub, updates);
    expect(stub.requests.map((r) => [r.method, r.path, r.operation])).to.deep.equal([
      ['PATCH', '/findings/batchupdate', 'BatchUpdateFindings'],
      ['PATCH', '/findings/batchupdate', 'BatchUpdateFindings'],
      ['PATCH', '/findings/batchupdate', 'BatchUpdateFindings'],
    ]);
    const bodies = stub.requests.map((r) =>
      bodyOf<{ FindingIdentifiers: unknown[]; Workflow: unknown; Note: unknown }>(r),
    );
    expect(bodies.map((b) => b.FindingIdentifiers.length)).to.deep.equal([100, 50, 1]);
    expect(bodies[0]?.Workflow).to.deep.equal({ Status: 'NOTIFIED' });
    expect(bodies[0]?.Note).to.deep.equal({ Text: notified, UpdatedBy: 'redshift-evr' });
    expect(bodies[0]?.FindingIdentifiers[0]).to.deep.equal({ Id: 'f-0', ProductArn: PRODUCT });
    expect(bodies[2]?.Workflow).to.deep.equal({ Status: 'SUPPRESSED' });
    expect(applied).to.deep.equal({
      updated: 150,
      unprocessed: [{ findingId: 'f-7', productArn: PRODUCT, error: 'FindingNotFound: gone' }],
    });
  });

  it('syncs: reads, decides and applies only the changes needed', async () => {
    const { stub, client: hub } = await client((r) => {
      if (r.operation === 'BatchUpdateFindings') return json({ ProcessedFindings: [], UnprocessedFindings: [] });
      if (bodyOf<GetFindingsBody>(r).Filters.GeneratorId) return json({ Findings: [] });
      return json({
        Findings: [
          asff(clusterArn(0), 'f-blocked'),
          asff(clusterArn(1), 'f-exempt'),
          asff(clusterArn(1), 'f-someone', { Workflow: { Status: 'SUPPRESSED' }, Note: { Text: 'risk accepted' } }),
          asff(clusterArn(2), 'f-unknown'),
        ],
      });
    });
    const report = await syncSecurityHubFindings(hub, [
      { resourceArn: clusterArn(0), evaluation: blocked },
      { resourceArn: clusterArn(1), evaluation: exempt },
    ]);
    expect(report).to.deep.equal({ findings: 3, decided: 2, updated: 2, unprocessed: [] });
    const updates = stub.requests
      .filter((r) => r.operation === 'BatchUpdateFindings')
      .map((r) => bodyOf<{ FindingIdentifiers: { Id: string }[]; Workflow: { Status: string } }>(r))
      .map((b) => [b.Workflow.Status, b.FindingIdentifiers.map((f) => f.Id)]);
    expect(updates).to.deep.equal([
      ['NOTIFIED', ['f-blocked']],
      ['SUPPRESSED', ['f-exempt']],
    ]);
  });

  const failing = async (type: string, status: number): Promise<{ problem?: HubProblem; calls: number }> => {
    const { stub, client: hub } = await client(() => awsError(status, type));
    const report = await syncSecurityHubFindings(hub, [{ resourceArn: clusterArn(0), evaluation: blocked }]);
    expect(report.updated).to.equal(0);
    return { ...(report.problem ? { problem: report.problem } : {}), calls: stub.requests.length };
  };

  it('returns a disabled Security Hub as data, after one call', async () => {
    const { problem, calls } = await failing('InvalidAccessException', 401);
    expect(calls).to.equal(1);
    expect(problem).to.include({ failure: 'not-enabled', operation: 'securityhub:GetFindings' });
    expect(problem?.message).to.contain('Security Hub is not enabled in this account and Region');
  });

  it('returns a denied call as data, naming the actions to grant', async () => {
    const { problem } = await failing('AccessDeniedException', 403);
    expect(problem).to.include({ failure: 'denied', operation: 'securityhub:GetFindings' });
    expect(problem?.message).to.contain('grant securityhub:BatchUpdateFindings and securityhub:GetFindings');
  });

  it('returns throttling as data', async () => {
    const { problem } = await failing('TooManyRequestsException', 429);
    expect(problem).to.include({ failure: 'throttled' });
  });

  it('returns a denied BatchUpdateFindings as data, after the findings were read', async () => {
    const { client: hub } = await client((r) =>
      r.operation === 'BatchUpdateFindings'
        ? awsError(403, 'AccessDeniedException')
        : json({ Findings: [asff(clusterArn(0), 'f-0')] }),
    );
    const report = await syncSecurityHubFindings(hub, [{ resourceArn: clusterArn(0), evaluation: blocked }]);
    expect(report).to.deep.include({ findings: 1, decided: 1, updated: 0 });
    expect(report.problem).to.include({ failure: 'denied', operation: 'securityhub:BatchUpdateFindings' });
  });

  it('starts no call once the time is up', async () => {
    const { stub, client: hub } = await client(() => json({ Findings: [] }));
    const report = await syncSecurityHubFindings(hub, [{ resourceArn: clusterArn(0), evaluation: blocked }], {
      msLeft: () => 0,
    });
    expect(stub.requests).to.have.length(0);
    expect(report.problem).to.include({ failure: 'deadline' });
  });
});
