/**
 * `redshift-evr exempt`: the procedure's "EVR off is intended" answer, written down where the rules read it: the
 * exemption tag on the cluster or workgroup, its value the reason (and, with --until, the last day it holds).
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { clientConfig } from '../aws/clients.ts';
import { readDeployedRule } from '../aws/deployedRule.ts';
import { exemptionTagActions, openExemptionTag } from '../aws/exemptionTags.ts';
import { assertProfileExists } from '../aws/profiles.ts';
import { exemptionEndOf } from '../core/exemptionExpiry.ts';
import { isTagKey } from '../core/identifiers.ts';
import { KINDS } from '../core/resourceKinds.ts';
import { RESOURCE_KINDS, type ResourceKind } from '../core/types.ts';
import { RULE_SPECS } from '../deploy/ruleSpec.ts';
import { InputError } from '../errors.ts';
import { AWS_FLAGS, AWS_HELP, checkedRegion, oneNamedTarget, parseFlags } from './args.ts';
import { type CliIo, EXIT } from './io.ts';

/** AWS's limit for a tag value (Redshift and Redshift Serverless alike). */
const TAG_VALUE_MAX = 256;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const permissions = RESOURCE_KINDS.map((k) => `  ${KINDS[k].noun.padEnd(11)}${exemptionTagActions(k).join(', ')}`).join(
  '\n',
);

const EXEMPT_HELP = `Usage: redshift-evr exempt (--cluster ID | --workgroup NAME) --reason TEXT [--until YYYY-MM-DD] [options]
       redshift-evr exempt (--cluster ID | --workgroup NAME) --remove [options]

Mark enhanced VPC routing off as intended on one ${KINDS.cluster.noun} or ${KINDS.workgroup.noun}: tag it with the exemption tag key, the
reason as the tag's value. The AWS Config rules then report it NOT_APPLICABLE with that reason, and no runbook
changes it. --until ends the exemption after that day (UTC): the value ends with "until YYYY-MM-DD".
--remove takes the tag off again: the rules judge it as any other at their next evaluation. Its Security Hub
finding follows at once: SUPPRESSED with the reason, or (removed) our suppression undone.

Options:
  --cluster ID             the provisioned cluster
  --workgroup NAME         the Redshift Serverless workgroup
  --reason TEXT            why enhanced VPC routing stays off (a ticket, an owner): the tag's value
  --until YYYY-MM-DD       the last day the exemption holds
  --remove                 remove the exemption tag instead
  --exemption-tag-key KEY  the tag key (default: the deployed rule's ExemptionTagKey, read with
                           config:DescribeConfigRules)
  --dry-run                say what would change, change nothing
${AWS_HELP}

Permissions (your own credentials' rights):
${permissions}
  securityhub:GetFindings, securityhub:BatchUpdateFindings (the finding; a warning without them)
  and config:DescribeConfigRules without --exemption-tag-key

Exit status: 0 done (or nothing to do), 2 usage, credentials or API error: nothing was changed.
`;

const FLAGS = {
  ...AWS_FLAGS,
  cluster: { type: 'string' },
  workgroup: { type: 'string' },
  reason: { type: 'string' },
  until: { type: 'string' },
  remove: { type: 'boolean' },
  'exemption-tag-key': { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

/** `--until`: a real calendar date, today or later (UTC). */
const parseUntil = (text: string, now: number): string => {
  const m = DATE.exec(text);
  const date = m === null ? undefined : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || date === undefined || date.toISOString().slice(0, 10) !== text) {
    throw new InputError(`--until must be a calendar date YYYY-MM-DD, the exemption's last day (UTC), got "${text}".`);
  }
  if (date.getTime() + 86_400_000 <= now) {
    throw new InputError(`--until ${text} has passed: give today or a later day.`);
  }
  return text;
};

/** The tag's value to set, checked before any call. */
const tagValueOf = (flags: Flags, now: number): string => {
  const reason = flags.reason?.trim() ?? '';
  if (reason === '') {
    throw new InputError('exempt needs --reason TEXT: why enhanced VPC routing stays off (a ticket, an owner).');
  }
  if (/[\r\n]/.test(reason)) throw new InputError('--reason must be one line.');
  if (flags.until !== undefined && exemptionEndOf(reason).kind !== 'none') {
    throw new InputError('--reason already ends with "until" and a date: give the date once, with --until.');
  }
  const value = flags.until === undefined ? reason : `${reason} until ${parseUntil(flags.until, now)}`;
  // The rules read the value as they will: an end date they would take as invalid, or one already past,
  // would exempt nothing.
  const end = exemptionEndOf(value);
  if (end.kind === 'invalid') {
    throw new InputError(
      `--reason ends with "until ${end.text}", which the rules read as an end date that is not one (the resource would not be exempt): give the date with --until YYYY-MM-DD, or reword the reason.`,
    );
  }
  if (end.kind === 'date' && end.endsAtMs <= now) {
    throw new InputError(`--reason ends with "until ${end.date}", which has passed: the resource would not be exempt.`);
  }
  if (value.length > TAG_VALUE_MAX) {
    throw new InputError(
      `The tag value (the reason${flags.until ? ' and "until <date>"' : ''}) comes to ${value.length} characters; AWS takes at most ${TAG_VALUE_MAX}: shorten --reason.`,
    );
  }
  return value;
};

/** Everything checked before any call: the resource, what to do, and the key if given. */
const validate = (flags: Flags, now: number) => {
  const target = oneNamedTarget('exempt', flags);
  checkedRegion(flags.region);
  const key = flags['exemption-tag-key'];
  if (key !== undefined && !isTagKey(key)) {
    throw new InputError(
      `--exemption-tag-key must be a tag key of 1-128 characters not starting with "aws:", got "${key}".`,
    );
  }
  if (flags.remove) {
    if (flags.reason !== undefined || flags.until !== undefined) {
      throw new InputError('--remove takes the tag off: give neither --reason nor --until with it.');
    }
    return { target, key, value: undefined };
  }
  return { target, key, value: tagValueOf(flags, now) };
};

/** The key: --exemption-tag-key, else the deployed rule's ExemptionTagKey for this kind. */
const tagKeyOf = async (kind: ResourceKind, flags: Flags, io: CliIo): Promise<string> => {
  const given = flags['exemption-tag-key'];
  if (given !== undefined) return given;
  const config = new ConfigServiceClient(clientConfig({ region: flags.region, profile: flags.profile }));
  try {
    const deployed = await readDeployedRule(config, RULE_SPECS[kind].configRuleName);
    if (deployed.read && deployed.settings.exemptionTagKey !== undefined) {
      io.stderr(
        `note: exemption tag key ${deployed.settings.exemptionTagKey} (from AWS Config rule ${deployed.settings.ruleName}).\n`,
      );
      return deployed.settings.exemptionTagKey;
    }
    const why = deployed.read
      ? `AWS Config rule ${deployed.settings.ruleName} has no ExemptionTagKey (the stack was deployed without one)`
      : `AWS Config rule ${deployed.ruleName} could not be read (${deployed.why.replace(/\.$/, '')})`;
    throw new InputError(
      `${why}: the rules would not read any tag as an exemption. Deploy the stack with --param="ExemptionTagKey=evr-exempt", or pass --exemption-tag-key KEY as deployed.`,
    );
  } finally {
    config.destroy();
  }
};

/**
 * Bring the resource's Security Hub finding in line with the tag at once, as the rule's SecurityHubSync would at
 * its next run: exempt → SUPPRESSED with the reason; removed → our suppression undone (NEW). Never fails the
 * command: the tag is what counts, and a missing Security Hub or a denied call is a line on standard error.
 */
const syncFinding = async (
  kind: ResourceKind,
  resourceArn: string,
  exemption: { readonly tagKey: string; readonly reason: string } | undefined,
  flags: Flags,
  io: CliIo,
): Promise<void> => {
  const { createSecurityHubClient, syncSecurityHubFindings } = await import('../aws/securityHubFindings.ts');
  const client = createSecurityHubClient({ region: flags.region, profile: flags.profile });
  const { control } = KINDS[kind];
  try {
    const evaluation = exemption
      ? {
          kind,
          complianceType: 'NOT_APPLICABLE' as const,
          annotation: `Exempt by tag ${exemption.tagKey}: ${exemption.reason}`,
          exemption,
          readyToRemediate: false,
        }
      : // Judged again at the rule's next run; until then only our suppression is undone (never marked blocked).
        {
          kind,
          complianceType: 'NON_COMPLIANT' as const,
          annotation:
            'the exemption tag was removed (redshift-evr exempt --remove); the AWS Config rule judges it again at its next evaluation.',
          exemption: null,
          readyToRemediate: true,
        };
    const report = await syncSecurityHubFindings(client, [{ resourceArn, evaluation }]);
    if (report.problem !== undefined) {
      io.stderr(
        `warning: its Security Hub ${control.id} finding was not updated (${report.problem.message}); the rule's SecurityHubSync, or a run with securityhub:GetFindings and securityhub:BatchUpdateFindings, will.
`,
      );
    } else if (report.findings === 0) {
      io.stdout(`Security Hub: no active ${control.id} finding for it in this Region.
`);
    } else if (report.updated === 0 && report.unprocessed.length === 0) {
      io.stdout(`Security Hub: its ${control.id} finding already says so.
`);
    } else {
      const status = exemption ? 'SUPPRESSED, with the reason in its note' : 'NEW again (our suppression undone)';
      io.stdout(`Security Hub: its ${control.id} finding is ${status}.
`);
      for (const u of report.unprocessed)
        io.stderr(`warning: Security Hub did not update finding ${u.findingId}: ${u.error}
`);
    }
  } finally {
    client.destroy();
  }
};

/** `redshift-evr exempt`: tag one resource as exempt (or remove the tag), and say what follows. */
export const exemptCommand = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const flags = parseFlags('exempt', argv, FLAGS);
  if (flags.help) {
    io.stdout(EXEMPT_HELP);
    return EXIT.OK;
  }
  const { target, value } = validate(flags, io.now());
  await assertProfileExists(flags.profile);
  const key = await tagKeyOf(target.kind, flags, io);
  const tag = await openExemptionTag(target.kind, target.name, key, { region: flags.region, profile: flags.profile });
  try {
    const { noun, control } = KINDS[target.kind];
    const label = `${noun} ${target.name} (${tag.region})`;
    const now = tag.current === undefined ? 'it has no such tag now' : `now ${JSON.stringify(tag.current)}`;
    if (value === undefined) {
      if (tag.current === undefined) {
        io.stdout(`${label} has no ${key} tag: nothing to remove.\n`);
        return EXIT.OK;
      }
      if (flags['dry-run']) {
        io.stdout(`Would remove ${key} from ${label} (${now}).\n`);
        return EXIT.OK;
      }
      await tag.remove();
      io.stdout(
        `Removed ${key} from ${label}. The AWS Config rule judges it again at its next evaluation (${control.id}); remediate it once it is ready.\n`,
      );
      await syncFinding(target.kind, tag.arn, undefined, flags, io);
      return EXIT.OK;
    }
    if (tag.current === value) {
      io.stdout(`${label} is already exempt: ${key}=${JSON.stringify(value)}. Nothing to change.\n`);
      return EXIT.OK;
    }
    if (flags['dry-run']) {
      io.stdout(`Would tag ${label} with ${key}=${JSON.stringify(value)} (${now}).\n`);
      return EXIT.OK;
    }
    await tag.set(value);
    io.stdout(
      `Tagged ${label} with ${key}=${JSON.stringify(value)}. The AWS Config rule reports it NOT_APPLICABLE with this reason from its next evaluation, and no runbook changes it.\n`,
    );
    await syncFinding(target.kind, tag.arn, { tagKey: key, reason: value }, flags, io);
    return EXIT.OK;
  } finally {
    tag.close();
  }
};
