import {
  MEMBER_AUTOMATION_ROLE_NAME,
  PREFLIGHT_FUNCTION_NAME,
  preflightFunctionRoleName,
  RULE_FUNCTION_NAME,
  ruleFunctionRoleName,
} from '../names.ts';
import type { OrgRenderOptions } from './orgOptions.ts';

/** ARNs that the organization rollout files name, built from the shared names in one place. */
export const orgArns = (o: OrgRenderOptions) => {
  const lambda = (region: string, name: string) =>
    `arn:${o.partition}:lambda:${region}:${o.centralAccountId}:function:${name}`;
  const centralRole = (name: string) => `arn:${o.partition}:iam::${o.centralAccountId}:role/${name}`;
  return {
    ruleFunction: (region: string) => lambda(region, RULE_FUNCTION_NAME),
    preflightFunction: (region: string) => lambda(region, PREFLIGHT_FUNCTION_NAME),
    centralAccountRoot: `arn:${o.partition}:iam::${o.centralAccountId}:root`,
    /** The central functions' roles, in every Region rolled out to: the only principals members trust. */
    centralFunctionRoles: o.regions.flatMap((r) => [
      centralRole(ruleFunctionRoleName(r)),
      centralRole(preflightFunctionRoleName(r)),
    ]),
    /** AWS Config replaces the management account id with each member's own when it deploys the pack. */
    packAutomationRole: `arn:${o.partition}:iam::${o.managementAccountId}:role/${MEMBER_AUTOMATION_ROLE_NAME}`,
  };
};
