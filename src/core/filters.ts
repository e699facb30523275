/**
 * The VPC's filters on the way to S3, which apply only once enhanced VPC routing is on: security-group egress,
 * network ACLs (stateless, both directions) and VPC Block Public Access. Endpoint policies are assessed where
 * the simulator runs (src/policy/) and read here as facts.
 * https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-routing.html
 */
import { excludeCidr, overlapCidr } from 'cidr-tools';
import type {
  BlockPublicAccess,
  EgressRule,
  Fact,
  NetworkAcl,
  NetworkAclEntry,
  S3Path,
  SecurityGroup,
  UnverifiedReason,
} from './types.ts';

/** COPY and UNLOAD reach S3 over HTTPS. */
const HTTPS_PORT = 443;
/** The ephemeral ports AWS recommends network ACLs open for return traffic (VPC User Guide, "Ephemeral ports"). */
const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;
const ANY_IPV4 = '0.0.0.0/0';
/** AWS lists the final catch-all rule of every network ACL as rule 32767 ("*" in the console). */
const CATCH_ALL_RULE = 32767;

/** Open, blocked, or unknown (and why). */
export type FilterVerdict =
  | { readonly open: true }
  | { readonly open: false }
  | { readonly open: null; readonly reason: UnverifiedReason };

const OPEN: FilterVerdict = { open: true };
const BLOCKED: FilterVerdict = { open: false };
const unverified = (reason: UnverifiedReason): FilterVerdict => ({ open: null, reason });

const isTcp = (protocol: string): boolean => protocol === '-1' || protocol === 'tcp' || protocol === '6';

const allowsHttps = (rule: EgressRule): boolean =>
  isTcp(rule.protocol) &&
  (rule.protocol === '-1' || ((rule.fromPort ?? 0) <= HTTPS_PORT && HTTPS_PORT <= (rule.toPort ?? 65535)));

/** The S3 destinations of the Region: its prefix list and that list's CIDRs. */
export interface S3Destinations {
  readonly prefixListId: Fact<string>;
  readonly cidrs: Fact<readonly string[]>;
}

/**
 * Whether the union of these security groups' egress rules lets TCP 443 reach every S3 address of the Region:
 * a rule to the S3 prefix list, or CIDRs that together cover all of its CIDRs (0.0.0.0/0 does). A rule to
 * another security group never reaches S3.
 */
export const evaluateEgress = (
  groupIds: readonly string[],
  groups: Fact<readonly SecurityGroup[]>,
  s3: S3Destinations,
): FilterVerdict => {
  if (groupIds.length === 0) return unverified({ kind: 'no-security-groups' });
  if (!groups.known) return unverified(groups.reason);
  const byId = new Map(groups.value.map((g) => [g.groupId, g]));
  const missing = groupIds.find((id) => !byId.has(id));
  if (missing !== undefined) return unverified({ kind: 'security-group-not-found', groupId: missing });
  const rules = groupIds.flatMap((id) => byId.get(id)?.egress ?? []).filter(allowsHttps);
  const prefixLists = rules.flatMap((r) => r.prefixListIds);
  const cidrs = rules.flatMap((r) => r.cidrs);
  if (s3.prefixListId.known && prefixLists.includes(s3.prefixListId.value)) return OPEN;
  if (cidrs.length > 0 && excludeCidr(ANY_IPV4, cidrs).length === 0) return OPEN;
  // A rule to a prefix list that may be S3's, while S3's id is unknown: not assumed either way.
  if (!s3.prefixListId.known && prefixLists.length > 0) return unverified(s3.prefixListId.reason);
  const covered = cidrs.length > 0 && s3.cidrs.known && excludeCidr([...s3.cidrs.value], cidrs).length === 0;
  if (covered) return OPEN;
  // Another prefix list (a customer-managed one may hold S3's ranges) is not read: unverified, not blocked.
  const other = prefixLists.find((id) => !s3.prefixListId.known || id !== s3.prefixListId.value);
  if (other !== undefined) return unverified({ kind: 'egress-prefix-list', prefixListId: other });
  if (cidrs.length === 0) return BLOCKED;
  if (!s3.cidrs.known) return unverified(s3.cidrs.reason);
  return BLOCKED;
};

/** The network ACL that governs a subnet: its association, else the VPC's default ACL. */
export const effectiveNetworkAcl = (subnetId: string, acls: readonly NetworkAcl[]): NetworkAcl | undefined =>
  acls.find((a) => a.subnetIds.includes(subnetId)) ?? acls.find((a) => a.isDefault);

/** Why an ACL blocks: the rule that denies (null: no rule allows, the final "*" deny). */
export interface AclBlock {
  readonly direction: 'outbound' | 'inbound';
  readonly ruleNumber: number | null;
}

export type AclVerdict =
  | { readonly open: true }
  | ({ readonly open: false } & AclBlock)
  | { readonly open: null; readonly reason: UnverifiedReason };

type PortDecision = { readonly allowed: true } | { readonly allowed: false; readonly ruleNumber: number | null };

const coversPorts = (entry: NetworkAclEntry, from: number, to: number): boolean =>
  entry.protocol === '-1' || entry.ports === undefined || (entry.ports.from <= from && to <= entry.ports.to);

/**
 * One direction, for ports [from, to] that every entry either covers whole or misses: entries in rule-number
 * order, the first that matches an address decides it (a network ACL is evaluated lowest rule first).
 */
const decideAddresses = (
  entries: readonly NetworkAclEntry[],
  destinations: readonly string[],
  from: number,
  to: number,
): PortDecision => {
  let remaining: string[] = [...destinations];
  for (const entry of entries) {
    if (!isTcp(entry.protocol) || !coversPorts(entry, from, to) || !overlapCidr(remaining, entry.cidr)) continue;
    if (!entry.allow)
      return { allowed: false, ruleNumber: entry.ruleNumber === CATCH_ALL_RULE ? null : entry.ruleNumber };
    remaining = excludeCidr(remaining, entry.cidr);
    if (remaining.length === 0) return { allowed: true };
  }
  return { allowed: false, ruleNumber: null };
};

/** Cut [from, to] at every port boundary of the entries, so each piece is covered whole or not at all. */
const portSegments = (entries: readonly NetworkAclEntry[], from: number, to: number): [number, number][] => {
  const cuts = new Set<number>([from, to + 1]);
  for (const e of entries) {
    if (e.ports === undefined || e.protocol === '-1') continue;
    for (const p of [e.ports.from, e.ports.to + 1]) if (p > from && p <= to) cuts.add(p);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((start, i) => [start, (sorted[i + 1] as number) - 1]);
};

/**
 * Whether a subnet's network ACL lets COPY/UNLOAD traffic through: outbound TCP 443 to every S3 CIDR, and
 * inbound TCP on every ephemeral port (1024-65535) from them; it is stateless, so both are needed. Return
 * traffic allowed on only part of the ephemeral range is unverified (the ports S3 answers to are not known).
 */
export const evaluateNetworkAcl = (acl: NetworkAcl, s3Cidrs: Fact<readonly string[]>): AclVerdict => {
  // Without S3's CIDRs, an ACL that lets all addresses through still lets S3 through; any other is unknown.
  const destinations = s3Cidrs.known ? s3Cidrs.value : [ANY_IPV4];
  const ordered = [...acl.entries].sort((a, b) => a.ruleNumber - b.ruleNumber);
  const outbound = ordered.filter((e) => e.egress);
  const inbound = ordered.filter((e) => !e.egress);
  const out = decideAddresses(outbound, destinations, HTTPS_PORT, HTTPS_PORT);
  const segments = portSegments(inbound, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to).map(([from, to]) =>
    decideAddresses(inbound, destinations, from, to),
  );
  const inboundOpen = segments.every((d) => d.allowed);
  if (out.allowed && inboundOpen) return { open: true };
  if (!s3Cidrs.known) return { open: null, reason: s3Cidrs.reason };
  if (!out.allowed) return { open: false, direction: 'outbound', ruleNumber: out.ruleNumber };
  const firstBlock = segments.find((d): d is Extract<PortDecision, { allowed: false }> => !d.allowed);
  if (segments.some((d) => d.allowed))
    return { open: null, reason: { kind: 'acl-narrow-ephemeral', networkAclId: acl.networkAclId } };
  return { open: false, direction: 'inbound', ruleNumber: firstBlock?.ruleNumber ?? null };
};

/**
 * Whether VPC Block Public Access closes a subnet's NAT or internet-gateway path to S3. Bidirectional mode
 * blocks traffic through internet gateways (a NAT gateway's included) unless the VPC or subnet is excluded;
 * ingress mode blocks internet gateways but lets NAT gateways' outbound connections through, and there only
 * an allow-bidirectional exclusion opens an internet gateway. Gateway endpoints are never affected.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html
 */
export const evaluateBlockPublicAccess = (
  bpa: BlockPublicAccess,
  path: S3Path,
  where: { readonly vpcId: string; readonly subnetId: string; readonly natGatewayId?: string },
): FilterVerdict => {
  if (bpa.mode === 'off' || (path !== 'INTERNET_GATEWAY' && path !== 'NAT_GATEWAY')) return OPEN;
  const counts = (mode: BlockPublicAccess['exclusions'][number]['mode']) =>
    bpa.mode === 'block-bidirectional' || mode === 'allow-bidirectional';
  const excluded = (id: string) => bpa.exclusions.some((e) => e.resourceId === id && counts(e.mode));
  if (excluded(where.vpcId)) return OPEN;
  if (path === 'INTERNET_GATEWAY') return excluded(where.subnetId) ? OPEN : BLOCKED;
  if (bpa.mode === 'block-ingress') return OPEN;
  // The NAT gateway lives in a subnet of its own: only its subnet's exclusion matters, and that is not read.
  const subnetExclusions = bpa.exclusions.some((e) => e.resourceId.startsWith('subnet-'));
  return subnetExclusions
    ? unverified({ kind: 'block-public-access-nat', natGatewayId: where.natGatewayId ?? 'the NAT gateway' })
    : BLOCKED;
};
