import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { expect } from 'chai';
import { FactCache } from '../../src/aws/gatherFacts.ts';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { REGION } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients } from '../support/recordAccount.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

describe('FactCache (the network filters)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const cache = () => new FactCache(liveFactSource(fakeClients(), REGION));

  it('takes a Region without VPC Block Public Access as "off", not as a failure', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1), {
      fail: (operation) =>
        operation === 'DescribeVpcBlockPublicAccessOptions' ? serviceError('InvalidAction') : undefined,
    });
    expect(await cache().blockPublicAccess()).to.deep.equal({ known: true, value: { mode: 'off', exclusions: [] } });
  });

  it('keeps a denied Block Public Access read unknown', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1), {
      fail: (operation) =>
        operation === 'DescribeVpcBlockPublicAccessExclusions' ? serviceError('UnauthorizedOperation') : undefined,
    });
    const fact = await cache().blockPublicAccess();
    expect(fact.known).to.equal(false);
  });

  it('reads security groups by VPC, in the same batches as the route tables', async () => {
    const data = syntheticAccount(3, 3);
    installFakeAccount(redshift(), ec2(), data, {});
    const vpcIds = [...new Set(data.routeTables.map((t) => t.VpcId as string))];
    const networks = await cache().networksOf(vpcIds);
    const asked = ec2()
      .commandCalls(DescribeSecurityGroupsCommand)
      .map((c) => c.args[0].input.Filters);
    expect(asked).to.deep.equal([[{ Name: 'vpc-id', Values: vpcIds }]]);
    for (const vpcId of vpcIds) {
      const groups = networks.get(vpcId)?.securityGroups;
      expect(groups?.known && groups.value.every((g) => g.vpcId === vpcId), vpcId).to.equal(true);
    }
  });
});
