import { stringify } from 'yaml';
import {
  MEMBER_CLUSTER_STACKSET_NAME,
  MEMBER_SERVERLESS_STACKSET_NAME,
  MEMBER_STACKSET_NAME,
  ORGANIZATION_CONFORMANCE_PACK_NAME,
} from '../names.ts';
import type { OrgRenderOptions } from './orgOptions.ts';
import type { Runbooks } from './readRunbooks.ts';
import { conformancePackTemplate } from './renderConformancePack.ts';
import {
  memberClusterStackSetTemplate,
  memberServerlessStackSetTemplate,
  memberStackSetTemplate,
} from './renderMemberStackSet.ts';

/** AWS Config's limit for an organization conformance pack's TemplateBody. */
export const PACK_TEMPLATE_BODY_LIMIT = 51_200;
/** CloudFormation's limit for a TemplateBody passed inline (create-stack-set --template-body). */
export const STACKSET_TEMPLATE_BODY_LIMIT = 51_200;

export const packFileName = (region: string) => `conformance-pack-${region}.yaml`;
export const STACKSET_FILE_NAME = 'member-stackset.yaml';
export const CLUSTER_STACKSET_FILE_NAME = 'member-cluster-stackset.yaml';
export const SERVERLESS_STACKSET_FILE_NAME = 'member-serverless-stackset.yaml';
export const COMMANDS_FILE_NAME = 'commands.sh';

/** Each member StackSet and the file its template is rendered to, in the order they are deployed. */
export const MEMBER_STACKSETS = [
  { name: MEMBER_STACKSET_NAME, file: STACKSET_FILE_NAME },
  { name: MEMBER_CLUSTER_STACKSET_NAME, file: CLUSTER_STACKSET_FILE_NAME },
  { name: MEMBER_SERVERLESS_STACKSET_NAME, file: SERVERLESS_STACKSET_FILE_NAME },
] as const;

/**
 * A template as YAML. An SSM document's `Content` (a runbook) is written as one line of JSON (which YAML reads as
 * a flow mapping): block style would indent its hundreds of lines, and the member StackSets must stay within the
 * inline TemplateBody limit.
 */
const yaml = (header: string, value: object): string => {
  const contents: unknown[] = [];
  const placeholders = JSON.parse(JSON.stringify(value), (key, v) => {
    if (key !== 'Content' || typeof v !== 'object' || v === null) return v;
    contents.push(v);
    return `__SSM_DOCUMENT_CONTENT_${contents.length - 1}__`;
  });
  const text = stringify(placeholders, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
  return `# ${header}\n# Rendered by "npm run org:render"; render again instead of editing.\n${text.replace(
    /__SSM_DOCUMENT_CONTENT_(\d+)__/g,
    (_, i: string) => JSON.stringify(contents[Number(i)]),
  )}`;
};

const commands = (o: OrgRenderOptions): string => {
  const home = o.regions[0] as string;
  const stackSet = (name: string) =>
    `--stack-set-name ${name} --call-as "$CALL_AS" --region ${home} --profile "$MANAGEMENT_PROFILE"`;
  const lines = [
    '#!/usr/bin/env sh',
    '# The redshift-evr organization rollout, in order; docs/org-rollout.md explains each step.',
    '# Rendered by "npm run org:render"; render again instead of editing. Run it from the redshift-evr checkout with:',
    `#   CENTRAL_PROFILE     an AWS CLI profile of the central account ${o.centralAccountId}`,
    `#   MANAGEMENT_PROFILE  a profile of the management account ${o.managementAccountId}, or of a delegated`,
    '#                       administrator for StackSets and AWS Config (then also CALL_AS=DELEGATED_ADMIN)',
    '#   ROOT_OR_OU_IDS      the organization root (r-...), or the OUs that hold every account the pack reaches',
    '#   DELIVERY_BUCKET     the conformance pack delivery bucket (its name starts with awsconfigconforms)',
    'set -eu',
    ': "${CENTRAL_PROFILE:?set CENTRAL_PROFILE}" "${MANAGEMENT_PROFILE:?set MANAGEMENT_PROFILE}"',
    ': "${ROOT_OR_OU_IDS:?set ROOT_OR_OU_IDS}" "${DELIVERY_BUCKET:?set DELIVERY_BUCKET}"',
    'CALL_AS="${CALL_AS:-SELF}"',
    'DIR="$(cd "$(dirname "$0")" && pwd)"',
    '',
    '# wait_for_stack_set_operation STACK_SET OPERATION_ID',
    'wait_for_stack_set_operation() {',
    '  while :; do',
    `    status="$(aws cloudformation describe-stack-set-operation ${stackSet('"$1"')} --operation-id "$2" --query StackSetOperation.Status --output text)"`,
    '    case "$status" in',
    '      SUCCEEDED) return 0 ;;',
    `      FAILED | STOPPED) echo "StackSet operation $2 ended $status; see why with: aws cloudformation list-stack-set-operation-results ${stackSet('$1').replaceAll('"', '\\"')} --operation-id $2" >&2; exit 1 ;;`,
    '    esac',
    '    sleep 30',
    '  done',
    '}',
    '',
    `# 1. Central account ${o.centralAccountId}: the rule and preflight functions in organization mode, in every Region.`,
    '#    TRUSTED_ACCOUNT_IDS is the list of active accounts now: run this step again when accounts join.',
    `TRUSTED="$(aws organizations list-accounts --profile "$MANAGEMENT_PROFILE" --query 'Accounts[?Status==\`ACTIVE\`].Id' --output text | tr -s ' \t' ',,')"`,
    ...o.regions.map(
      (r) =>
        // The preflight applies the stack's exemption key whatever a runbook is given: it must be the pack's.
        `AWS_PROFILE="$CENTRAL_PROFILE" npm run deploy -- --region ${r} --param="ExecutionRoleName=${o.executionRoleName}" --param="OrganizationId=${o.organizationId}" --param="TrustedAccountIds=$TRUSTED"${o.exemptionTagKey ? ` --param="ExemptionTagKey=${o.exemptionTagKey}"` : ''}`,
    ),
    '',
    '# 2. Member roles and runbooks in every account under ROOT_OR_OU_IDS, kept up to date as accounts join: the',
    '#    roles, then the cluster runbook, then the workgroup runbook and the read role for scans (one runbook per',
    "#    StackSet template keeps each within CloudFormation's 51,200-byte --template-body limit).",
    ...MEMBER_STACKSETS.flatMap(({ name, file }) => [
      `aws cloudformation create-stack-set ${stackSet(name)} \\`,
      `  --template-body "file://$DIR/${file}" --capabilities CAPABILITY_NAMED_IAM \\`,
      '  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false',
      `OPERATION="$(aws cloudformation create-stack-instances ${stackSet(name)} \\`,
      '  --deployment-targets OrganizationalUnitIds="$ROOT_OR_OU_IDS" \\',
      `  --regions ${o.regions.join(' ')} \\`,
      '  --operation-preferences RegionConcurrencyType=SEQUENTIAL,MaxConcurrentPercentage=25,FailureTolerancePercentage=10 \\',
      '  --query OperationId --output text)"',
      `wait_for_stack_set_operation ${name} "$OPERATION"`,
    ]),
    '',
    '# 3. The organization conformance pack, per Region. The management account gets no StackSet instance, so it',
    '#    is excluded (docs/org-rollout.md says how to include it).',
    ...o.regions.flatMap((r) => [
      `aws configservice put-organization-conformance-pack --region ${r} --profile "$MANAGEMENT_PROFILE" \\`,
      `  --organization-conformance-pack-name ${ORGANIZATION_CONFORMANCE_PACK_NAME} \\`,
      `  --template-body "file://$DIR/${packFileName(r)}" \\`,
      '  --delivery-s3-bucket "$DELIVERY_BUCKET" \\',
      `  --excluded-accounts ${o.excludedAccountIds.join(' ')}`,
    ]),
    '',
  ];
  return lines.join('\n');
};

/** Every rollout file, by name: pure, so the same options and runbooks always give the same bytes. */
export const renderOrg = (o: OrgRenderOptions, runbooks: Runbooks): ReadonlyMap<string, string> => {
  const files = new Map<string, string>();
  for (const region of o.regions) {
    files.set(
      packFileName(region),
      yaml(`redshift-evr organization conformance pack for ${region}`, conformancePackTemplate(o, region)),
    );
  }
  files.set(
    STACKSET_FILE_NAME,
    yaml('redshift-evr member accounts: roles (service-managed StackSet)', memberStackSetTemplate(o)),
  );
  files.set(
    CLUSTER_STACKSET_FILE_NAME,
    yaml(
      'redshift-evr member accounts: the cluster runbook (service-managed StackSet)',
      memberClusterStackSetTemplate(runbooks.cluster),
    ),
  );
  files.set(
    SERVERLESS_STACKSET_FILE_NAME,
    yaml(
      'redshift-evr member accounts: Redshift Serverless workgroups and the read role (service-managed StackSet)',
      memberServerlessStackSetTemplate(o, runbooks.workgroup),
    ),
  );
  files.set(COMMANDS_FILE_NAME, commands(o));
  return files;
};
