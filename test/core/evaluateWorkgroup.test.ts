import { expect } from 'chai';
import { evaluateCluster, isReadyToRemediate } from '../../src/core/evaluateCluster.ts';
import type { WorkgroupFacts } from '../../src/core/types.ts';
import {
  aNetwork,
  EVALUATED_AT,
  failedCall,
  igwRoute,
  known,
  networkWithRoutes,
  options,
  aWorkgroup as workgroupFixture,
} from '../support/coreFixtures.ts';

const ARN = 'arn:aws:redshift-serverless:eu-west-1:444455556666:workgroup/6f1e2d3c-0000-4000-8000-000000000000';

/** A workgroup of the fixtures, in another account and Region (its ARN is where they come from). */
const aWorkgroup = (overrides: Partial<WorkgroupFacts> = {}): WorkgroupFacts =>
  workgroupFixture({ workgroupArn: ARN, ...overrides });

describe('evaluateCluster for a Redshift Serverless workgroup', () => {
  it('is NON_COMPLIANT and ready to remediate when its subnets reach S3 and VPC DNS is on', () => {
    const e = evaluateCluster(aWorkgroup(), aNetwork(), options(), EVALUATED_AT);
    expect(e).to.deep.include({
      kind: 'workgroup',
      clusterIdentifier: 'analytics',
      complianceType: 'NON_COMPLIANT',
      prerequisitesMet: true,
      // The ARN and account are the workgroup's own.
      clusterArn: ARN,
      accountId: '444455556666',
    });
    expect(e.annotation).to.match(/^Enhanced VPC routing is off\. Ready to remediate/);
    expect(isReadyToRemediate(e)).to.equal(true);
  });

  it('names the fix with the S3 service of the workgroup ARN Region', () => {
    const e = evaluateCluster(aWorkgroup(), networkWithRoutes([]), options(), EVALUATED_AT);
    expect(e.problems[0]?.fix).to.contain('--service-name com.amazonaws.eu-west-1.s3');
  });

  it('says an internet gateway does not serve a private workgroup', () => {
    const e = evaluateCluster(aWorkgroup(), networkWithRoutes([igwRoute()]), options(), EVALUATED_AT);
    expect(e.missing).to.deep.equal(['S3_ROUTE_MISSING']);
    expect(e.annotation).to.contain('does not serve a private workgroup');
    expect(e.problems[0]?.detail).to.contain('its internet gateway igw-1 does not serve a private workgroup');
  });

  it('is in a VPC even without a subnet group', () => {
    expect(evaluateCluster(aWorkgroup(), aNetwork(), options(), EVALUATED_AT).complianceType).to.not.equal(
      'NOT_APPLICABLE',
    );
  });

  it('is not ready while DELETING, and says so as a workgroup', () => {
    const e = evaluateCluster(aWorkgroup({ clusterStatus: 'DELETING' }), aNetwork(), options(), EVALUATED_AT);
    expect(e.annotation).to.contain('Workgroup is DELETING: it is being deleted; nothing to remediate.');
    expect(isReadyToRemediate(e)).to.equal(false);
  });

  it('is ready once a MODIFYING workgroup is AVAILABLE again (a wait, not a person)', () => {
    const e = evaluateCluster(aWorkgroup({ clusterStatus: 'MODIFYING' }), aNetwork(), options(), EVALUATED_AT);
    expect(isReadyToRemediate(e)).to.equal(true);
  });

  it("is unverified, naming the failed call, when its subnets' VPC could not be read", () => {
    const reason = failedCall('ec2:DescribeSubnets', 'UnauthorizedOperation', 'denied');
    const e = evaluateCluster(
      aWorkgroup({ vpcId: undefined, vpcUnknownReason: reason }),
      undefined,
      options(),
      EVALUATED_AT,
    );
    expect(e.complianceType).to.equal('NON_COMPLIANT');
    expect(e.prerequisitesMet).to.equal(null);
    expect(e.missing).to.deep.equal(['NETWORK_UNVERIFIED']);
    expect(e.annotation).to.contain('ec2:DescribeSubnets was denied');
  });

  it('has no ARN or account when the workgroup ARN is not a Redshift Serverless ARN', () => {
    const e = evaluateCluster(
      aWorkgroup({ workgroupArn: 'arn:aws:redshift:eu-west-1:444455556666:namespace:x' }),
      aNetwork(),
      options(),
      EVALUATED_AT,
    );
    expect(e.clusterArn).to.equal(null);
    expect(e.accountId).to.equal(null);
  });

  it("points a setup problem at the workgroup's own subnets, not at a subnet group", () => {
    const empty = evaluateCluster(aWorkgroup({ subnetIds: known([]) }), aNetwork(), options(), EVALUATED_AT);
    expect(empty.problems[0]?.detail).to.equal('workgroup analytics lists no subnets');
    expect(empty.problems[0]?.fix).to.equal(
      "check the workgroup's subnets (subnetIds) and their route tables, then re-evaluate",
    );
    const noTable = evaluateCluster(aWorkgroup(), aNetwork({ routeTables: known([]) }), options(), EVALUATED_AT);
    expect(noTable.annotation).to.contain("check the workgroup's subnets (subnetIds) and their route tables");
  });
});
