/**
 * The OCSF report: one Compliance Finding event (class 2003) per cluster or workgroup, OCSF schema 1.1.0.
 *
 * Required attributes relied on, as defined by OCSF 1.1.0 (schema sources as exported for 1.1.0 in
 * mcm/pydantic-ocsf `ocsf/schemas/v1_1_0.json`, cross-checked with ocsf/ocsf-schema `includes/classification.json`,
 * `includes/occurrence.json` and `profiles/cloud.json`):
 * - base_event: `metadata`, `severity_id`; classification include: `activity_id`, `category_uid`, `class_uid`,
 *   `type_uid` (= class_uid * 100 + activity_id); occurrence include: `time` (timestamp_t, epoch milliseconds).
 * - finding: `finding_info` (object: `uid`, `title` required); `activity_id` 1 Create, 2 Update, 3 Close;
 *   `status_id` (recommended) 1 New, 2 In Progress, 3 Suppressed, 4 Resolved.
 * - compliance_finding (uid 3 in category findings = 2, so class_uid 2003): `compliance` (object: `standards`
 *   required; `control`, `status`, `status_id` recommended); `remediation` (object: `desc` required) and
 *   `resource` recommended.
 * - metadata: `product` (object: `vendor_name` required) and `version` (the schema version) required.
 * - cloud profile (used here, so listed in `metadata.profiles`): `cloud` required (object: `provider` required);
 *   `resource_details.region` and `cloud_partition` belong to it.
 * - severity_id: 0 Unknown, 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical, 6 Fatal, 99 Other.
 * - compliance.status_id: 1 Pass, 2 Warning, 3 Fail from the compliance object, 0 Unknown and 99 Other from the
 *   dictionary's status_id.
 *
 * Two choices the spec leaves to us:
 * - NOT_APPLICABLE (not in a VPC, exempt, deleted) is compliance status 99 Other with status "Not Applicable":
 *   "Other" is the value for a source-specific status named in `status`, whereas 0 Unknown would say we do not know
 *   and 2 Warning means "did not yield a result due to missing information", neither of which is true.
 * - OCSF 1.1.0's Compliance Finding has `resource` (one Resource Details object); `resources` (an array) only joined
 *   this class in 1.3.0, and an unknown attribute fails schema validation, so the cluster goes in `resource`.
 * - `resource.type` is the AWS Config resource type (`AWS::Redshift::Cluster`, `AWS::RedshiftServerless::Workgroup`),
 *   the names Security Hub's controls reference uses for both controls.
 */
import { KINDS } from '../../core/resourceKinds.ts';
import type { ComplianceType } from '../../core/types.ts';
import type { ClusterFinding, Severity } from '../findings.ts';
import {
  clusterArnOf,
  descriptionOf,
  FINDING_TYPE,
  findingUid,
  observedAtMs,
  partitionOf,
  remediationOf,
  STANDARD_NAME,
  titleOf,
} from './common.ts';

const OCSF_SCHEMA_VERSION = '1.1.0';
const OCSF_CLASS_UID = 2003;
const OCSF_CATEGORY_UID = 2;
/** Activity 1 Create: each report states the cluster's result afresh. */
const OCSF_ACTIVITY_ID = 1;

export interface OcsfComplianceFinding {
  readonly activity_id: number;
  readonly activity_name: string;
  readonly category_uid: number;
  readonly category_name: string;
  readonly class_uid: number;
  readonly class_name: string;
  readonly type_uid: number;
  readonly type_name: string;
  readonly time: number;
  readonly severity_id: number;
  readonly severity: string;
  readonly status_id: number;
  readonly status: string;
  readonly message: string;
  readonly metadata: {
    readonly version: string;
    readonly profiles: readonly string[];
    readonly product: { readonly name: string; readonly vendor_name: string; readonly version: string };
  };
  readonly finding_info: {
    readonly uid: string;
    readonly title: string;
    readonly desc: string;
    readonly types: readonly string[];
    readonly last_seen_time: number;
  };
  readonly compliance: {
    readonly control: string;
    readonly standards: readonly string[];
    readonly status_id: number;
    readonly status: string;
    readonly status_detail: string;
  };
  readonly resource: {
    readonly uid?: string;
    readonly name: string;
    readonly type: string;
    readonly region: string;
    readonly cloud_partition: string;
    readonly data: Readonly<Record<string, unknown>>;
  };
  readonly cloud: {
    readonly provider: string;
    readonly region: string;
    readonly account?: { readonly uid: string; readonly type_id: number; readonly type: string };
  };
  readonly remediation?: { readonly desc: string; readonly references: readonly string[] };
}

const SEVERITY: Record<Severity, { readonly id: number; readonly caption: string }> = {
  HIGH: { id: 4, caption: 'High' },
  MEDIUM: { id: 3, caption: 'Medium' },
  INFORMATIONAL: { id: 1, caption: 'Informational' },
};

const COMPLIANCE_STATUS: Record<ComplianceType, { readonly id: number; readonly caption: string }> = {
  COMPLIANT: { id: 1, caption: 'Pass' },
  NON_COMPLIANT: { id: 3, caption: 'Fail' },
  NOT_APPLICABLE: { id: 99, caption: 'Not Applicable' },
};

const toEvent = (f: ClusterFinding, productVersion: string): OcsfComplianceFinding => {
  const time = observedAtMs(f);
  const arn = clusterArnOf(f);
  const severity = SEVERITY[f.severity];
  const status = COMPLIANCE_STATUS[f.complianceType];
  const remediation = remediationOf(f);
  const control = KINDS[f.kind].control;
  return {
    activity_id: OCSF_ACTIVITY_ID,
    activity_name: 'Create',
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: OCSF_CLASS_UID * 100 + OCSF_ACTIVITY_ID,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.caption,
    // The finding's workflow status is the consumer's to change; a producer reports it as new.
    status_id: 1,
    status: 'New',
    message: f.summary,
    metadata: {
      version: OCSF_SCHEMA_VERSION,
      profiles: ['cloud'],
      product: { name: 'redshift-evr', vendor_name: 'redshift-evr', version: productVersion },
    },
    finding_info: {
      uid: findingUid(f),
      title: titleOf(f),
      desc: descriptionOf(f),
      types: [FINDING_TYPE],
      last_seen_time: time,
    },
    compliance: {
      control: control.id,
      standards: [STANDARD_NAME],
      status_id: status.id,
      status: status.caption,
      status_detail: f.summary,
    },
    resource: {
      ...(arn === null ? {} : { uid: arn }),
      // The name keeps the resource identifiable (OCSF entities need a name or a uid) when the account is unknown.
      name: f.clusterIdentifier,
      type: KINDS[f.kind].configResourceType,
      region: f.region,
      cloud_partition: partitionOf(f),
      data: {
        kind: f.kind,
        enhanced_vpc_routing: f.enhancedVpcRouting,
        cluster_status: f.clusterStatus,
        vpc_id: f.vpcId,
        prerequisites_met: f.prerequisitesMet,
        codes: f.codes,
        exemption: f.exemption,
        // An exemption tag that does not apply (expired, or an invalid end date): {tagKey, reason, until, why}.
        ignored_exemption: f.ignoredExemption,
        // scan --security-hub only: the resource's Security Hub finding (null: none).
        ...(f.securityHub === undefined
          ? {}
          : {
              security_hub: f.securityHub && {
                finding_id: f.securityHub.findingId,
                compliance_status: f.securityHub.complianceStatus,
                workflow_status: f.securityHub.workflowStatus,
              },
            }),
      },
    },
    cloud: {
      provider: 'AWS',
      region: f.region,
      ...(f.accountId === null ? {} : { account: { uid: f.accountId, type_id: 10, type: 'AWS Account' } }),
    },
    ...(remediation === null ? {} : { remediation: { desc: remediation, references: [control.docUrl] } }),
  };
};

/** Renders the findings as a JSON array of OCSF 1.1.0 Compliance Finding events, one per cluster or workgroup. */
export const renderOcsf = (findings: readonly ClusterFinding[], meta: { readonly productVersion: string }): string =>
  `${JSON.stringify(
    findings.map((f) => toEvent(f, meta.productVersion)),
    null,
    2,
  )}\n`;
