/** A Security Hub control finding as GetFindings answers it, for the tests of the sync and of `exempt`. */
import {
  type AwsSecurityFinding,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  type GetFindingsCommandInput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AwsClientStub } from 'aws-sdk-client-mock';

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

/**
 * A Security Hub client mock holding one FAILED finding of whichever resource GetFindings asks about (the
 * consolidated query finds it; the legacy, per-standard one finds nothing), and accepting every update.
 */
export const holdHubFinding = (
  hub: AwsClientStub<SecurityHubClient>,
  workflow: 'NEW' | 'NOTIFIED' | 'SUPPRESSED' | 'RESOLVED' = 'NEW',
): void => {
  hub.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput) => ({
    Findings: input.Filters?.ComplianceSecurityControlId
      ? [hubFinding('f-1', input.Filters?.ResourceId?.[0]?.Value as string, { workflow })]
      : [],
  }));
  hub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
};
