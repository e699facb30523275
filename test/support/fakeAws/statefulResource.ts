/**
 * What the stateful cluster and workgroup fakes share: the life of one resource under the remediation (or its
 * rollback). After a change request that turns enhanced VPC routing on (or off), reads still show it available
 * with the old value for `pendingPolls` reads (the race), then modifying for `modifyingPolls` reads, and only then
 * the new value and the resource available again. A busy initial `status` turns available after `busyPolls` reads. Each fake renders
 * this state into its own SDK shape and errors.
 */

export interface StatefulResourceSpec {
  readonly evr?: boolean;
  readonly status?: string;
  /** Reads that still show the resource available with the flag off after the change request (the race). */
  readonly pendingPolls?: number;
  /** Reads that show it modifying before the flag flips. */
  readonly modifyingPolls?: number;
  /** With a busy `status` (resizing, MODIFYING, CREATING …): reads until it turns available. */
  readonly busyPolls?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the tests do to and ask of a stateful fake, whatever its kind. */
export interface StatefulResource {
  /** Change requests for this resource (ModifyCluster, UpdateWorkgroup), accepted or refused. */
  readonly changeCalls: () => number;
  /** Reads of this resource (DescribeClusters, GetWorkgroup). */
  readonly readCalls: () => number;
  /** Change the state from outside, as an operator or Redshift would (a pause, a deletion). */
  readonly setStatus: (status: string) => void;
  /** Tag the resource from outside (an exemption added while the runbook waits). */
  readonly setTags: (tags: Readonly<Record<string, string>>) => void;
  /** Turn enhanced VPC routing on from outside (someone else's change). */
  readonly enableFromOutside: () => void;
}

/** What a read shows. */
export interface ResourceState {
  readonly evr: boolean;
  readonly status: string;
  /** A change was requested and the flag has not flipped yet. */
  readonly changePending: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** How one kind spells its statuses, and how many reads its race lasts unless the spec says. */
export interface ResourceKindStates {
  readonly available: string;
  readonly modifying: string;
  readonly pendingPolls: number;
}

export interface ResourceLifecycle {
  /** What the fake hands to the tests. */
  readonly resource: StatefulResource;
  /** The state now, without counting a read. */
  readonly state: () => ResourceState;
  /** One read: counted, and time moves on by one poll. */
  readonly read: () => ResourceState;
  /**
   * One change request: counted; false (nothing changes) unless the resource is available. `evr` is the value
   * the request asks for (undefined: a request that does not touch the flag).
   */
  readonly requestChange: (evr: boolean | undefined) => boolean;
}

export const resourceLifecycle = (spec: StatefulResourceSpec, kind: ResourceKindStates): ResourceLifecycle => {
  let evr = spec.evr ?? false;
  let tags = spec.tags ?? {};
  let status = spec.status ?? kind.available;
  let busy = spec.busyPolls;
  let changePending = false;
  /** The value a pending change applies. */
  let wantedEvr = evr;
  let sinceChange = 0;
  let reads = 0;
  let changes = 0;
  const pendingPolls = spec.pendingPolls ?? kind.pendingPolls;
  const modifyingPolls = spec.modifyingPolls ?? 3;

  const state = (): ResourceState => ({ evr, status, changePending, tags });
  const advance = () => {
    if (busy !== undefined && --busy < 0) {
      status = kind.available;
      busy = undefined;
    }
    if (!changePending) return;
    sinceChange += 1;
    if (sinceChange <= pendingPolls) return;
    if (sinceChange <= pendingPolls + modifyingPolls) {
      status = kind.modifying;
      return;
    }
    evr = wantedEvr;
    changePending = false;
    status = kind.available;
  };

  return {
    state,
    read: () => {
      reads += 1;
      advance();
      return state();
    },
    requestChange: (wanted) => {
      changes += 1;
      if (status !== kind.available) return false;
      if (wanted !== undefined && wanted !== evr) {
        changePending = true;
        wantedEvr = wanted;
        sinceChange = 0;
        // Without a race to model, the answer to the change already shows the resource modifying.
        if (pendingPolls === 0) status = kind.modifying;
      }
      return true;
    },
    resource: {
      changeCalls: () => changes,
      readCalls: () => reads,
      setStatus: (next) => {
        status = next;
        busy = undefined;
      },
      setTags: (next) => {
        tags = next;
      },
      enableFromOutside: () => {
        evr = true;
      },
    },
  };
};
