/** AWS's pagination: each API's page-size range, what it does without a size, and opaque page tokens. */
import { serviceError } from './serviceError.ts';

/**
 * The largest page each API returns (Redshift MaxRecords, EC2 MaxResults, Config Limit), as the API references
 * give them (EC2: DescribeSecurityGroups, DescribeNetworkAcls and DescribeVpcBlockPublicAccessExclusions 5–1000,
 * GetManagedPrefixListEntries 1–100).
 */
export const MAX_PAGE = {
  DescribeClusters: 100,
  DescribeClusterSubnetGroups: 100,
  DescribeRouteTables: 100,
  DescribeVpcEndpoints: 1000,
  DescribePrefixLists: 1000,
  DescribeSecurityGroups: 1000,
  DescribeNetworkAcls: 1000,
  GetManagedPrefixListEntries: 100,
  DescribeVpcBlockPublicAccessExclusions: 1000,
  GetComplianceDetailsByConfigRule: 100,
  PutEvaluations: 100,
} as const;

/** An API's page-size rule: a range to validate (an out-of-range value is rejected), or a silent cap. */
export interface PageRule {
  readonly min: number;
  readonly max: number;
  /** Used when the caller sends no size (EC2's older APIs then return everything). */
  readonly fallback: number;
  /** Values above `max` are capped instead of rejected (DescribeVpcEndpoints). */
  readonly capAbove?: boolean;
}

/** The page rules of the account's list APIs. */
const PAGE_RULES: Readonly<Record<string, PageRule>> = {
  DescribeClusters: { min: 20, max: MAX_PAGE.DescribeClusters, fallback: 100 },
  DescribeClusterSubnetGroups: { min: 20, max: MAX_PAGE.DescribeClusterSubnetGroups, fallback: 100 },
  DescribeSubnets: { min: 5, max: 1000, fallback: Number.POSITIVE_INFINITY },
  DescribeRouteTables: { min: 5, max: MAX_PAGE.DescribeRouteTables, fallback: Number.POSITIVE_INFINITY },
  DescribeVpcEndpoints: { min: 1, max: MAX_PAGE.DescribeVpcEndpoints, fallback: 1000, capAbove: true },
  DescribePrefixLists: { min: 5, max: MAX_PAGE.DescribePrefixLists, fallback: Number.POSITIVE_INFINITY },
  DescribeSecurityGroups: { min: 5, max: MAX_PAGE.DescribeSecurityGroups, fallback: Number.POSITIVE_INFINITY },
  DescribeNetworkAcls: { min: 5, max: MAX_PAGE.DescribeNetworkAcls, fallback: Number.POSITIVE_INFINITY },
  // The newer APIs document no "all items" default: without a size, at most a full page.
  GetManagedPrefixListEntries: {
    min: 1,
    max: MAX_PAGE.GetManagedPrefixListEntries,
    fallback: MAX_PAGE.GetManagedPrefixListEntries,
  },
  DescribeVpcBlockPublicAccessExclusions: {
    min: 5,
    max: MAX_PAGE.DescribeVpcBlockPublicAccessExclusions,
    fallback: MAX_PAGE.DescribeVpcBlockPublicAccessExclusions,
  },
  ListWorkgroups: { min: 1, max: 100, fallback: 100 },
};

/** The page size AWS uses for a requested size (absent: the API's fallback); an out-of-range size is an error. */
export const pageSize = (action: string, requested: number | undefined, rule = PAGE_RULES[action]): number => {
  if (rule === undefined) throw new Error(`no page rule for ${action}`);
  if (requested === undefined) return rule.fallback;
  if (!Number.isInteger(requested) || requested < rule.min || (requested > rule.max && !rule.capAbove)) {
    throw serviceError('InvalidParameterValue', `${action}: page size ${requested} is outside ${rule.min}-${rule.max}`);
  }
  return Math.min(requested, rule.max);
};

/** One page from `token` on; tokens are opaque to callers and rejected when forged. */
export const page = <T>(items: readonly T[], token: string | undefined, size: number) => {
  const start = token
    ? Number(
        Buffer.from(token, 'base64url')
          .toString('utf8')
          .replace(/^page:/, ''),
      )
    : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw serviceError('InvalidNextToken', `invalid pagination token ${token}`);
  }
  const end = Math.min(items.length, start + size);
  const next = end < items.length ? Buffer.from(`page:${end}`).toString('base64url') : undefined;
  return { items: items.slice(start, end), next };
};
