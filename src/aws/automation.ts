import {
  DescribeDocumentCommand,
  GetAutomationExecutionCommand,
  type SSMClient,
  StartAutomationExecutionCommand,
} from '@aws-sdk/client-ssm';
import { callAws } from './awsCallError.ts';

export interface ExecutionState {
  readonly status: string;
  readonly steps: readonly { readonly name: string; readonly status: string }[];
  readonly failureMessage: string | undefined;
  readonly outputs: Readonly<Record<string, readonly string[]>>;
}

const SUCCEEDED = new Set(['Success', 'CompletedWithSuccess']);
const FAILED = new Set([
  'Failed',
  'TimedOut',
  'Cancelled',
  'Rejected',
  'CompletedWithFailure',
  'ChangeCalendarOverrideRejected',
  'Exited',
]);

export const isFinished = (status: string): boolean => SUCCEEDED.has(status) || FAILED.has(status);
export const isSucceeded = (status: string): boolean => SUCCEEDED.has(status);

/**
 * Start the runbook for one cluster; returns the execution id.
 * @throws AwsCallError (document missing, access denied …) naming the call.
 */
export const startAutomation = async (
  ssm: SSMClient,
  documentName: string,
  parameters: Record<string, string[]>,
): Promise<string> => {
  const out = await callAws('ssm:StartAutomationExecution', () =>
    ssm.send(new StartAutomationExecutionCommand({ DocumentName: documentName, Parameters: parameters })),
  );
  if (!out.AutomationExecutionId) throw new Error('StartAutomationExecution returned no execution id');
  return out.AutomationExecutionId;
};

/** The execution's status, steps, failure message and outputs. */
export const describeAutomation = async (ssm: SSMClient, executionId: string): Promise<ExecutionState> => {
  const out = await callAws('ssm:GetAutomationExecution', () =>
    ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: executionId })),
  );
  const execution = out.AutomationExecution ?? {};
  return {
    status: execution.AutomationExecutionStatus ?? 'Pending',
    steps: (execution.StepExecutions ?? []).map((s) => ({
      name: s.StepName ?? '?',
      status: s.StepStatus ?? 'Pending',
    })),
    failureMessage: execution.FailureMessage,
    outputs: execution.Outputs ?? {},
  };
};

/**
 * Whether an Automation document of this name (or ARN) exists for the caller: `undefined` when it does,
 * else what stands in the way (not found, denied …), for a dry run to report.
 */
export const checkDocument = async (ssm: SSMClient, documentName: string): Promise<string | undefined> => {
  try {
    const out = await callAws('ssm:DescribeDocument', () =>
      ssm.send(new DescribeDocumentCommand({ Name: documentName })),
    );
    const type = out.Document?.DocumentType;
    return type === undefined || type === 'Automation'
      ? undefined
      : `${documentName} is a ${type} document, not Automation`;
  } catch (error) {
    return (error as Error).message;
  }
};
