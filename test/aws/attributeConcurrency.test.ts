/**
 * DescribeVpcAttribute is read once per VPC and attribute, so a Region with many VPCs would fire hundreds at once
 * and meet EC2's request-rate limit (throttling, then retries that eat the rule's time): at most 5 are in flight.
 */
import { DescribeVpcAttributeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { expect } from 'chai';
import { liveFactSource } from '../../src/aws/liveFactSource.ts';
import { scanRegion } from '../../src/aws/scan.ts';
import { DEFAULT_RULE_OPTIONS } from '../../src/core/ruleOptions.ts';
import { REGION } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { fakeClients } from '../support/recordAccount.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

describe('DescribeVpcAttribute concurrency', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);

  it('keeps at most 5 calls in flight, and uses all 5, over 40 VPCs', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(40, 40));
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    ec2()
      .on(DescribeVpcAttributeCommand)
      .callsFake(async (input: { Attribute: string }) => {
        inFlight += 1;
        calls += 1;
        most = Math.max(most, inFlight);
        // Answer on a later turn of the event loop, so that calls started together overlap.
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return input.Attribute === 'enableDnsSupport'
          ? { EnableDnsSupport: { Value: true } }
          : { EnableDnsHostnames: { Value: true } };
      });
    const result = await scanRegion(liveFactSource(fakeClients(), REGION), DEFAULT_RULE_OPTIONS, {
      kinds: ['cluster'],
    });
    expect(result.evaluations.filter((e) => e.prerequisitesMet === true)).to.have.length(40);
    expect(calls).to.equal(80);
    expect(most).to.equal(5);
  });
});
