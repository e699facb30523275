/**
 * What each Redshift cluster or workgroup status means for a remediation: one table per kind for the engine,
 * the preflight, the CLI and (checked by tests) the runbooks' waits. Statuses: Redshift API Reference,
 * `Cluster.ClusterStatus`; Redshift Serverless API Reference, `Workgroup.status`.
 */
import type { ResourceKind } from './types.ts';

/** `now`: ModifyCluster is accepted; `after-wait`: it will be once Redshift finishes; `needs-person`: someone must act. */
export type Modifiability = 'now' | 'after-wait' | 'needs-person';

export interface ClusterState {
  readonly modifiability: Modifiability;
  /** What to do, written to follow "Cluster is <status>: ". */
  readonly advice: string;
}

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

const NOW: ClusterState = { modifiability: 'now', advice: 'remediate now' };
const WAIT: ClusterState = {
  modifiability: 'after-wait',
  advice: 'Redshift is busy with it; the runbook waits until it is available',
};

/** The remediation meaning of a status; an unknown status is treated as a wait, never as ready. */
export const clusterStateOf = (status: string, kind: ResourceKind): ClusterState => {
  if (kind === 'workgroup') {
    if (status === 'AVAILABLE') return NOW;
    const advice = WORKGROUP_NEEDS_PERSON.get(status);
    return advice === undefined ? WAIT : { modifiability: 'needs-person', advice };
  }
  if (status === 'available') return NOW;
  const advice = NEEDS_PERSON.get(status) ?? (status.startsWith('incompatible-') ? REPAIR : undefined);
  return advice === undefined ? WAIT : { modifiability: 'needs-person', advice };
};

/**
 * Whether ModifyCluster (UpdateWorkgroup) can be called now or after a wait (not paused, not being deleted,
 * not broken).
 */
export const isModifiableStatus = (status: string, kind: ResourceKind): boolean =>
  clusterStateOf(status, kind).modifiability !== 'needs-person';
