/** `redshift-evr rollback`: turn enhanced VPC routing off again on one cluster or workgroup, and wait for it. */
import { assertProfileExists } from '../aws/profiles.ts';
import { openRoutingSwitch, type RoutingState, type RoutingSwitch, waitUntilRolledBack } from '../aws/rollback.ts';
import { apiAction, KINDS } from '../core/resourceKinds.ts';
import { RESOURCE_KINDS, type ResourceKind } from '../core/types.ts';
import { InputError, RedshiftEvrError } from '../errors.ts';
import { AWS_FLAGS, AWS_HELP, checkedRegion, oneNamedTarget, parseFlags, parseTimeout } from './args.ts';
import { type CliIo, EXIT } from './io.ts';

/** A cluster restart takes minutes, sometimes tens of them; a workgroup's change is quicker. */
const DEFAULT_TIMEOUT_S = 1800;
/** How often the wait reads the resource: a restart is minutes long, a few seconds more do not matter. */
const POLL_MS = 10_000;

/** The calls each kind's rollback makes, one line a kind, as the help lists them. */
const permissions = RESOURCE_KINDS.map(
  (k) => `  ${KINDS[k].noun.padEnd(11)}${apiAction(k, 'read')}, ${apiAction(k, 'change')}`,
).join('\n');

const ROLLBACK_HELP = `Usage: redshift-evr rollback (--cluster ID | --workgroup NAME) [options]

Turn enhanced VPC routing OFF again on one ${KINDS.cluster.noun} or ${KINDS.workgroup.service} ${KINDS.workgroup.noun},
with your own credentials, when a pipeline broke after it was turned on and cannot be fixed quickly.
${KINDS.cluster.runbook.approvalInterruption} ${KINDS.workgroup.runbook.approvalInterruption}
Its Security Hub finding (${KINDS.cluster.control.id}, ${KINDS.workgroup.control.id}) is FAILED again: fix the network path
("redshift-evr scan" says what is missing), then run "redshift-evr remediate" again.

Refused unless enhanced VPC routing is on and the resource is available (${KINDS.cluster.statuses.available}, ${KINDS.workgroup.statuses.available});
asks before changing it unless --yes, then waits until it is available again.

Options:
  --cluster ID             the provisioned cluster to roll back
  --workgroup NAME         the Redshift Serverless workgroup to roll back
  --yes                    do not ask before changing it
  --timeout SECONDS        how long to wait for it to be available again (default ${DEFAULT_TIMEOUT_S})
  --no-wait                request the change and end, without waiting
${AWS_HELP}

Permissions (your own credentials' rights: no runbook, no role):
${permissions}

Exit status: 0 turned off (and, unless --no-wait, available again), 1 turned off but not available again
within --timeout (or the wait could not read it), 2 usage, credentials or API error, or refused (not found,
already off, not available, not confirmed): nothing was changed.
`;

const FLAGS = {
  ...AWS_FLAGS,
  cluster: { type: 'string' },
  workgroup: { type: 'string' },
  yes: { type: 'boolean' },
  timeout: { type: 'string' },
  'no-wait': { type: 'boolean' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

/**
 * The one resource named, checked by its kind's name rule, and the timeout: all before any AWS call.
 * @throws InputError naming the flag.
 */
const validate = (flags: Flags): { readonly kind: ResourceKind; readonly name: string; readonly timeoutS: number } => {
  const target = oneNamedTarget('rollback', flags);
  checkedRegion(flags.region);
  if (flags['no-wait'] && flags.timeout !== undefined) {
    throw new InputError('--timeout is how long to wait; it does nothing with --no-wait. Give one or the other.');
  }
  return { ...target, timeoutS: parseTimeout(flags.timeout, DEFAULT_TIMEOUT_S) };
};

/** "cluster etl-prod (us-east-1)", "workgroup analytics (us-east-1)". */
const labelOf = (target: RoutingSwitch): string => `${KINDS[target.kind].noun} ${target.name} (${target.region})`;

/** How a state reads in a message: "modifying (enhanced VPC routing on)". */
const stateWords = (state: RoutingState): string =>
  `${state.status} (enhanced VPC routing ${state.evr ? 'on' : 'off'}${state.pending ? ', a change of it pending' : ''})`;

/** Why the rollback is refused in this state (nothing is changed), or undefined when it may go ahead. */
const refusal = (target: RoutingSwitch, state: RoutingState): string | undefined => {
  const { noun, service, statuses } = KINDS[target.kind];
  const again = `Try again when it is ${statuses.available}.`;
  // Busy first: a resource being changed may be turning the flag on or off right now.
  if (state.pending) {
    return `${labelOf(target)} has a change of enhanced VPC routing pending: the ${noun} is being modified. ${again}`;
  }
  if (state.status !== statuses.available) {
    return `${labelOf(target)} is ${stateWords(state)}, not ${statuses.available}: ${service} takes the change only then. ${again}`;
  }
  if (!state.evr) return `enhanced VPC routing is already off on ${labelOf(target)}: nothing to roll back.`;
  return undefined;
};

/** The question: what the change does to the resource, and to its finding. */
const question = (target: RoutingSwitch): string => {
  const { runbook, control } = KINDS[target.kind];
  return `Turn enhanced VPC routing OFF on ${labelOf(target)}? ${runbook.approvalInterruption} Its Security Hub finding ${control.id} will be FAILED again.`;
};

/** What to do next, once it is off: the same words whether or not the command waited. */
const afterwards = (target: RoutingSwitch): string =>
  `Its Security Hub finding ${KINDS[target.kind].control.id} will be FAILED again at the next evaluation; turn it back on with redshift-evr remediate once the pipeline is fixed.`;

/** Where to look when the wait did not see it through. */
const whatToCheck = (target: RoutingSwitch): string => {
  const { service, name } = KINDS[target.kind];
  return `Check it in the ${service} console (its status and events), or with "redshift-evr scan ${name.flag} ${target.name} --region ${target.region}".`;
};

/** Wait for the resource, and say how it ended: exit 0 available again with the flag off, else 1. */
const follow = async (target: RoutingSwitch, io: CliIo, timeoutS: number): Promise<number> => {
  io.stderr(`Waiting up to ${timeoutS} s for ${labelOf(target)} to be ${KINDS[target.kind].statuses.available}...\n`);
  try {
    const { done, last } = await waitUntilRolledBack(target, io, timeoutS * 1000, POLL_MS);
    if (done) {
      io.stdout(
        `Enhanced VPC routing turned off on ${labelOf(target)}; it is available again. ${afterwards(target)}\n`,
      );
      return EXIT.OK;
    }
    io.stderr(
      `error: the change was requested, but after ${timeoutS} s ${labelOf(target)} is ${stateWords(last)}. ${whatToCheck(target)}\n`,
    );
  } catch (error) {
    // The change is made: a failed read here is exit 1 (not 2, which says nothing was changed).
    if (!(error instanceof RedshiftEvrError)) throw error;
    io.stderr(
      `error: the change was requested, but the wait could not read it: ${error.message.replace(/\.$/, '')}. ${whatToCheck(target)}\n`,
    );
  }
  return EXIT.NONCOMPLIANT;
};

/** `redshift-evr rollback`: read, refuse or confirm, turn enhanced VPC routing off, wait. */
export const rollbackCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('rollback', argv, FLAGS);
  if (flags.help) {
    io.stdout(ROLLBACK_HELP);
    return EXIT.OK;
  }
  const { kind, name, timeoutS } = validate(flags);
  await assertProfileExists(flags.profile);
  const target = await openRoutingSwitch(kind, name, { region: flags.region, profile: flags.profile });
  try {
    const refused = refusal(target, await target.read());
    if (refused !== undefined) {
      io.stderr(`Nothing changed: ${refused}\n`);
      return EXIT.USAGE;
    }
    if (!flags.yes && !(await io.confirm(question(target)))) {
      io.stderr('Nothing changed: not confirmed. Pass --yes to turn it off without asking.\n');
      return EXIT.USAGE;
    }
    await target.turnOff();
    if (flags['no-wait']) {
      io.stdout(
        `Enhanced VPC routing is being turned off on ${labelOf(target)}; not waiting for it to be available again. ${afterwards(target)}\n`,
      );
      return EXIT.OK;
    }
    return await follow(target, io, timeoutS);
  } finally {
    target.close();
  }
};
