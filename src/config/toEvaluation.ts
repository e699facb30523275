import type { Evaluation } from '@aws-sdk/client-config-service';
import { fitSentences } from '../core/annotation.ts';
import type { ClusterEvaluation } from '../core/types.ts';
import { REDSHIFT_CLUSTER } from './configEvent.ts';

/** A cluster's evaluation in PutEvaluations' shape. */
export const toEvaluation = (e: ClusterEvaluation, orderingTimestamp: Date): Evaluation => ({
  ComplianceResourceType: REDSHIFT_CLUSTER,
  ComplianceResourceId: e.clusterIdentifier,
  ComplianceType: e.complianceType,
  Annotation: e.annotation,
  OrderingTimestamp: orderingTimestamp,
});

/** NOT_APPLICABLE for a cluster that is gone, unrecorded or out of scope. */
export const notApplicable = (clusterIdentifier: string, reason: string, orderingTimestamp: Date): Evaluation => ({
  ComplianceResourceType: REDSHIFT_CLUSTER,
  ComplianceResourceId: clusterIdentifier,
  ComplianceType: 'NOT_APPLICABLE',
  Annotation: fitSentences(() => [reason]),
  OrderingTimestamp: orderingTimestamp,
});
