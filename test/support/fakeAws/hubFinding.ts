/** A Security Hub control finding as GetFindings answers it, for the tests of the sync and of `exempt`. */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

export const HUB_PRODUCT_ARN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';

/** A FAILED Redshift.7 finding of one cluster: its id, workflow status and note as a test needs them. */
export const hubFinding = (
  id: string,
  resourceArn: string,
  spec: { readonly workflow?: 'NEW' | 'NOTIFIED' | 'SUPPRESSED' | 'RESOLVED'; readonly note?: string } = {},
): AwsSecurityFinding => ({
  Id: id,
  ProductArn: HUB_PRODUCT_ARN,
  Resources: [{ Id: resourceArn, Type: 'AwsRedshiftCluster' }],
  Workflow: { Status: spec.workflow ?? 'NEW' },
  Compliance: { Status: 'FAILED' },
  ...(spec.note ? { Note: { Text: spec.note, UpdatedBy: 'redshift-evr', UpdatedAt: '2026-01-01T00:00:00Z' } } : {}),
  // Required by the type; not read.
  SchemaVersion: '2018-10-08',
  GeneratorId: 'security-control/Redshift.7',
  AwsAccountId: '111122223333',
  CreatedAt: '2026-01-01T00:00:00Z',
  UpdatedAt: '2026-01-01T00:00:00Z',
  Title: 'Redshift.7',
  Description: 'Redshift.7',
  Severity: { Label: 'MEDIUM' },
});
