/**
 * An organization over HTTP for `scan --accounts/--organization`: the central account answers STS's AssumeRole
 * (query XML) and Organizations' ListAccounts (JSON 1.1, two pages, one suspended account); each member
 * account's Redshift and EC2 calls are answered by the one fake, chosen by the assumed credentials' access key.
 * One member's role is missing, one's AssumeRole is throttled once, one is denied ec2:DescribeVpcAttribute.
 */
import { emulatedAccount } from './emulatedAccount.ts';
import type { StubHandler, StubRequest } from './httpStub.ts';
import { queryError, queryXml } from './wire.ts';

export const OK = '111111111111';
export const NO_ROLE = '222222222222';
export const DENIED_READ = '333333333333';
export const THROTTLED = '444444444444';
export const SUSPENDED = '555555555555';
/** The access key of the role's credentials in each account: how the stub knows whose request it is. */
const KEYS: Record<string, string> = { [OK]: 'ASIAOK', [DENIED_READ]: 'ASIADENIED', [THROTTLED]: 'ASIATHROTTLED' };

const keyOf = (request: StubRequest): string =>
  /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1] ?? '';

const assumeRoleXml = (key: string): string =>
  queryXml(
    'AssumeRole',
    `<Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey>` +
      `<SessionToken>token-${key}</SessionToken><Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials>` +
      '<AssumedRoleUser><Arn>arn:aws:sts::000000000000:assumed-role/redshift-evr-read/redshift-evr-scan</Arn>' +
      '<AssumedRoleId>AROAEXAMPLE:redshift-evr-scan</AssumedRoleId></AssumedRoleUser>',
    'https://sts.amazonaws.com/doc/2011-06-15/',
  );

const account = (id: string, state: string) => ({
  Id: id,
  Arn: `arn:aws:organizations::000000000000:account/o-example/${id}`,
  Name: `account ${id}`,
  Email: `${id}@example.com`,
  State: state,
  Status: state === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
  JoinedTimestamp: 1_700_000_000,
});

/** Organizations' ListAccounts in its JSON 1.1 wire format, two pages (one suspended account). */
const listAccounts = (request: StubRequest) => {
  const token = JSON.parse(request.body || '{}').NextToken;
  const body =
    token === undefined
      ? {
          Accounts: [account(OK, 'ACTIVE'), account(NO_ROLE, 'ACTIVE'), account(SUSPENDED, 'SUSPENDED')],
          NextToken: 'page-2',
        }
      : { Accounts: [account(DENIED_READ, 'ACTIVE'), account(THROTTLED, 'ACTIVE')] };
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/x-amz-json-1.1' } };
};

/** What goes wrong besides the members above: ListAccounts's answer, and a member whose reads never answer. */
export interface OrganizationFaults {
  /** `denied`: not the management or a delegated administrator account; `none-active`: every account suspended. */
  readonly listAccounts?: 'denied' | 'none-active';
  /** This member's cluster listing never answers (a hung endpoint, for --timeout). */
  readonly hangs?: string;
}

/** The organization's stub handler (a fresh throttle for each). */
export const organization = (faults: OrganizationFaults = {}): StubHandler => {
  const members: Record<string, StubHandler> = {
    ASIAOK: emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' }),
    ASIADENIED: emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint', denyVpcAttribute: true }),
    ASIATHROTTLED: emulatedAccount({ enhancedVpcRouting: false, routeToS3: 'endpoint' }),
  };
  let throttled = 0;
  return (request) => {
    if (request.operation === 'ListAccounts') {
      if (faults.listAccounts === 'denied') {
        return {
          status: 400,
          body: JSON.stringify({
            __type: 'AccessDeniedException',
            Message: "You don't have permissions to access this resource.",
          }),
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        };
      }
      if (faults.listAccounts === 'none-active') {
        return {
          body: JSON.stringify({ Accounts: [account(SUSPENDED, 'SUSPENDED')] }),
          headers: { 'content-type': 'application/x-amz-json-1.1' },
        };
      }
      return listAccounts(request);
    }
    if (request.operation === 'AssumeRole') {
      const id = String(request.params.get('RoleArn')).split(':')[4] ?? '';
      if (id === NO_ROLE) {
        return queryError(
          'AccessDenied',
          `User: arn:aws:iam::000000000000:user/me is not authorized to perform: sts:AssumeRole`,
          403,
        );
      }
      if (id === THROTTLED && throttled++ === 0) return queryError('Throttling', 'Rate exceeded', 400);
      return { body: assumeRoleXml(KEYS[id] ?? 'ASIAUNKNOWN') };
    }
    if (
      faults.hangs !== undefined &&
      keyOf(request) === KEYS[faults.hangs] &&
      request.operation === 'DescribeClusters'
    ) {
      return new Promise<never>(() => {});
    }
    const member = members[keyOf(request)];
    if (member === undefined) return queryError('InvalidClientTokenId', `not a member's key: ${keyOf(request)}`, 403);
    return member(request);
  };
};
