import type { Evaluation } from '@aws-sdk/client-config-service';
import { fitSentences } from '../core/annotation.ts';
import { KINDS } from '../core/resourceKinds.ts';
import type { ClusterEvaluation, ResourceKind } from '../core/types.ts';

/** A cluster's or workgroup's evaluation in PutEvaluations' shape (a workgroup's resource id is its name). */
export const toEvaluation = (e: ClusterEvaluation, orderingTimestamp: Date): Evaluation => ({
  ComplianceResourceType: KINDS[e.kind].configResourceType,
  ComplianceResourceId: e.clusterIdentifier,
  ComplianceType: e.complianceType,
  Annotation: e.annotation,
  OrderingTimestamp: orderingTimestamp,
});

/** NOT_APPLICABLE for a cluster or workgroup that is gone, unrecorded or out of scope. */
export const notApplicable = (
  kind: ResourceKind,
  resourceId: string,
  reason: string,
  orderingTimestamp: Date,
): Evaluation => ({
  ComplianceResourceType: KINDS[kind].configResourceType,
  ComplianceResourceId: resourceId,
  ComplianceType: 'NOT_APPLICABLE',
  Annotation: fitSentences(() => [reason]),
  OrderingTimestamp: orderingTimestamp,
});
