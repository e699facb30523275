/**
 * JSON Schema of what BatchImportFindings requires of an AwsSecurityFinding, and the documented limits of the members
 * this project sends, written from the Security Hub User Guide ("Required top-level ASFF attributes", "Resources ASFF
 * object", "Other object in ASFF") and API Reference (`AwsSecurityFinding`, `Recommendation`, `Resource`,
 * "Timestamps"), because @aws-sdk/client-securityhub, whose model would carry the same constraints, is not a
 * dependency.
 */

/** API Reference, "Timestamps": Z or an offset (±HH:MM or ±HHMM), at most 9 fractional digits. */
const TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})$';
/** namespace/category[/classifier], namespace one of the five ASFF namespaces. */
const FINDING_TYPE =
  '^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(/[^/]+){1,2}$';
/** ASFF string members match .*\S.* (not blank). */
const TEXT = (maxLength?: number) => ({
  type: 'string',
  minLength: 1,
  pattern: '\\S',
  ...(maxLength === undefined ? {} : { maxLength }),
});
const SEVERITY = {
  type: 'object',
  required: ['Label'],
  properties: { Label: { enum: ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] } },
};
/** At most 50 (API Reference); at least one is this project's rule, not AWS's. */
const TYPES = { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', pattern: FINDING_TYPE } };

export const ASFF_FINDING_SCHEMA = {
  type: 'object',
  required: [
    'AwsAccountId',
    'CreatedAt',
    'Description',
    'GeneratorId',
    'Id',
    'ProductArn',
    'Resources',
    'SchemaVersion',
    'Severity',
    'Title',
    'Types',
    'UpdatedAt',
  ],
  properties: {
    SchemaVersion: { const: '2018-10-08' },
    Id: TEXT(512),
    ProductArn: {
      ...TEXT(2048),
      pattern: '^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\\d{12}:product/[^/\\s]+/[^/\\s]+$',
    },
    GeneratorId: TEXT(512),
    AwsAccountId: { type: 'string', pattern: '^\\d{12}$' },
    Types: TYPES,
    CreatedAt: { type: 'string', pattern: TIMESTAMP },
    UpdatedAt: { type: 'string', pattern: TIMESTAMP },
    FirstObservedAt: { type: 'string', pattern: TIMESTAMP },
    LastObservedAt: { type: 'string', pattern: TIMESTAMP },
    Severity: SEVERITY,
    Title: TEXT(256),
    Description: TEXT(1024),
    Remediation: {
      type: 'object',
      properties: {
        Recommendation: {
          type: 'object',
          additionalProperties: false,
          properties: { Text: TEXT(512), Url: TEXT() },
        },
      },
    },
    Resources: {
      type: 'array',
      minItems: 1,
      maxItems: 32,
      items: {
        type: 'object',
        required: ['Id', 'Type'],
        properties: {
          Id: TEXT(),
          Type: TEXT(),
          Partition: { enum: ['aws', 'aws-cn', 'aws-us-gov'] },
          Region: TEXT(),
          Details: {
            type: 'object',
            properties: {
              AwsRedshiftCluster: {
                type: 'object',
                properties: {
                  ClusterIdentifier: TEXT(),
                  ClusterStatus: TEXT(),
                  EnhancedVpcRouting: { type: 'boolean' },
                  VpcId: TEXT(),
                },
              },
              // "Other object in ASFF": up to 50 pairs, keys fewer than 128 and values fewer than 1,024 characters.
              Other: {
                type: 'object',
                maxProperties: 50,
                propertyNames: { maxLength: 127 },
                additionalProperties: TEXT(1023),
              },
            },
          },
        },
      },
    },
    Compliance: {
      type: 'object',
      properties: {
        Status: { enum: ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] },
        SecurityControlId: TEXT(),
      },
    },
    FindingProviderFields: { type: 'object', properties: { Severity: SEVERITY, Types: TYPES } },
    Workflow: { type: 'object', properties: { Status: { enum: ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'] } } },
    RecordState: { enum: ['ACTIVE', 'ARCHIVED'] },
    ProductFields: {
      type: 'object',
      maxProperties: 50,
      propertyNames: { maxLength: 128 },
      additionalProperties: TEXT(2048),
    },
  },
} as const;
