/**
 * The deployed AWS Config rule's settings (its InputParameters), for `redshift-evr remediate`: the runbook is
 * started with what the rule and its "Remediate" button use, above all its ExemptionTagKey.
 */
import { type ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { parseRuleOptions, RULE_PARAMETER_KEYS } from '../core/ruleOptions.ts';
import { type AwsCallError, isAwsCallError } from '../errors.ts';
import { callAws } from './awsCallError.ts';

/** The rule parameters a remediation shares with its rule. */
export interface DeployedRuleSettings {
  readonly ruleName: string;
  readonly exemptionTagKey: string | undefined;
  readonly s3Buckets: readonly string[] | undefined;
  readonly requireInternetPath: boolean;
  /** The rule's SecurityHubSync: its remediation passes it to the runbook's UpdateSecurityHubFinding. */
  readonly securityHubSync: boolean;
}

/** The rule's settings, or why they could not be read. */
export type DeployedRule =
  | { readonly read: true; readonly settings: DeployedRuleSettings }
  | { readonly read: false; readonly ruleName: string; readonly why: string };

const causes = (error: unknown): unknown[] => {
  const out: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && out.length < 10; e = (e as Error).cause) out.push(e);
  return out;
};

/** No usable credentials: nothing else the command does could work either, so it is not a warning. */
const isCredentialProblem = (error: AwsCallError): boolean =>
  error.failure === 'credentials' ||
  causes(error).some((e) => (e as Error | undefined)?.name === 'CredentialsProviderError');

/**
 * Read one rule by name (config:DescribeConfigRules).
 * @throws AwsCallError only for missing or unusable credentials; any other failure is returned as `why`.
 */
export const readDeployedRule = async (config: ConfigServiceClient, ruleName: string): Promise<DeployedRule> => {
  let parameters: string | undefined;
  try {
    const out = await callAws('config:DescribeConfigRules', () =>
      config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: [ruleName] })),
    );
    const rule = out?.ConfigRules?.find((r) => r.ConfigRuleName === ruleName);
    if (rule === undefined) return { read: false, ruleName, why: 'it is not deployed in this account and Region' };
    parameters = rule.InputParameters;
  } catch (error) {
    if (!isAwsCallError(error) || isCredentialProblem(error)) throw error;
    if (error.errorName.startsWith('NoSuchConfigRuleException')) {
      return {
        read: false,
        ruleName,
        why: 'it is not deployed in this account and Region (NoSuchConfigRuleException)',
      };
    }
    return { read: false, ruleName, why: error.message };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(parameters ?? '{}');
  } catch {
    return { read: false, ruleName, why: `its InputParameters are not JSON: ${JSON.stringify(parameters)}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { read: false, ruleName, why: `its InputParameters are not a JSON object: ${JSON.stringify(parameters)}` };
  }
  // Only the keys this version knows: a rule deployed by another version may carry others.
  const known = Object.fromEntries(
    Object.entries(raw).filter(([key]) => (RULE_PARAMETER_KEYS as readonly string[]).includes(key)),
  );
  try {
    const options = parseRuleOptions(known);
    return {
      read: true,
      settings: {
        ruleName,
        exemptionTagKey: options.exemptionTagKey,
        s3Buckets: options.s3Buckets,
        requireInternetPath: options.requireInternetPath,
        securityHubSync: options.securityHubSync === true,
      },
    };
  } catch (error) {
    return { read: false, ruleName, why: (error as Error).message };
  }
};
