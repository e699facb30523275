import { stringify } from 'yaml';
import { MEMBER_STACKSET_NAME, ORGANIZATION_CONFORMANCE_PACK_NAME } from '../names.ts';
import type { OrgRenderOptions } from './orgOptions.ts';
import { conformancePackTemplate } from './renderConformancePack.ts';
import { memberStackSetTemplate } from './renderMemberStackSet.ts';

/** AWS Config's limit for an organization conformance pack's TemplateBody. */
export const PACK_TEMPLATE_BODY_LIMIT = 51_200;
/** CloudFormation's limit for a TemplateBody passed inline (create-stack-set --template-body). */
export const STACKSET_TEMPLATE_BODY_LIMIT = 51_200;

export const packFileName = (region: string) => `conformance-pack-${region}.yaml`;
export const STACKSET_FILE_NAME = 'member-stackset.yaml';
export const COMMANDS_FILE_NAME = 'commands.sh';

const yaml = (header: string, value: object): string =>
  `# ${header}\n# Rendered by "npm run org:render"; render again instead of editing.\n${stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false })}`;

const commands = (o: OrgRenderOptions): string => {
  const home = o.regions[0] as string;
  const lines = [
    '#!/usr/bin/env sh',
    '# The rollout in order (docs/org-rollout.md explains each step). Read before running; nothing here runs by itself.',
    '# Rendered by "npm run org:render".',
    'set -eu',
    '# The rendered templates beside this file.',
    'DIR="$(cd "$(dirname "$0")" && pwd)"',
    '',
    `# 1. Central account ${o.centralAccountId}: the rule and preflight functions, organization mode, in every Region.`,
    ...o.regions.map(
      (r) =>
        `npm run deploy -- --region ${r} --param="ExecutionRoleName=${o.executionRoleName}" --param="OrganizationId=${o.organizationId}"`,
    ),
    '',
    '# 2. Management account (or a CloudFormation delegated administrator: add --call-as DELEGATED_ADMIN):',
    '#    member roles and the runbook in every account of the target OUs, kept up to date as accounts join.',
    `aws cloudformation create-stack-set --region ${home} --stack-set-name ${MEMBER_STACKSET_NAME} \\`,
    `  --template-body "file://$DIR/${STACKSET_FILE_NAME}" --capabilities CAPABILITY_NAMED_IAM \\`,
    '  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false',
    `aws cloudformation create-stack-instances --region ${home} --stack-set-name ${MEMBER_STACKSET_NAME} \\`,
    '  --deployment-targets OrganizationalUnitIds="${TARGET_OU_IDS:?set TARGET_OU_IDS to your root or OU ids}" \\',
    `  --regions ${o.regions.join(' ')} \\`,
    '  --operation-preferences RegionConcurrencyType=SEQUENTIAL,MaxConcurrentPercentage=25,FailureTolerancePercentage=10',
    '',
    '# 3. Management account (or the Config delegated administrator): the organization conformance pack, per Region.',
    '#    The delivery bucket name must start with "awsconfigconforms". The management account gets no StackSet',
    '#    instance, so it is excluded here (see docs/org-rollout.md to include it).',
    ...o.regions.flatMap((r) => [
      `aws configservice put-organization-conformance-pack --region ${r} \\`,
      `  --organization-conformance-pack-name ${ORGANIZATION_CONFORMANCE_PACK_NAME} \\`,
      `  --template-body "file://$DIR/${packFileName(r)}" \\`,
      '  --delivery-s3-bucket "${DELIVERY_BUCKET:?set DELIVERY_BUCKET to an awsconfigconforms-… bucket}" \\',
      `  --excluded-accounts ${o.managementAccountId}`,
    ]),
    '',
  ];
  return lines.join('\n');
};

/** Every rollout file, by name: pure, so the same options always give the same bytes. */
export const renderOrg = (o: OrgRenderOptions, runbook: object): ReadonlyMap<string, string> => {
  const files = new Map<string, string>();
  for (const region of o.regions) {
    files.set(
      packFileName(region),
      yaml(`redshift-evr organization conformance pack for ${region}`, conformancePackTemplate(o, region)),
    );
  }
  files.set(
    STACKSET_FILE_NAME,
    yaml('redshift-evr member accounts (service-managed StackSet)', memberStackSetTemplate(o, runbook)),
  );
  files.set(COMMANDS_FILE_NAME, commands(o));
  return files;
};
