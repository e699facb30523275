import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'chai';
import type { ClientOptions } from '../../src/aws/clients.ts';
import {
  accountOf,
  executionRoleArn,
  parseTrustedAccounts,
  partitionOf,
  RuleClientProvider,
  type RuleClients,
} from '../../src/aws/ruleClients.ts';
import { parseConfigEvent } from '../../src/config/configEvent.ts';
import { AssumeRoleError, EventError } from '../../src/errors.ts';
import { scheduledEvent } from '../support/configEvents.ts';
import { useClientMock } from '../support/mocks.ts';

const MEMBER = '444455556666';
const CENTRAL = '111122223333';

const orgEvent = (arn = `arn:aws:config:us-east-1:${MEMBER}:config-rule/config-rule-x`, accountId = MEMBER) =>
  parseConfigEvent(
    scheduledEvent({ accountId, configRuleArn: arn, ruleParameters: { ExecutionRoleName: 'RedshiftEvrRule' } }),
  );

describe('RuleClientProvider', () => {
  const sts = useClientMock(STSClient);
  let created: ClientOptions[];
  let now: Date;
  const provider = (extra: Partial<ConstructorParameters<typeof RuleClientProvider>[0]> = {}) =>
    new RuleClientProvider({
      ownAccountId: CENTRAL,
      createClients: (options) => {
        created.push(options);
        return { tag: created.length } as unknown as RuleClients;
      },
      sts: () => new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
      now: () => now,
      ...extra,
    });
  const credentials = (expiresInMinutes: number) => ({
    Credentials: {
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(now.getTime() + expiresInMinutes * 60_000),
    },
  });

  beforeEach(() => {
    created = [];
    now = new Date('2026-11-28T12:00:00Z');
  });

  const partitions: [string, string, string][] = [
    [
      'aws',
      `arn:aws:config:us-east-1:${MEMBER}:config-rule/config-rule-x`,
      `arn:aws:iam::${MEMBER}:role/RedshiftEvrRule`,
    ],
    [
      'aws-cn',
      `arn:aws-cn:config:cn-north-1:${MEMBER}:config-rule/config-rule-x`,
      `arn:aws-cn:iam::${MEMBER}:role/RedshiftEvrRule`,
    ],
    [
      'aws-us-gov',
      `arn:aws-us-gov:config:us-gov-west-1:${MEMBER}:config-rule/config-rule-x`,
      `arn:aws-us-gov:iam::${MEMBER}:role/RedshiftEvrRule`,
    ],
  ];
  for (const [partition, ruleArn, roleArn] of partitions) {
    it(`assumes ${roleArn} for a rule in the ${partition} partition`, async () => {
      sts().on(AssumeRoleCommand).resolves(credentials(60));
      await provider().clientsFor(orgEvent(ruleArn));
      expect(sts().commandCalls(AssumeRoleCommand)[0]?.args[0].input).to.include({
        RoleArn: roleArn,
        RoleSessionName: 'redshift-evr-config-rule',
      });
      expect(created[0]?.credentials).to.include({ accessKeyId: 'ASIAEXAMPLE', sessionToken: 'token' });
    });
  }

  it('builds role ARNs and reads partitions and accounts from ARNs', () => {
    expect(partitionOf(undefined)).to.equal('aws');
    expect(partitionOf('arn:aws-iso:config:us-iso-east-1:1:x')).to.equal('aws-iso');
    expect(executionRoleArn('aws-cn', MEMBER, 'path/Role')).to.equal(`arn:aws-cn:iam::${MEMBER}:role/path/Role`);
    expect(accountOf(`arn:aws:lambda:us-east-1:${CENTRAL}:function:evr`)).to.equal(CENTRAL);
  });

  it('caches assumed credentials per account and re-assumes them near expiry', async () => {
    sts().on(AssumeRoleCommand).resolves(credentials(60));
    const p = provider();
    const first = await p.clientsFor(orgEvent());
    expect(await p.clientsFor(orgEvent())).to.equal(first);
    await p.clientsFor(orgEvent(undefined, '777788889999'));
    expect(sts().commandCalls(AssumeRoleCommand)).to.have.length(2);
    now = new Date(now.getTime() + 56 * 60_000);
    expect(await p.clientsFor(orgEvent())).to.not.equal(first);
    expect(sts().commandCalls(AssumeRoleCommand)).to.have.length(3);
  });

  it('says which role, which account and what trust is expected when AssumeRole fails', async () => {
    sts()
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const error = await provider()
      .clientsFor(orgEvent())
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error).to.be.instanceOf(AssumeRoleError);
    expect(error?.message).to.equal(
      `Could not assume arn:aws:iam::${MEMBER}:role/RedshiftEvrRule in account ${MEMBER} (AccessDenied: User is not authorized to perform: sts:AssumeRole). ` +
        `The role must exist in account ${MEMBER} and its trust policy must allow sts:AssumeRole by this function's execution role in account ${CENTRAL}.`,
    );
  });

  it('uses its own credentials without ExecutionRoleName', async () => {
    const clients = await provider().clientsFor(parseConfigEvent(scheduledEvent({ accountId: CENTRAL })));
    expect(clients).to.deep.equal({ tag: 1 });
    expect(created).to.deep.equal([{}]);
    expect(sts().calls()).to.have.length(0);
  });

  it('refuses an event for another account without ExecutionRoleName', async () => {
    const error = await provider()
      .clientsFor(parseConfigEvent(scheduledEvent({ accountId: MEMBER })))
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error).to.be.instanceOf(EventError);
    expect(error?.message).to.match(
      /^Account 444455556666 is not the account this function runs in \(111122223333\) and "ExecutionRoleName" is unset/,
    );
  });

  it('rejects accounts outside TRUSTED_ACCOUNT_IDS before assuming anything', async () => {
    const p = provider({ trustedAccounts: parseTrustedAccounts(`${CENTRAL}, 777788889999`) });
    const error = await p.clientsFor(orgEvent()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal(
      `Rejected a request for account ${MEMBER}: it is not in TRUSTED_ACCOUNT_IDS. Add it there if this account should be evaluated.`,
    );
    expect(sts().calls()).to.have.length(0);
  });

  it('rejects a malformed TRUSTED_ACCOUNT_IDS', () => {
    expect(parseTrustedAccounts(undefined)).to.equal(undefined);
    expect(() => parseTrustedAccounts('111122223333,12345')).to.throw(EventError, /got "12345"/);
  });
});
