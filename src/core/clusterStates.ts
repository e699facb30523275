/**
 * What a cluster or workgroup status means for a remediation, from each kind's statuses (resourceKinds.ts), for
 * the engine, the preflight, the CLI and (checked by tests) the runbooks' waits.
 */
import { KINDS } from './resourceKinds.ts';
import type { ResourceKind } from './types.ts';

/**
 * What a person must do before a resource in this status can be remediated, written to follow "Cluster is
 * <status>: "; undefined when nobody needs to (it is available, or busy and will be: an unknown status counts
 * as busy, never as ready).
 */
export const needsPersonAdvice = (status: string, kind: ResourceKind): string | undefined => {
  const { needsPerson, needsPersonPrefix } = KINDS[kind].statuses;
  return (
    needsPerson.get(status) ??
    (needsPersonPrefix !== undefined && status.startsWith(needsPersonPrefix.prefix)
      ? needsPersonPrefix.advice
      : undefined)
  );
};

/**
 * Whether ModifyCluster (UpdateWorkgroup) can be called now or after a wait (not paused, not being deleted,
 * not broken).
 */
export const isModifiableStatus = (status: string, kind: ResourceKind): boolean =>
  needsPersonAdvice(status, kind) === undefined;

/** The statuses that need a person, in the table's order (the runbook's wait ends on each of them). */
export const NEEDS_PERSON_STATUSES: readonly string[] = [...KINDS.cluster.statuses.needsPerson.keys()];
/** The workgroup statuses that need a person (the workgroup runbook's wait ends on each of them). */
export const WORKGROUP_NEEDS_PERSON_STATUSES: readonly string[] = [...KINDS.workgroup.statuses.needsPerson.keys()];
