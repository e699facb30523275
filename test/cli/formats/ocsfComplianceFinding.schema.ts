/**
 * JSON Schema of an OCSF 1.1.0 Compliance Finding (class 2003), written from the 1.1.0 schema sources (the
 * `v1_1_0.json` export of ocsf-schema 1.1.0 in mcm/pydantic-ocsf, plus ocsf/ocsf-schema `includes/classification.json`,
 * `includes/occurrence.json` and `profiles/cloud.json`). It checks what 1.1.0 requires, the enums, and, where the
 * whole attribute list was read, that nothing outside it appears (an unknown attribute fails OCSF validation).
 */

const ENUM_WITH_UNKNOWN_AND_OTHER = (...ids: number[]) => ({ type: 'integer', enum: [0, ...ids, 99] });

/** Every top-level attribute of compliance_finding in 1.1.0: base_event with its classification and occurrence
 * includes and cloud and datetime profiles, finding with the host profile, and the class's own three. */
const TOP_LEVEL = [
  // classification
  'activity_id',
  'activity_name',
  'category_uid',
  'category_name',
  'class_uid',
  'class_name',
  'type_uid',
  'type_name',
  // occurrence
  'count',
  'duration',
  'end_time',
  'start_time',
  'time',
  'timezone_offset',
  // cloud profile
  'cloud',
  'api',
  // base_event
  'enrichments',
  'message',
  'metadata',
  'observables',
  'raw_data',
  'severity',
  'severity_id',
  'status',
  'status_code',
  'status_detail',
  'status_id',
  'unmapped',
  // finding, host profile
  'comment',
  'confidence',
  'confidence_id',
  'confidence_score',
  'device',
  'actor',
  'finding_info',
  // compliance_finding
  'compliance',
  'remediation',
  'resource',
];

export const OCSF_COMPLIANCE_FINDING_SCHEMA = {
  type: 'object',
  required: [
    'activity_id',
    'category_uid',
    'class_uid',
    'type_uid',
    'time',
    'severity_id',
    'metadata',
    'finding_info',
    'compliance',
    'cloud',
  ],
  propertyNames: { enum: TOP_LEVEL },
  properties: {
    // finding: 1 Create, 2 Update, 3 Close
    activity_id: ENUM_WITH_UNKNOWN_AND_OTHER(1, 2, 3),
    activity_name: { type: 'string' },
    category_uid: { const: 2 },
    category_name: { const: 'Findings' },
    class_uid: { const: 2003 },
    class_name: { const: 'Compliance Finding' },
    type_uid: { type: 'integer' },
    type_name: { type: 'string' },
    time: { type: 'integer', minimum: 0 },
    severity_id: ENUM_WITH_UNKNOWN_AND_OTHER(1, 2, 3, 4, 5, 6),
    severity: { enum: ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical', 'Fatal', 'Other'] },
    // finding: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved
    status_id: ENUM_WITH_UNKNOWN_AND_OTHER(1, 2, 3, 4),
    status: { type: 'string' },
    message: { type: 'string' },
    metadata: {
      type: 'object',
      required: ['product', 'version'],
      properties: {
        version: { const: '1.1.0' },
        profiles: { type: 'array', items: { type: 'string' } },
        product: {
          type: 'object',
          required: ['vendor_name'],
          additionalProperties: false,
          properties: {
            feature: { type: 'object' },
            cpe_name: { type: 'string' },
            lang: { type: 'string' },
            name: { type: 'string' },
            path: { type: 'string' },
            uid: { type: 'string' },
            url_string: { type: 'string' },
            vendor_name: { type: 'string', minLength: 1 },
            version: { type: 'string' },
          },
        },
      },
    },
    finding_info: {
      type: 'object',
      required: ['uid', 'title'],
      additionalProperties: false,
      properties: {
        analytic: { type: 'object' },
        attacks: { type: 'array' },
        created_time: { type: 'integer' },
        data_sources: { type: 'array', items: { type: 'string' } },
        desc: { type: 'string' },
        first_seen_time: { type: 'integer' },
        kill_chain: { type: 'array' },
        last_seen_time: { type: 'integer' },
        modified_time: { type: 'integer' },
        product_uid: { type: 'string' },
        related_analytics: { type: 'array' },
        related_events: { type: 'array' },
        src_url: { type: 'string' },
        title: { type: 'string', minLength: 1 },
        types: { type: 'array', items: { type: 'string' } },
        uid: { type: 'string', minLength: 1 },
      },
    },
    compliance: {
      type: 'object',
      required: ['standards'],
      additionalProperties: false,
      properties: {
        control: { type: 'string' },
        requirements: { type: 'array', items: { type: 'string' } },
        standards: { type: 'array', items: { type: 'string' } },
        status: { type: 'string' },
        status_code: { type: 'string' },
        status_detail: { type: 'string' },
        // compliance object: 1 Pass, 2 Warning, 3 Fail; dictionary: 0 Unknown, 99 Other
        status_id: ENUM_WITH_UNKNOWN_AND_OTHER(1, 2, 3),
      },
    },
    remediation: {
      type: 'object',
      required: ['desc'],
      additionalProperties: false,
      properties: {
        desc: { type: 'string', minLength: 1 },
        references: { type: 'array', items: { type: 'string' } },
        kb_articles: { type: 'array' },
        kb_article_list: { type: 'array' },
      },
    },
    resource: {
      // resource_details extends _resource extends _entity, which needs a name or a uid
      type: 'object',
      anyOf: [{ required: ['name'] }, { required: ['uid'] }],
      additionalProperties: false,
      properties: {
        cloud_partition: { type: 'string' },
        criticality: { type: 'string' },
        data: {},
        group: { type: 'object' },
        labels: { type: 'array', items: { type: 'string' } },
        name: { type: 'string' },
        namespace: { type: 'string' },
        owner: { type: 'object' },
        region: { type: 'string' },
        type: { type: 'string' },
        uid: { type: 'string' },
        version: { type: 'string' },
      },
    },
    cloud: {
      type: 'object',
      required: ['provider'],
      additionalProperties: false,
      properties: {
        account: {
          type: 'object',
          anyOf: [{ required: ['name'] }, { required: ['uid'] }],
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            type: { type: 'string' },
            // 10 AWS Account, among others
            type_id: ENUM_WITH_UNKNOWN_AND_OTHER(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            uid: { type: 'string' },
          },
        },
        org: { type: 'object' },
        project_uid: { type: 'string' },
        provider: { type: 'string', minLength: 1 },
        region: { type: 'string' },
        zone: { type: 'string' },
      },
    },
  },
} as const;
