/**
 * `remediate`'s change management: when the runbooks may change each resource (--change-window), who approves
 * (--approver, --min-approvals) and which SNS topic tells them (--notify), and, for --dry-run, the planned start.
 */
import { CHANGE_WINDOW_RULE, parseChangeWindow } from '../../core/changeWindow.ts';
import { APPROVAL_TOPIC_RULE, isApprovalTopicArn } from '../../core/identifiers.ts';
import { KINDS } from '../../core/resourceKinds.ts';
import type { ResourceKind } from '../../core/types.ts';
import { InputError } from '../../errors.ts';
import { isScheduleProblem, scheduleChange, scheduleProblemOf } from '../../preflight/schedule.ts';

export const CHANGE_FLAGS = {
  'change-window': { type: 'string' },
  approver: { type: 'string', multiple: true },
  'min-approvals': { type: 'string' },
  notify: { type: 'string' },
} as const;

export const CHANGE_HELP = `  --change-window W        when the runbook may change each resource, in UTC: now, maintenance-window (a
                           cluster's own; workgroups have none) or a weekly window such as sun:03:00-sun:05:00
                           (default: the runbook's, maintenance-window for clusters and now for workgroups)
  --approver ARN           wait for this IAM user, group or role to approve before the change (repeatable)
  --min-approvals N        how many of the approvers must approve (default 1)
  --notify TOPIC_ARN       SNS topic (its name starts with Automation) SSM tells the approvers through`;

/** What the flags ask of every execution. */
export interface ChangePlan {
  /** Undefined: each runbook's own default. */
  readonly changeWindow: string | undefined;
  readonly approvers: readonly string[];
  readonly minApprovals: number;
  readonly notify: string | undefined;
}

type ChangeFlags = {
  readonly 'change-window'?: string | undefined;
  readonly approver?: string[] | undefined;
  readonly 'min-approvals'?: string | undefined;
  readonly notify?: string | undefined;
};

/**
 * The change plan from the flags, checked before any call against the kinds that may be remediated.
 * @throws InputError naming the flag.
 */
export const parseChangePlan = (flags: ChangeFlags, kinds: readonly ResourceKind[]): ChangePlan => {
  const text = flags['change-window']?.trim().toLowerCase();
  if (text !== undefined) {
    const window = text === '' ? undefined : parseChangeWindow(text);
    if (window === undefined)
      throw new InputError(`--change-window must be ${CHANGE_WINDOW_RULE}, got "${flags['change-window']}".`);
    for (const kind of kinds) {
      const problem = scheduleProblemOf(window, kind);
      if (problem !== undefined) {
        throw new InputError(
          `--change-window ${text}: ${problem} Remediate ${KINDS[kind].plural} in a run of their own.`,
        );
      }
    }
  }
  const approvers = flags.approver ?? [];
  if (approvers.some((a) => a.trim() === ''))
    throw new InputError('--approver needs an IAM user, group or role, got an empty one.');
  const min = flags['min-approvals'] === undefined ? 1 : Number(flags['min-approvals']);
  if (!Number.isInteger(min) || min < 1 || min > 5) {
    throw new InputError(`--min-approvals must be a whole number from 1 to 5, got "${flags['min-approvals']}".`);
  }
  if (flags['min-approvals'] !== undefined && min > approvers.length) {
    throw new InputError(`--min-approvals ${min} needs at least ${min} --approver (got ${approvers.length}).`);
  }
  if (flags.notify !== undefined && !isApprovalTopicArn(flags.notify)) {
    throw new InputError(`--notify must be ${APPROVAL_TOPIC_RULE}, got "${flags.notify}".`);
  }
  if (flags.notify !== undefined && approvers.length === 0) {
    throw new InputError('--notify tells the approvers: name them with --approver.');
  }
  return { changeWindow: text, approvers, minApprovals: min, notify: flags.notify };
};

/** The runbook parameters of the plan (none of them when the flags leave the runbook's defaults). */
export const changeParameters = (plan: ChangePlan): Record<string, string[]> => ({
  ...(plan.changeWindow !== undefined ? { ChangeWindow: [plan.changeWindow] } : {}),
  ...(plan.approvers.length > 0
    ? { RequireApproval: ['true'], Approvers: [...plan.approvers], MinRequiredApprovals: [String(plan.minApprovals)] }
    : {}),
  ...(plan.notify !== undefined ? { ApprovalNotificationArn: [plan.notify] } : {}),
});

/**
 * When a dry run's resource would be changed: the window and the planned start, as the preflight will compute
 * it (pure). `maintenanceWindow` is the cluster's own, as DescribeClusters reports it.
 */
export const plannedStart = (
  plan: ChangePlan,
  kind: ResourceKind,
  maintenanceWindow: string | undefined,
  now: Date,
): string => {
  const text = plan.changeWindow ?? KINDS[kind].runbook.defaultChangeWindow;
  const window = parseChangeWindow(text);
  if (window === undefined) return `change window ${text} is not one`;
  const schedule = scheduleChange(window, kind, maintenanceWindow, now);
  if (isScheduleProblem(schedule)) return `no change: ${schedule.problem}`;
  const approval = plan.approvers.length > 0 ? ', once approved' : '';
  if (schedule.window === null) return `change window now: planned start ${schedule.start}${approval}`;
  const when = schedule.inWindow ? `the window is open now, until ${schedule.end}` : `planned start ${schedule.start}`;
  return `change window ${text === schedule.window ? text : `${text} (${schedule.window})`} UTC: ${when}${approval}`;
};
