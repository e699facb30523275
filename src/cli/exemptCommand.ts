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
--remove takes the tag off again: the rules judge it as any other at their next evaluation.

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
      `Tagged ${label} with ${key}=${JSON.stringify(value)}. The AWS Config rule reports it NOT_APPLICABLE with this reason from its next evaluation, and no runbook changes it. Security Hub's own ${control.id} finding is not changed by this command.\n`,
    );
    return EXIT.OK;
  } finally {
    tag.close();
  }
};
