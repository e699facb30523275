/**
 * The ASFF report: one AWS Security Finding Format finding per cluster or workgroup, as `BatchImportFindings`
 * accepts them (`aws securityhub batch-import-findings --findings file://report.json`, at most 100 per call).
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
 * - Resources[].Type (User Guide, "Resources ASFF object", "Other object in ASFF"): a cluster is `AwsRedshiftCluster`
 *   with `Details.AwsRedshiftCluster`. ASFF has no resource type or details object for a Redshift Serverless
 *   workgroup (its AwsRedshift resources are clusters only), so a workgroup is `Other`, as the guide says for a type
 *   that is not one of the provided ones, with its facts in `Details.Other` (at most 50 pairs, keys under 128 and
 *   values under 1024 characters).
 */

import { isAccountId } from '../../core/identifiers.ts';
import { MESSAGES } from '../../core/messages.ts';
import { KINDS } from '../../core/resourceKinds.ts';
import type { ComplianceType } from '../../core/types.ts';
import { InputError } from '../../errors.ts';
import type { ClusterFinding, Severity } from '../findings.ts';
import {
  clusterArnOf,
  descriptionOf,
  FINDING_TYPE,
  findingUid,
  generatorIdOf,
  observedAtMs,
  partitionOf,
  remediationOf,
  titleOf,
  truncate,
} from './common.ts';

const ASFF_SCHEMA_VERSION = '2018-10-08';

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
  readonly Resources: readonly AsffResource[];
  readonly Compliance: { readonly Status: AsffComplianceStatus; readonly SecurityControlId: string };
  readonly FindingProviderFields: {
    readonly Severity: { readonly Label: Severity };
    readonly Types: readonly string[];
  };
  readonly Workflow: { readonly Status: 'NEW' };
  readonly RecordState: 'ACTIVE';
  readonly ProductFields: Readonly<Record<string, string>>;
}

/** Where the resource is, and its facts in the details object its Type names. */
export type AsffResource = {
  readonly Id: string;
  readonly Partition?: string;
  readonly Region: string;
} & (
  | {
      readonly Type: 'AwsRedshiftCluster';
      readonly Details: {
        readonly AwsRedshiftCluster: {
          readonly ClusterIdentifier: string;
          readonly EnhancedVpcRouting?: boolean;
          readonly ClusterStatus?: string;
          readonly VpcId?: string;
        };
      };
    }
  | { readonly Type: 'Other'; readonly Details: { readonly Other: Readonly<Record<string, string>> } }
);

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

/** Non-blank values only (ASFF strings must not be blank), each cut to `max` characters. */
const nonBlank = (fields: Record<string, string>, max: number): Record<string, string> =>
  Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value.trim() !== '')
      .map(([key, value]) => [key, truncate(value, max)]),
  );

/** Fields no other ASFF attribute carries. */
const productFields = (f: ClusterFinding): Record<string, string> =>
  nonBlank(
    {
      'redshift-evr/ResourceKind': f.kind,
      'redshift-evr/ComplianceType': f.complianceType,
      'redshift-evr/ClusterStatus': f.clusterStatus ?? '',
      'redshift-evr/EnhancedVpcRouting': f.enhancedVpcRouting === null ? '' : String(f.enhancedVpcRouting),
      'redshift-evr/PrerequisitesMet': f.prerequisitesMet === null ? 'unverified' : String(f.prerequisitesMet),
      'redshift-evr/Codes': f.codes.join(';'),
      'redshift-evr/VpcId': f.vpcId ?? '',
      'redshift-evr/ExemptionTagKey': f.exemption?.tagKey ?? '',
      'redshift-evr/ExemptionReason': f.exemption?.reason ?? '',
      'redshift-evr/IgnoredExemption': f.ignoredExemption === null ? '' : MESSAGES.ignoredExemption(f.ignoredExemption),
      // scan --security-hub only; blank (left out) without a finding.
      'redshift-evr/SecurityHubFindingId': f.securityHub?.findingId ?? '',
      'redshift-evr/SecurityHubComplianceStatus': f.securityHub?.complianceStatus ?? '',
      'redshift-evr/SecurityHubWorkflowStatus': f.securityHub?.workflowStatus ?? '',
    },
    2048,
  );

/** The resource: a cluster with its ASFF details object; a workgroup as `Other`, in the workgroup API's words. */
const resourceOf = (f: ClusterFinding, arn: string, partition: string): AsffResource => {
  const where = { Id: arn, ...(ASFF_PARTITIONS.has(partition) ? { Partition: partition } : {}), Region: f.region };
  switch (f.kind) {
    case 'cluster':
      return {
        Type: 'AwsRedshiftCluster',
        ...where,
        Details: {
          AwsRedshiftCluster: {
            ClusterIdentifier: f.clusterIdentifier,
            // Unknown facts (a report from AWS Config's stored results) are left out, never guessed.
            ...(f.enhancedVpcRouting === null ? {} : { EnhancedVpcRouting: f.enhancedVpcRouting }),
            ...(f.clusterStatus === null || f.clusterStatus.trim() === '' ? {} : { ClusterStatus: f.clusterStatus }),
            ...(f.vpcId === null ? {} : { VpcId: f.vpcId }),
          },
        },
      };
    case 'workgroup':
      return {
        Type: 'Other',
        ...where,
        Details: {
          // "Other object in ASFF": keys under 128 characters, values under 1024.
          Other: nonBlank(
            {
              resourceType: 'AWS::RedshiftServerless::Workgroup',
              workgroupName: f.clusterIdentifier,
              status: f.clusterStatus ?? '',
              enhancedVpcRouting: f.enhancedVpcRouting === null ? '' : String(f.enhancedVpcRouting),
              vpcId: f.vpcId ?? '',
            },
            1023,
          ),
        },
      };
    default: {
      const never: never = f.kind;
      throw new TypeError(`unhandled resource kind ${String(never)}`);
    }
  }
};

const toFinding = (
  f: ClusterFinding & { readonly accountId: string },
  arn: string,
  productArn: string | undefined,
): AsffFinding => {
  const observed = new Date(observedAtMs(f)).toISOString();
  const partition = partitionOf(f);
  const control = KINDS[f.kind].control;
  const remediation = remediationOf(f);
  const severity = { Label: f.severity };
  const types = [FINDING_TYPE];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: truncate(findingUid(f), 512),
    ProductArn: productArn ?? `arn:${partition}:securityhub:${f.region}:${f.accountId}:product/${f.accountId}/default`,
    GeneratorId: generatorIdOf(f.kind),
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
      : { Remediation: { Recommendation: { Text: truncate(remediation, 512), Url: control.docUrl } } }),
    Resources: [resourceOf(f, arn, partition)],
    Compliance: { Status: COMPLIANCE_STATUS[f.complianceType], SecurityControlId: control.id },
    FindingProviderFields: { Severity: severity, Types: types },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
    ProductFields: productFields(f),
  };
};

/** A finding ASFF can carry: a valid account id (AwsAccountId) and the resource's ARN (Resources[].Id). */
type Importable = { readonly finding: ClusterFinding & { readonly accountId: string }; readonly arn: string };

const importable = (f: ClusterFinding): Importable | undefined => {
  if (f.accountId === null || !isAccountId(f.accountId)) return undefined;
  // With the account known, a cluster's ARN can be built; a workgroup's cannot (it ends in a UUID).
  const arn = clusterArnOf(f);
  return arn === null ? undefined : { finding: { ...f, accountId: f.accountId }, arn };
};

/**
 * Renders the findings as a JSON array of ASFF findings for BatchImportFindings; throws InputError when a finding
 * has no valid account id (ASFF requires AwsAccountId) or no resource ARN (Resources[].Id), or `meta.productArn` is
 * not a Security Hub product ARN.
 */
export const renderAsff = (findings: readonly ClusterFinding[], meta: { readonly productArn?: string }): string => {
  if (meta.productArn !== undefined && !PRODUCT_ARN.test(meta.productArn)) {
    throw new InputError(
      `"${meta.productArn}" is not a Security Hub product ARN (arn:<partition>:securityhub:<region>:<account-id>:product/<company-id>/<product-id>); leave it out to use the account's default product, product/<account-id>/default.`,
    );
  }
  const ready = findings.map(importable);
  const refused = findings.filter((_, i) => ready[i] === undefined);
  if (refused.length > 0) {
    const names = refused
      .map((f) => {
        const about = [
          ...KINDS[f.kind].qualifiers,
          f.region,
          ...(f.accountId === null ? [] : [`account "${f.accountId}"`]),
        ];
        return `${f.clusterIdentifier} (${about.join(', ')})`;
      })
      .join(', ');
    throw new InputError(
      `ASFF needs the 12-digit AWS account id (AwsAccountId is required) and the ARN of every cluster and workgroup, and ${refused.length} of them have none or an invalid one: ${names}. Scan live (the account comes from the credentials' identity) or record the snapshot again with this version, which stores the account id and ARNs; or choose another format (json, csv, ocsf).`,
    );
  }
  const asff = ready.flatMap((r) => (r === undefined ? [] : [toFinding(r.finding, r.arn, meta.productArn)]));
  return `${JSON.stringify(asff, null, 2)}\n`;
};
