import { expect } from 'chai';
import { useHttpStub } from '../support/fakeAws/httpStub.ts';
import { queryError, queryXml } from '../support/fakeAws/wire.ts';
import { runRunbook } from '../support/runbook/runRunbook.ts';

const DOCUMENT = 'automation-documents/EnableRedshiftEnhancedVpcRouting.yaml';

/** Redshift over HTTP: one cluster whose flag turns on two describes after ModifyCluster. */
const emulatedRedshift = () => {
  let evr = false;
  let describesSinceModify: number | undefined;
  return ({ operation, params }: { operation: string; params: URLSearchParams }) => {
    if (params.get('ClusterIdentifier') !== 'emu-1') return queryError('ClusterNotFound', 'Cluster not found.', 404);
    if (operation === 'ModifyCluster') {
      describesSinceModify = 0;
      return {
        body: queryXml(
          'ModifyCluster',
          '<Cluster><ClusterIdentifier>emu-1</ClusterIdentifier><ClusterStatus>available</ClusterStatus></Cluster>',
        ),
      };
    }
    if (describesSinceModify !== undefined && ++describesSinceModify > 2) evr = true;
    const status = describesSinceModify !== undefined && !evr ? 'modifying' : 'available';
    return {
      body: queryXml(
        'DescribeClusters',
        `<Clusters><Cluster><ClusterIdentifier>emu-1</ClusterIdentifier><ClusterStatus>${status}</ClusterStatus><EnhancedVpcRouting>${evr}</EnhancedVpcRouting><PreferredMaintenanceWindow>sat:07:30-sat:08:00</PreferredMaintenanceWindow></Cluster></Clusters>`,
      ),
    };
  };
};

describe('remediation runbook against an emulated Redshift (real SDK serialization)', () => {
  const startStub = useHttpStub();
  it('enables, waits and verifies through HTTP', async () => {
    const stub = await startStub(emulatedRedshift());
    const result = await runRunbook(
      DOCUMENT,
      { ClusterIdentifier: 'emu-1', ChangeWindow: 'now' },
      {
        endpoint: stub.url,
        invokeLambda: async () => ({
          ready: true,
          explanation: 'ok',
          schedule: { changeWindow: 'now', window: null, inWindow: true, start: '2026-12-04T10:00:00.000Z', end: null },
        }),
      },
    );
    expect(result.status, result.failureMessage).to.equal('Success');
    const modify = stub.requests.find((r) => r.operation === 'ModifyCluster');
    expect(modify?.params.get('EnhancedVpcRouting')).to.equal('true');
    expect(result.outputs['DescribeFinalState.EnhancedVpcRouting']).to.equal(true);
  });

  it('surfaces the AWS error of a missing cluster and stops', async () => {
    const stub = await startStub(emulatedRedshift());
    const result = await runRunbook(DOCUMENT, { ClusterIdentifier: 'ghost' }, { endpoint: stub.url });
    expect(result.steps[0]?.failureMessage).to.equal(
      'An error occurred (ClusterNotFoundFault) when calling the DescribeClusters operation: Cluster not found.',
    );
    expect(result.status).to.equal('Failed');
    expect(stub.requests.map((r) => r.operation)).to.deep.equal(['DescribeClusters']);
  });
});
