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
