/**
 * The ASFF report: one AWS Security Finding Format finding per cluster, as `BatchImportFindings` accepts them
 * (`aws securityhub batch-import-findings --findings file://report.json`, at most 100 per call).
 *
 * Required top-level attributes and limits relied on (Security Hub User Guide, "Required top-level ASFF attributes";
 * API Reference, `AwsSecurityFinding`, `Recommendation`, `Resource`; Partner Guide, "Guidelines for mapping findings
 * into the ASFF"):
 * - AwsAccountId: the 12-digit account the finding applies to; with the default product ARN it must be the account
 *   that calls BatchImportFindings.
 * - CreatedAt, UpdatedAt: ISO 8601 (`YYYY-MM-DDTHH:MM:SS[.fraction]Z` or with an offset), sent on every import.
 * - Description: 1-1024 characters. Title: 1-256 characters.
 * - GeneratorId: 1-512 characters. Id: 1-512 characters, unique per product; re-importing the same Id updates it.
 * - ProductArn: `arn:<partition>:securityhub:<region>:<account-id>:product/<company-id>/<product-id>`; a custom
 *   integration uses the account's default product, `product/<account-id>/default`.
 * - Resources: 1-32 objects, each with Type and Id (Partition: aws | aws-cn | aws-us-gov; Region optional).
 * - SchemaVersion: "2018-10-08". Severity: Label INFORMATIONAL | LOW | MEDIUM | HIGH | CRITICAL.
 * - Types: namespace/category/classifier, at most 50; the partner guide asks providers to also give Types and
 *   Severity in FindingProviderFields, which later imports may update.
 * - Optional ones used: Remediation.Recommendation.Text (1-512) and Url; Compliance.Status PASSED | WARNING | FAILED
 *   | NOT_AVAILABLE and SecurityControlId; Workflow.Status NEW; RecordState ACTIVE; ProductFields (up to 50 pairs,
 *   keys up to 128 and values up to 2048 characters).
 */
import { isAccountId } from '../../core/identifiers.ts';
import type { ComplianceType } from '../../core/types.ts';
import { InputError } from '../../errors.ts';
import { type ClusterFinding, CONTROL_ID, type Severity } from '../findings.ts';
import {
  CONTROL_DOC_URL,
  clusterArnOf,
  descriptionOf,
  FINDING_TYPE,
  findingUid,
  GENERATOR_ID,
  observedAtMs,
  partitionOf,
  remediationOf,
  titleOf,
  truncate,
} from './common.ts';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

export interface AsffFinding {
  readonly SchemaVersion: string;
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly LastObservedAt: string;
  readonly Severity: { readonly Label: Severity };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation?: { readonly Recommendation: { readonly Text: string; readonly Url: string } };
  readonly Resources: readonly {
    readonly Type: 'AwsRedshiftCluster';
    readonly Id: string;
    readonly Partition?: string;
    readonly Region: string;
    readonly Details: {
      readonly AwsRedshiftCluster: {
        readonly ClusterIdentifier: string;
        readonly EnhancedVpcRouting: boolean;
        readonly ClusterStatus?: string;
        readonly VpcId?: string;
      };
    };
  }[];
  readonly Compliance: { readonly Status: AsffComplianceStatus; readonly SecurityControlId: string };
  readonly FindingProviderFields: {
    readonly Severity: { readonly Label: Severity };
    readonly Types: readonly string[];
  };
  readonly Workflow: { readonly Status: 'NEW' };
  readonly RecordState: 'ACTIVE';
  readonly ProductFields: Readonly<Record<string, string>>;
}

export type AsffComplianceStatus = 'PASSED' | 'FAILED' | 'NOT_AVAILABLE';

const COMPLIANCE_STATUS: Record<ComplianceType, AsffComplianceStatus> = {
  COMPLIANT: 'PASSED',
  NON_COMPLIANT: 'FAILED',
  // Security Hub has no "not applicable"; NOT_AVAILABLE is its status for a check without a pass/fail result.
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

/** Resource.Partition accepts only these; another partition is left out rather than rejecting the finding. */
const ASFF_PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov']);
const PRODUCT_ARN = /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\d{12}:product\/[^/\s]+\/[^/\s]+$/;

/** Fields no other ASFF attribute carries; empty values are left out because ASFF strings must not be blank. */
const productFields = (f: ClusterFinding): Record<string, string> => {
  const fields: Record<string, string> = {
    'redshift-evr/ComplianceType': f.complianceType,
    'redshift-evr/ClusterStatus': f.clusterStatus,
    'redshift-evr/EnhancedVpcRouting': String(f.enhancedVpcRouting),
    'redshift-evr/PrerequisitesMet': f.prerequisitesMet === null ? 'unverified' : String(f.prerequisitesMet),
    'redshift-evr/Codes': f.codes.join(';'),
    'redshift-evr/VpcId': f.vpcId ?? '',
    'redshift-evr/ExemptionTagKey': f.exemption?.tagKey ?? '',
    'redshift-evr/ExemptionReason': f.exemption?.reason ?? '',
  };
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value.trim() !== '')
      .map(([key, value]) => [key, truncate(value, 2048)]),
  );
};

const toFinding = (f: ClusterFinding & { readonly accountId: string }, productArn: string | undefined): AsffFinding => {
  const observed = new Date(observedAtMs(f)).toISOString();
  const partition = partitionOf(f);
  // accountId is known here, so the ARN is too (built when the finding lacks it).
  const arn = clusterArnOf(f) ?? '';
  const remediation = remediationOf(f);
  const severity = { Label: f.severity };
  const types = [FINDING_TYPE];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: truncate(findingUid(f), 512),
    ProductArn: productArn ?? `arn:${partition}:securityhub:${f.region}:${f.accountId}:product/${f.accountId}/default`,
    GeneratorId: GENERATOR_ID,
    AwsAccountId: f.accountId,
    Types: types,
    CreatedAt: observed,
    UpdatedAt: observed,
    LastObservedAt: observed,
    Severity: severity,
    Title: truncate(titleOf(f), 256),
    Description: truncate(descriptionOf(f), 1024),
    ...(remediation === null
      ? {}
      : { Remediation: { Recommendation: { Text: truncate(remediation, 512), Url: CONTROL_DOC_URL } } }),
    Resources: [
      {
        Type: 'AwsRedshiftCluster',
        Id: arn,
        ...(ASFF_PARTITIONS.has(partition) ? { Partition: partition } : {}),
        Region: f.region,
        Details: {
          AwsRedshiftCluster: {
            ClusterIdentifier: f.clusterIdentifier,
            EnhancedVpcRouting: f.enhancedVpcRouting,
            ...(f.clusterStatus.trim() === '' ? {} : { ClusterStatus: f.clusterStatus }),
            ...(f.vpcId === null ? {} : { VpcId: f.vpcId }),
          },
        },
      },
    ],
    Compliance: { Status: COMPLIANCE_STATUS[f.complianceType], SecurityControlId: CONTROL_ID },
    FindingProviderFields: { Severity: severity, Types: types },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    ProductFields: productFields(f),
  };
};

const hasAccount = (f: ClusterFinding): f is ClusterFinding & { readonly accountId: string } =>
  f.accountId !== null && isAccountId(f.accountId);

/**
 * Renders the findings as a JSON array of ASFF findings for BatchImportFindings; throws InputError when a finding
 * has no valid account id (ASFF requires AwsAccountId) or `meta.productArn` is not a Security Hub product ARN.
 */
export const renderAsff = (findings: readonly ClusterFinding[], meta: { readonly productArn?: string }): string => {
  if (meta.productArn !== undefined && !PRODUCT_ARN.test(meta.productArn)) {
    throw new InputError(
      `"${meta.productArn}" is not a Security Hub product ARN (arn:<partition>:securityhub:<region>:<account-id>:product/<company-id>/<product-id>); leave it out to use the account's default product, product/<account-id>/default.`,
    );
  }
  const withoutAccount = findings.filter((f) => !hasAccount(f));
  if (withoutAccount.length > 0) {
    const names = withoutAccount
      .map((f) => `${f.clusterIdentifier} (${f.region}${f.accountId === null ? '' : `, account "${f.accountId}"`})`)
      .join(', ');
    throw new InputError(
      `ASFF needs the 12-digit AWS account id of every cluster (AwsAccountId is required), and ${withoutAccount.length} cluster(s) have none or an invalid one: ${names}. Scan live (the account comes from the credentials' identity) or record the snapshot again with this version, which stores the account id; or choose another format (json, csv, ocsf).`,
    );
  }
  const asff = findings.filter(hasAccount).map((f) => toFinding(f, meta.productArn));
  return `${JSON.stringify(asff, null, 2)}\n`;
};
