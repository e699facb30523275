/**
 * What a snapshot's contents must look like, as data: one table per resource (field -> expected kind), checked by
 * one walker. Only the fields the engine reads are listed (translate.ts, gatherFacts.ts, snapshotReplay.ts); the
 * recorder keeps the SDK's answers verbatim, so any other field is allowed and left unread.
 *
 * A listed field may be absent unless `required`; when present it must be of its kind: a string (free of control
 * characters, and of an identifier's shape where it is one), true or false, an integer in range, an array of the
 * item's kind (no null items), or an object. One pass, no copies: a snapshot of 50,000 clusters checks in
 * milliseconds.
 */
import { isIPv4, isIPv6 } from 'node:net';
import {
  isAccountId,
  isArn,
  isClusterIdentifier,
  isClusterSubnetGroupName,
  isRecord,
  isResourceId,
  isWorkgroupName,
} from '../core/identifiers.ts';
import type { CallFailure } from '../core/types.ts';

/** A test a string must pass, and what passes it, in words: "a VPC id such as vpc-0123456789abcdef0". */
export interface StringRule {
  readonly what: string;
  readonly test: (value: string) => boolean;
}

/** Which control characters a string may hold: none, or (text read as a document, never printed) JSON's whitespace. */
type Controls = 'none' | 'lines' | 'json-whitespace';

export type Shape =
  | { readonly kind: 'string'; readonly rule?: StringRule; readonly controls: Controls }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly item: Shape; readonly what: string }
  | {
      readonly kind: 'object';
      readonly fields: readonly FieldShape[];
      readonly what: string;
      /** Only the listed fields may be present. */
      readonly closed: boolean;
    }
  /** An object keyed by ids (VPC ids, ARNs …), every value of one shape. */
  | { readonly kind: 'map'; readonly key: StringRule; readonly value: Shape; readonly what: string };

interface FieldShape {
  readonly name: string;
  readonly shape: Shape;
  readonly required: boolean;
}

interface RequiredField {
  readonly required: Shape;
}

// biome-ignore-start lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
/**
 * C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional-text controls: a carriage
 * return, an ANSI escape or a right-to-left override in a cluster id must never rewrite what a terminal shows.
 */
const CONTROLS: Readonly<Record<Controls, RegExp>> = {
  none: /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
  /** Tab and line feed allowed: an AWS error message may span lines. */
  lines: /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
  /** Tab, line feed and carriage return allowed: a policy document is JSON, parsed and never printed as is. */
  'json-whitespace':
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
};
/** What JSON.stringify leaves as is and a terminal would still act on. */
const UNSAFE_AFTER_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore-end lint/suspicious/noControlCharactersInRegex: matching control characters is the point.

/** Text from the file made safe to print: control characters as `\uXXXX`, at most `max` characters. */
const safeText = (text: string, max = 80): string =>
  JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)
    .slice(1, -1)
    .replace(UNSAFE_AFTER_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A value from the file as an error message shows it: `"text"`, `5`, `null`, `an array`. */
export const describeValue = (value: unknown): string => {
  if (typeof value === 'string') return `"${safeText(value)}"`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
};

// ---- Building shapes ----

const string = (rule?: StringRule, controls: Controls = 'none'): Shape => ({
  kind: 'string',
  controls,
  ...(rule === undefined ? {} : { rule }),
});
/** Free text the CLI may print: any string without control characters. */
const text = (): Shape => string();
const BOOLEAN: Shape = { kind: 'boolean' };
const integer = (min: number, max: number): Shape => ({ kind: 'integer', min, max });
const oneOf = (values: readonly string[]): Shape => ({ kind: 'enum', values });
const arrayOf = (item: Shape): Shape => ({
  kind: 'array',
  item,
  what: item.kind === 'string' ? 'an array of strings' : item.kind === 'object' ? 'an array of objects' : 'an array',
});
const required = (shape: Shape): RequiredField => ({ required: shape });
const object = (
  fields: Readonly<Record<string, Shape | RequiredField>>,
  options: { readonly what?: string; readonly closed?: boolean } = {},
): Shape => ({
  kind: 'object',
  what: options.what ?? 'an object',
  closed: options.closed ?? false,
  fields: Object.entries(fields).map(([name, field]) =>
    'required' in field ? { name, shape: field.required, required: true } : { name, shape: field, required: false },
  ),
});
const mapOf = (key: StringRule, value: Shape, what: string): Shape => ({ kind: 'map', key, value, what });

// ---- Identifier shapes ----

const rule = (what: string, test: (value: string) => boolean): StringRule => ({ what, test });
const resourceId = (prefix: string, what: string): StringRule =>
  rule(`${what} such as ${prefix}-0123456789abcdef0`, (v) => isResourceId(v, prefix));
const orEmpty = (r: StringRule): StringRule => rule(`${r.what}, or ""`, (v) => v === '' || r.test(v));

const cidr = (value: string, isAddress: (address: string) => boolean, maxBits: number): boolean => {
  const slash = value.indexOf('/');
  const bits = value.slice(slash + 1);
  return slash > 0 && /^\d{1,3}$/.test(bits) && Number(bits) <= maxBits && isAddress(value.slice(0, slash));
};

const VPC_ID = resourceId('vpc', 'a VPC id');
const SUBNET_ID = resourceId('subnet', 'a subnet id');
const SECURITY_GROUP_ID = resourceId('sg', 'a security group id');
const PREFIX_LIST_ID = resourceId('pl', 'a prefix list id');
const CLUSTER_IDENTIFIER = rule(
  'a Redshift cluster identifier (1-63 lowercase letters, digits and hyphens, starting with a letter)',
  isClusterIdentifier,
);
const WORKGROUP_NAME = rule(
  'a Redshift Serverless workgroup name (3-64 lowercase letters, digits and hyphens)',
  isWorkgroupName,
);
const SUBNET_GROUP_NAME = rule(
  'a cluster subnet group name (1-255 letters, digits and hyphens)',
  isClusterSubnetGroupName,
);
const ARN = rule('an ARN (arn:partition:service:region:account:resource)', isArn);
const ACCOUNT_ID = rule('an AWS account id (12 digits)', isAccountId);
const IPV4_CIDR = rule('an IPv4 CIDR such as 10.0.0.0/16', (v) => cidr(v, isIPv4, 32));
const IPV6_CIDR = rule('an IPv6 CIDR such as 2001:db8::/56', (v) => cidr(v, isIPv6, 128));
const CIDR = rule('an IPv4 or IPv6 CIDR such as 10.0.0.0/16', (v) => cidr(v, isIPv4, 32) || cidr(v, isIPv6, 128));
/** `-1` (all), a name (`tcp`, `icmpv6`) or a protocol number (`6`). */
const PROTOCOL = rule('an IP protocol: -1, a name such as tcp, or a number such as 6', (v) =>
  /^(-1|[A-Za-z0-9-]{1,32})$/.test(v),
);
/** `local`, or the id of what the route sends to (`igw-…`, `vgw-…`, `vpce-…`). */
const GATEWAY_ID = rule('local or a gateway id such as igw-0123456789abcdef0', (v) => v === 'local' || isResourceId(v));
const TIMESTAMP = rule(
  'a time such as 2026-11-28T09:00:00.000Z',
  (v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)),
);

const CALL_FAILURES: readonly CallFailure[] = ['denied', 'credentials', 'throttled', 'failed'];
const PORT = integer(-1, 65535);

// ---- The tables: what the engine reads of each resource ----

const CLUSTER = object({
  ClusterIdentifier: required(string(CLUSTER_IDENTIFIER)),
  ClusterStatus: text(),
  EnhancedVpcRouting: BOOLEAN,
  PubliclyAccessible: BOOLEAN,
  // A cluster outside a VPC (EC2-Classic) has neither: the translation reads "" as absent.
  ClusterSubnetGroupName: string(orEmpty(SUBNET_GROUP_NAME)),
  VpcId: string(orEmpty(VPC_ID)),
  Tags: arrayOf(object({ Key: text(), Value: text() })),
  VpcSecurityGroups: arrayOf(object({ VpcSecurityGroupId: string(SECURITY_GROUP_ID), Status: text() })),
  ClusterNamespaceArn: string(ARN),
});

const CLUSTER_SUBNET_GROUP = object({
  ClusterSubnetGroupName: required(string(SUBNET_GROUP_NAME)),
  VpcId: string(VPC_ID),
  Subnets: arrayOf(object({ SubnetIdentifier: string(SUBNET_ID) })),
});

const WORKGROUP = object({
  workgroupName: required(string(WORKGROUP_NAME)),
  workgroupArn: string(ARN),
  status: text(),
  enhancedVpcRouting: BOOLEAN,
  publiclyAccessible: BOOLEAN,
  subnetIds: arrayOf(string(SUBNET_ID)),
  securityGroupIds: arrayOf(string(SECURITY_GROUP_ID)),
});

const WORKGROUP_TAG = object({ key: required(text()), value: text() });

const SUBNET = object({ SubnetId: required(string(SUBNET_ID)), VpcId: string(VPC_ID) });

const ROUTE = object({
  DestinationCidrBlock: string(IPV4_CIDR),
  DestinationIpv6CidrBlock: string(IPV6_CIDR),
  DestinationPrefixListId: string(PREFIX_LIST_ID),
  GatewayId: string(GATEWAY_ID),
  NatGatewayId: string(resourceId('nat', 'a NAT gateway id')),
  TransitGatewayId: string(resourceId('tgw', 'a transit gateway id')),
  InstanceId: string(resourceId('i', 'an instance id')),
  NetworkInterfaceId: string(resourceId('eni', 'a network interface id')),
  VpcPeeringConnectionId: string(resourceId('pcx', 'a VPC peering connection id')),
  EgressOnlyInternetGatewayId: string(resourceId('eigw', 'an egress-only internet gateway id')),
  LocalGatewayId: string(resourceId('lgw', 'a local gateway id')),
  CarrierGatewayId: string(resourceId('cagw', 'a carrier gateway id')),
  CoreNetworkArn: string(ARN),
  State: text(),
});

const ROUTE_TABLE = object({
  RouteTableId: required(string(resourceId('rtb', 'a route table id'))),
  VpcId: string(VPC_ID),
  Associations: arrayOf(
    object({ Main: BOOLEAN, SubnetId: string(SUBNET_ID), AssociationState: object({ State: text() }) }),
  ),
  Routes: arrayOf(ROUTE),
});

const VPC_ENDPOINT = object({
  VpcEndpointId: required(string(resourceId('vpce', 'a VPC endpoint id'))),
  VpcEndpointType: text(),
  VpcId: string(VPC_ID),
  ServiceName: text(),
  State: text(),
  RouteTableIds: arrayOf(string(resourceId('rtb', 'a route table id'))),
  PolicyDocument: string(undefined, 'json-whitespace'),
  OwnerId: string(ACCOUNT_ID),
});

const PREFIX_LIST = object({
  PrefixListId: required(string(PREFIX_LIST_ID)),
  PrefixListName: text(),
  Cidrs: arrayOf(string(CIDR)),
});

const VPC_ATTRIBUTES = mapOf(
  VPC_ID,
  object({ enableDnsSupport: BOOLEAN, enableDnsHostnames: BOOLEAN }, { closed: true }),
  'an object keyed by VPC id',
);

const SECURITY_GROUP = object({
  GroupId: required(string(SECURITY_GROUP_ID)),
  VpcId: string(VPC_ID),
  IpPermissionsEgress: arrayOf(
    object({
      IpProtocol: string(PROTOCOL),
      FromPort: PORT,
      ToPort: PORT,
      IpRanges: arrayOf(object({ CidrIp: string(IPV4_CIDR) })),
      PrefixListIds: arrayOf(object({ PrefixListId: string(PREFIX_LIST_ID) })),
      UserIdGroupPairs: arrayOf(object({ GroupId: string(SECURITY_GROUP_ID) })),
    }),
  ),
});

const NETWORK_ACL = object({
  NetworkAclId: required(string(resourceId('acl', 'a network ACL id'))),
  VpcId: string(VPC_ID),
  IsDefault: BOOLEAN,
  Associations: arrayOf(object({ SubnetId: string(SUBNET_ID) })),
  Entries: arrayOf(
    object({
      RuleNumber: integer(1, 32767),
      Egress: BOOLEAN,
      Protocol: string(PROTOCOL),
      RuleAction: oneOf(['allow', 'deny']),
      CidrBlock: string(IPV4_CIDR),
      PortRange: object({ From: PORT, To: PORT }),
    }),
  ),
});

const PREFIX_LIST_ENTRIES = mapOf(
  PREFIX_LIST_ID,
  arrayOf(object({ Cidr: required(string(CIDR)) })),
  'an object keyed by prefix list id',
);

const BLOCK_PUBLIC_ACCESS = object(
  {
    options: required(object({ InternetGatewayBlockMode: text(), ExclusionsAllowed: text() })),
    exclusions: required(
      arrayOf(object({ InternetGatewayExclusionMode: text(), ResourceArn: string(ARN), State: text() })),
    ),
  },
  { what: 'an object with "options" and "exclusions"' },
);

const FAILURE = object({
  operation: required(text()),
  scope: required(arrayOf(text())),
  message: required(string(undefined, 'lines')),
  failure: oneOf(CALL_FAILURES),
  errorName: text(),
});

const REDSHIFT = object({
  clusters: required(arrayOf(CLUSTER)),
  clusterSubnetGroups: required(arrayOf(CLUSTER_SUBNET_GROUP)),
});

const REDSHIFT_SERVERLESS = object({
  workgroups: required(arrayOf(WORKGROUP)),
  workgroupTags: required(mapOf(ARN, arrayOf(WORKGROUP_TAG), 'an object keyed by workgroup ARN')),
});

/** What every version's `ec2` holds. */
const EC2_V1 = {
  routeTables: required(arrayOf(ROUTE_TABLE)),
  vpcEndpoints: required(arrayOf(VPC_ENDPOINT)),
  prefixLists: required(arrayOf(PREFIX_LIST)),
  vpcAttributes: required(VPC_ATTRIBUTES),
};
const EC2_V2 = { subnets: required(arrayOf(SUBNET)), ...EC2_V1 };
const EC2_V3 = {
  ...EC2_V2,
  securityGroups: required(arrayOf(SECURITY_GROUP)),
  networkAcls: required(arrayOf(NETWORK_ACL)),
  prefixListEntries: required(PREFIX_LIST_ENTRIES),
  blockPublicAccess: BLOCK_PUBLIC_ACCESS,
};

/**
 * A whole snapshot of each version, past its header (`format`, `version`, `region`): version 1 predates
 * workgroups and subnets, 2 the VPC's filters. What a version did not record is not read from it.
 */
export const SNAPSHOT_SHAPES: Readonly<Record<1 | 2 | 3, Shape>> = {
  1: object({
    capturedAt: required(string(TIMESTAMP)),
    redshift: required(REDSHIFT),
    ec2: required(object(EC2_V1)),
    failures: required(arrayOf(FAILURE)),
  }),
  2: object({
    capturedAt: required(string(TIMESTAMP)),
    redshift: required(REDSHIFT),
    redshiftServerless: required(REDSHIFT_SERVERLESS),
    ec2: required(object(EC2_V2)),
    failures: required(arrayOf(FAILURE)),
  }),
  3: object({
    capturedAt: required(string(TIMESTAMP)),
    redshift: required(REDSHIFT),
    redshiftServerless: required(REDSHIFT_SERVERLESS),
    ec2: required(object(EC2_V3)),
    failures: required(arrayOf(FAILURE)),
  }),
};

// ---- The walker ----

/** Thrown inside the walk to stop at the first mismatch; never escapes `shapeProblem`. */
class Mismatch {
  constructor(readonly message: string) {}
}

const expectation = (shape: Shape): string => {
  switch (shape.kind) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer from ${shape.min} to ${shape.max}`;
    case 'enum':
      return `one of ${shape.values.join('|')}`;
    default:
      return shape.what;
  }
};

/** `redshift.clusters[2].Tags`: where a value is, as a JSON path. */
const formatPath = (path: readonly (string | number)[]): string => {
  let out = '';
  for (const step of path)
    out += typeof step === 'number' ? `[${step}]` : `${out === '' ? '' : '.'}${safeText(step, 256)}`;
  return out;
};

const found = (value: unknown): string => (value === undefined ? ' (it is missing)' : `, got ${describeValue(value)}`);

/**
 * The first place `value` is not of `shape`, as `"path" must be …, got …` (no control character of the file's
 * gets into it); undefined when it is of it.
 */
export const shapeProblem = (value: unknown, shape: Shape): string | undefined => {
  // One path, pushed and popped as the walk goes: formatted only when something is wrong.
  const path: (string | number)[] = [];
  const mismatch: (expected: string, value: unknown) => never = (expected, value) => {
    throw new Mismatch(`"${formatPath(path)}" must be ${expected}${found(value)}`);
  };
  const walk = (value: unknown, shape: Shape): void => {
    switch (shape.kind) {
      case 'string':
        if (typeof value !== 'string') mismatch('a string', value);
        if (CONTROLS[shape.controls].test(value)) {
          throw new Mismatch(`"${formatPath(path)}" must not hold control characters, got ${describeValue(value)}`);
        }
        if (shape.rule !== undefined && !shape.rule.test(value)) mismatch(shape.rule.what, value);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') mismatch('true or false', value);
        return;
      case 'integer':
        if (!Number.isInteger(value) || (value as number) < shape.min || (value as number) > shape.max) {
          mismatch(expectation(shape), value);
        }
        return;
      case 'enum':
        if (typeof value !== 'string' || !shape.values.includes(value)) mismatch(expectation(shape), value);
        return;
      case 'array': {
        if (!Array.isArray(value)) mismatch(shape.what, value);
        const { item } = shape;
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          walk(value[i], item);
          path.pop();
        }
        return;
      }
      case 'object': {
        if (!isRecord(value)) mismatch(shape.what, value);
        if (shape.closed) {
          for (const key of Object.keys(value)) {
            if (!shape.fields.some((f) => f.name === key)) {
              throw new Mismatch(
                `"${formatPath([...path, key])}" is not ${shape.fields.map((f) => f.name).join(' or ')}`,
              );
            }
          }
        }
        for (const field of shape.fields) {
          const child = value[field.name];
          path.push(field.name);
          if (child !== undefined) walk(child, field.shape);
          else if (field.required) mismatch(expectation(field.shape), undefined);
          path.pop();
        }
        return;
      }
      case 'map': {
        if (!isRecord(value)) mismatch(shape.what, value);
        for (const key of Object.keys(value)) {
          path.push(key);
          walk(value[key], shape.value);
          path.pop();
          if (CONTROLS.none.test(key) || !shape.key.test(key)) {
            throw new Mismatch(`"${formatPath(path)}" must be keyed by ${shape.key.what}, got key "${safeText(key)}"`);
          }
        }
        return;
      }
    }
  };
  try {
    walk(value, shape);
    return undefined;
  } catch (error) {
    if (error instanceof Mismatch) return error.message;
    throw error;
  }
};
