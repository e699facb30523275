/**
 * Turning enhanced VPC routing off again on one cluster or workgroup, with the caller's own credentials (no
 * runbook, no role: the on-call undoing a change that broke a pipeline), and waiting until it is available
 * again with the flag off.
 */
import { DescribeClustersCommand, ModifyClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  RedshiftServerlessClient,
  UpdateWorkgroupCommand,
} from '@aws-sdk/client-redshift-serverless';
import { apiAction, KINDS } from '../core/resourceKinds.ts';
import type { ResourceKind } from '../core/types.ts';
import { AwsCallError, InputError } from '../errors.ts';
import { callAws } from './awsCallError.ts';
import { type ClientOptions, clientConfig, resolveRegion } from './clients.ts';

/** What a rollback decides by. */
export interface RoutingState {
  readonly status: string;
  readonly evr: boolean;
  /**
   * A change of the flag is requested and not applied yet (a cluster's PendingModifiedValues): the cluster may
   * still show "available" with the old value, yet takes no other change until it is applied.
   */
  readonly pending: boolean;
}

/** One kind's SDK calls: read the resource (undefined when it does not exist) and turn the flag off. */
interface KindCalls {
  readonly read: (name: string) => Promise<RoutingState | undefined>;
  readonly turnOff: (name: string) => Promise<void>;
  readonly region: () => Promise<string>;
  readonly destroy: () => void;
}

/** Each kind's client and calls; the operation names (for AwsCallError) come from the kind table. */
const CALLS: Readonly<Record<ResourceKind, (options: ClientOptions) => KindCalls>> = {
  cluster: (options) => {
    const client = new RedshiftClient(clientConfig(options));
    return {
      read: async (name) => {
        const out = await client.send(new DescribeClustersCommand({ ClusterIdentifier: name }));
        const found = out.Clusters?.[0];
        return (
          found && {
            status: found.ClusterStatus ?? 'unknown',
            evr: found.EnhancedVpcRouting === true,
            pending: found.PendingModifiedValues?.EnhancedVpcRouting !== undefined,
          }
        );
      },
      turnOff: async (name) => {
        await client.send(new ModifyClusterCommand({ ClusterIdentifier: name, EnhancedVpcRouting: false }));
      },
      region: () => resolveRegion(client),
      destroy: () => client.destroy(),
    };
  },
  workgroup: (options) => {
    const client = new RedshiftServerlessClient(clientConfig(options));
    return {
      read: async (name) => {
        const found = (await client.send(new GetWorkgroupCommand({ workgroupName: name }))).workgroup;
        // Redshift Serverless shows no pending value: the status (MODIFYING) says a change is being applied.
        return found && { status: found.status ?? 'unknown', evr: found.enhancedVpcRouting === true, pending: false };
      },
      turnOff: async (name) => {
        await client.send(new UpdateWorkgroupCommand({ workgroupName: name, enhancedVpcRouting: false }));
      },
      region: () => resolveRegion(client),
      destroy: () => client.destroy(),
    };
  },
};

/** One named cluster or workgroup in one Region, and the two calls a rollback makes on it. */
export interface RoutingSwitch {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly region: string;
  /**
   * The resource's status and flag.
   * @throws InputError naming the resource and the Region when it does not exist; AwsCallError otherwise.
   */
  readonly read: () => Promise<RoutingState>;
  /** @throws AwsCallError naming the change action (`redshift:ModifyCluster`) when it fails. */
  readonly turnOff: () => Promise<void>;
  /** Close the client's connections. */
  readonly close: () => void;
}

/**
 * The switch of one resource, its Region resolved (before any call, so that a missing Region is a usage error).
 * @throws InputError when no Region is configured.
 */
export const openRoutingSwitch = async (
  kind: ResourceKind,
  name: string,
  options: ClientOptions,
): Promise<RoutingSwitch> => {
  const calls = CALLS[kind](options);
  let region: string;
  try {
    region = await calls.region();
  } catch (error) {
    calls.destroy();
    throw error;
  }
  const { noun, name: naming } = KINDS[kind];
  const read = async (): Promise<RoutingState> => {
    let state: RoutingState | undefined;
    try {
      state = await callAws(apiAction(kind, 'read'), () => calls.read(name));
    } catch (error) {
      if (!(error instanceof AwsCallError && error.errorName.startsWith(KINDS[kind].api.notFound))) throw error;
    }
    if (state === undefined) {
      throw new InputError(
        `${noun} ${name} was not found in ${region}: check ${naming.flag} and --region (or the profile's Region).`,
      );
    }
    return state;
  };
  return {
    kind,
    name,
    region,
    read,
    turnOff: () => callAws(apiAction(kind, 'change'), () => calls.turnOff(name)),
    close: calls.destroy,
  };
};

/**
 * Available with the flag off: the rollback is done. Available alone is not enough: right after the change
 * request, Redshift may still show the resource available with the flag on (the change pending).
 */
export const isRolledBack = (kind: ResourceKind, state: RoutingState): boolean =>
  state.status === KINDS[kind].statuses.available && !state.evr;

/** How a wait passes time; the CLI's io, or a test's instant one. */
export interface WaitClock {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** How a wait ended: rolled back, or not by the deadline (with what the last read showed). */
export interface WaitOutcome {
  readonly done: boolean;
  readonly last: RoutingState;
}

/**
 * Read the resource every `pollMs` until it is rolled back or `timeoutMs` has passed. The first read is made
 * at once: a resource that applied the change already is not made to wait a poll.
 * @throws AwsCallError or InputError (the resource gone) from a read.
 */
export const waitUntilRolledBack = async (
  target: RoutingSwitch,
  clock: WaitClock,
  timeoutMs: number,
  pollMs: number,
): Promise<WaitOutcome> => {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const last = await target.read();
    if (isRolledBack(target.kind, last)) return { done: true, last };
    const left = deadline - clock.now();
    if (left <= 0) return { done: false, last };
    await clock.sleep(Math.min(pollMs, left));
  }
};
