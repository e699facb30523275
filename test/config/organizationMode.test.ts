import {
  ConfigServiceClient,
  type Evaluation,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'chai';
import { RuleClientProvider } from '../../src/aws/ruleClients.ts';
import { runConfigRule } from '../../src/config/runConfigRule.ts';
import { scheduledEvent } from '../support/configEvents.ts';
import type { AccountData } from '../support/fakeAws/account.ts';
import { cluster, workgroup } from '../support/fakeAws/builders.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { testRuntime } from '../support/ruleRuntime.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const CENTRAL = '111122223333';
const MEMBERS = { '444455556666': 'ASIAMEMBERA', '777788889999': 'ASIAMEMBERB' } as const;
type Member = keyof typeof MEMBERS;

/** Each member account has its own clusters and workgroup: a-…/wg-a in one, b-…/wg-b in the other. */
const accountData = (member: Member): AccountData => {
  const data = syntheticAccount(2, 1);
  const prefix = member === '444455556666' ? 'a' : 'b';
  data.clusters = [0, 1].map((i) => cluster({ id: `${prefix}-${i}`, subnetGroup: 'g-0', vpcId: 'vpc-0' }));
  data.workgroups = [workgroup({ name: `wg-${prefix}`, subnetIds: ['subnet-0a'], account: member })];
  return data;
};

/** The member account whose assumed-role credentials a client was built with (or 'central'). */
const accountOfClient = async (client: unknown): Promise<Member | 'central'> => {
  const credentials = await (
    client as { config: { credentials: () => Promise<{ accessKeyId: string }> } }
  ).config.credentials();
  const member = Object.entries(MEMBERS).find(([, key]) => key === credentials.accessKeyId)?.[0];
  return (member as Member | undefined) ?? 'central';
};

describe('organization mode (one client per member account)', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const serverless = useClientMock(RedshiftServerlessClient);
  const config = useClientMock(ConfigServiceClient);
  const sts = useClientMock(STSClient);

  it("reads and writes each member account only with that account's role, for both rules", async () => {
    sts()
      .on(AssumeRoleCommand)
      .callsFake((input) => {
        const member = input.RoleArn.split(':')[4] as Member;
        return {
          Credentials: {
            AccessKeyId: MEMBERS[member],
            SecretAccessKey: 'secret',
            SessionToken: 'token',
            Expiration: new Date(Date.now() + 3_600_000),
          },
        };
      });
    // Facts answered by whichever account the sending client belongs to; the central account has none.
    const perClient = new Map<unknown, AccountData>();
    installFakeAccount(
      redshift(),
      ec2(),
      (client) => {
        const data = perClient.get(client);
        if (data === undefined) throw new Error('a client no member account was resolved for sent a describe call');
        return data;
      },
      { serverless: serverless() },
    );
    const sentBy: { account: string; ids: string[] }[] = [];
    config().on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
    config()
      .on(PutEvaluationsCommand)
      .callsFake(async (input, getClient) => {
        sentBy.push({
          account: await accountOfClient(getClient()),
          ids: (input.Evaluations ?? []).map((e: Evaluation) => e.ComplianceResourceId ?? ''),
        });
        return { FailedEvaluations: [] };
      });
    const provider = new RuleClientProvider({
      ownAccountId: CENTRAL,
      sts: () => new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'CENTRAL', secretAccessKey: 'x' } }),
    });
    const runtime = testRuntime({
      clientsFor: async (event) => {
        const clients = await provider.clientsFor(event);
        const member = (await accountOfClient(clients.redshift)) as Member;
        perClient.set(clients.redshift, accountData(member));
        perClient.set(clients.ec2, accountData(member));
        perClient.set(clients.redshiftServerless, accountData(member));
        return clients;
      },
    });

    for (const member of Object.keys(MEMBERS) as Member[]) {
      for (const resourceType of ['AWS::Redshift::Cluster', 'AWS::RedshiftServerless::Workgroup']) {
        await runConfigRule(
          scheduledEvent({
            accountId: member,
            configRuleArn: `arn:aws:config:us-east-1:${member}:config-rule/config-rule-x`,
            ruleParameters: { ExecutionRoleName: 'redshift-evr-execution', ResourceType: resourceType },
          }),
          runtime,
        );
      }
    }

    expect(
      sts()
        .commandCalls(AssumeRoleCommand)
        .map((c) => c.args[0].input.RoleArn),
    ).to.deep.equal([
      'arn:aws:iam::444455556666:role/redshift-evr-execution',
      'arn:aws:iam::777788889999:role/redshift-evr-execution',
    ]);
    // Each account's evaluations went to that account's AWS Config, with that account's credentials (the
    // role is assumed once per account and its credentials reused by the second rule).
    expect(sentBy).to.deep.equal([
      { account: '444455556666', ids: ['a-0', 'a-1'] },
      { account: '444455556666', ids: ['wg-a'] },
      { account: '777788889999', ids: ['b-0', 'b-1'] },
      { account: '777788889999', ids: ['wg-b'] },
    ]);
  });
});
