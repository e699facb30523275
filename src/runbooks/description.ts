/** The runbook's Markdown description: what it does, step by step, and the permissions it needs. */
import type { RunbookKind } from './runbookKinds.ts';
import { wrapMarkdown } from './wrapMarkdown.ts';

/** Wrapped so that the document's lines, indented by two, stay within 116 characters. */
const WIDTH = 114;

/** The description of one kind's runbook (SSM shows it as Markdown). */
export const runbookDescription = (k: RunbookKind): string => {
  const changeAction = `\`${k.service}:${k.changeApi}\``;
  return wrapMarkdown(
    [
      `# Enable enhanced VPC routing on a ${k.serviceName} ${k.noun}, safely`,
      '',
      `Makes AWS Security Hub control **${k.controlId}** pass for one ${k.serviceName} ${k.noun} without breaking its data pipelines. With enhanced VPC routing, COPY, UNLOAD and Spectrum traffic goes through the ${k.noun}'s VPC: if a subnet of ${k.subnetsOf} has no route to Amazon S3, those statements fail after the change.`,
      '',
      '## What it does',
      `1. **Reads the ${k.noun}** (a missing ${k.noun} or a denied call stops here with AWS's own error).`,
      '2. **Preflight**: the `redshift-evr` preflight function runs the same engine as the AWS Config rule and decides:',
      "   - exempt (tagged with the stack's ExemptionTagKey, which the preflight always applies, or with `ExemptionTagKey`): ends without any change (`Exempt.Result`);",
      '   - enhanced VPC routing already on: ends without any change (`AlreadyEnabled.Result`), with a warning (`AlreadyEnabled.Warning`) when its S3 path or VPC DNS is missing, since COPY/UNLOAD may be failing now;',
      `   - ${k.needsPersonWords}, or a prerequisite missing or unverified (a path to S3 from every subnet of ${k.subnetsOf}, VPC DNS resolution and hostnames): **stops before any change** with what to do;`,
      `   - ready: goes on. With \`SkipPreflight=true\` the network is not checked (the exemption and the ${k.noun}'s state still are), and every message says so.`,
      '3. **Approval** (only if `RequireApproval` is `true`; `MinRequiredApprovals` of `Approvers`, notified through `ApprovalNotificationArn` when given): the message says whether the preflight ran, what it found and when the change will happen.',
      `4. Waits until the ${k.noun} is \`${k.availableStatus}\` (at most \`AvailabilityTimeoutSeconds\`); a ${k.noun} that is ${k.needsPersonWords} meanwhile ends the run at once, unchanged.`,
      `5. **Runs the preflight again** immediately before ${changeAction}, so the decision is seconds old, not as old as the approval: a route removed while the approval waited stops the run, unchanged; a ${k.noun} exempted or enabled by someone else meanwhile ends successfully without a change.`,
      `   **Change window** (\`ChangeWindow\`, default \`${k.defaultChangeWindow}\`): outside it, the runbook sleeps until the window opens and goes back to step 4 there; it never changes the ${k.noun} outside the window, and stops unchanged when the window is missed twice.`,
      `6. Calls ${changeAction} with \`${k.flagInput}=true\` and nothing else, **waits until the change is applied** (the flag turns true and the ${k.noun} is \`${k.availableStatus}\` again; "${k.availableStatus}" alone can be seen before the change starts), then **verifies** it. \`Report.Result\`, \`Report.PreflightSkipped\` and \`Report.PreflightExplanation\` say what happened.`,
      '',
      '## Permissions of `AutomationAssumeRole`',
      `\`${k.service}:${k.readApi}\`, ${changeAction}, \`lambda:InvokeFunction\` on the preflight function, and \`sns:Publish\` on the \`ApprovalNotificationArn\` topic when one is given.`,
      '',
      k.interruption,
    ],
    WIDTH,
  );
};
