/**
 * What each Redshift cluster or workgroup status means for a remediation: one table per kind for the engine,
 * the preflight, the CLI and (checked by tests) the runbooks' waits. Statuses: Redshift API Reference,
 * `Cluster.ClusterStatus`; Redshift Serverless API Reference, `Workgroup.status`.
 */
import type { ResourceKind } from './types.ts';

const RESUME = 'resume it (ResumeCluster), then remediate once it is available';
const DELETED = 'it is being deleted; nothing to remediate';
const REPAIR = "Redshift refuses changes in this state; resolve it (see the cluster's events), then remediate";

/** Every status in which Redshift refuses ModifyCluster until a person acts, with what to do. */
const NEEDS_PERSON: ReadonlyMap<string, string> = new Map([
  ['paused', RESUME],
  ['pausing', RESUME],
  ['deleting', DELETED],
  ['final-snapshot', DELETED],
  ['hardware-failure', REPAIR],
  ['storage-full', REPAIR],
  ['incompatible-hsm', REPAIR],
  ['incompatible-network', REPAIR],
  ['incompatible-parameters', REPAIR],
  ['incompatible-restore', REPAIR],
]);

/** The statuses that need a person, in the table's order (the runbook's wait ends on each of them). */
export const NEEDS_PERSON_STATUSES: readonly string[] = [...NEEDS_PERSON.keys()];

/** A workgroup is AVAILABLE, CREATING, MODIFYING or DELETING: only DELETING never ends in AVAILABLE. */
const WORKGROUP_NEEDS_PERSON: ReadonlyMap<string, string> = new Map([['DELETING', DELETED]]);

/** The workgroup statuses that need a person (the workgroup runbook's wait ends on each of them). */
export const WORKGROUP_NEEDS_PERSON_STATUSES: readonly string[] = [...WORKGROUP_NEEDS_PERSON.keys()];

/**
 * What a person must do before a resource in this status can be remediated, written to follow "Cluster is
 * <status>: "; undefined when nobody needs to (it is available, or busy and will be: an unknown status counts
 * as busy, never as ready).
 */
export const needsPersonAdvice = (status: string, kind: ResourceKind): string | undefined =>
  kind === 'workgroup'
    ? WORKGROUP_NEEDS_PERSON.get(status)
    : (NEEDS_PERSON.get(status) ?? (status.startsWith('incompatible-') ? REPAIR : undefined));

/**
 * Whether ModifyCluster (UpdateWorkgroup) can be called now or after a wait (not paused, not being deleted,
 * not broken).
 */
export const isModifiableStatus = (status: string, kind: ResourceKind): boolean =>
  needsPersonAdvice(status, kind) === undefined;
