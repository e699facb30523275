import { type ActionHandler, StepFailure } from './action.ts';

/** aws:approve: the test answers for the approvers; a rejection fails the step. */
export const approve: ActionHandler = async ({ step, inputs, options }) => {
  if (!options.approve) throw new StepFailure(`${step.name}: the test gave no approve answer`);
  const answer = await options.approve({
    step: step.name,
    approvers: inputs.Approvers,
    message: String(inputs.Message ?? ''),
    minRequiredApprovals: inputs.MinRequiredApprovals,
    notificationArn: inputs.NotificationArn,
  });
  if (answer !== 'Approved') throw new StepFailure(`${step.name}: the change was rejected by an approver`);
  return { data: {} };
};
