/**
 * A small CloudFormation evaluator for tests: given parameter values, decide the template's conditions and
 * resolve `Fn::If`, `Condition`, `AWS::NoValue` and `Ref` to a parameter. Everything else is left as written.
 */
import type { CfnResource, CfnTemplate } from './packagedStack.ts';

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NO_VALUE = Symbol('AWS::NoValue');

export interface ResolvedTemplate {
  /** Resources whose condition holds, with their properties resolved. */
  readonly resources: Record<string, CfnResource>;
  readonly condition: (name: string) => boolean;
  /** The `AssertDescription` of every template rule that these parameter values break (CloudFormation refuses them). */
  readonly ruleViolations: string[];
}

interface CfnRule {
  readonly RuleCondition?: unknown;
  readonly Assertions: readonly { readonly Assert: unknown; readonly AssertDescription?: string }[];
}

/**
 * Resolve a template for a set of parameter values (unset ones take their Default); `AWS::Region` and other
 * pseudo parameters can be given as values too.
 */
export const resolveTemplate = (
  template: CfnTemplate & { readonly Rules?: Record<string, CfnRule> },
  values: Record<string, string> = {},
): ResolvedTemplate => {
  const parameter = (name: string): string => {
    if (name in values) return values[name] as string;
    const spec = template.Parameters?.[name];
    if (spec === undefined) throw new Error(`Ref to unknown parameter ${name}`);
    return String(spec.Default);
  };
  const isParameter = (name: unknown): name is string =>
    typeof name === 'string' && (name in (template.Parameters ?? {}) || name in values);
  const conditions = new Map<string, boolean>();
  const condition = (name: string): boolean => {
    const known = conditions.get(name);
    if (known !== undefined) return known;
    const spec = template.Conditions[name];
    if (spec === undefined) throw new Error(`Unknown condition ${name}`);
    const result = evaluate(spec);
    conditions.set(name, result);
    return result;
  };
  const scalar = (value: Json): Json => {
    if (isObject(value) && isParameter(value.Ref)) return parameter(value.Ref);
    return value;
  };
  const evaluate = (spec: Json): boolean => {
    if (!isObject(spec)) throw new Error(`Not a condition: ${JSON.stringify(spec)}`);
    const [fn, args] = Object.entries(spec)[0] ?? [];
    const list = args as Json[];
    switch (fn) {
      case 'Fn::Equals':
        return String(scalar(list[0])) === String(scalar(list[1]));
      case 'Fn::Not':
        return !evaluate(list[0]);
      case 'Fn::And':
        return list.every(evaluate);
      case 'Fn::Or':
        return list.some(evaluate);
      case 'Condition':
        return condition(args as string);
      default:
        throw new Error(`Unsupported condition function ${fn}`);
    }
  };
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve).filter((v) => v !== NO_VALUE);
    if (!isObject(value)) return value;
    if (Array.isArray(value['Fn::If'])) {
      const [name, whenTrue, whenFalse] = value['Fn::If'] as [string, Json, Json];
      return resolve(condition(name) ? whenTrue : whenFalse);
    }
    if (value.Ref === 'AWS::NoValue') return NO_VALUE;
    if (isParameter(value.Ref)) return parameter(value.Ref);
    const out: Record<string, Json> = {};
    for (const [key, inner] of Object.entries(value)) {
      const resolved = resolve(inner);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  };
  const resources: Record<string, CfnResource> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Condition !== undefined && !condition(resource.Condition)) continue;
    resources[id] = resolve(resource) as CfnResource;
  }
  const ruleViolations = Object.values(template.Rules ?? {}).flatMap((rule) =>
    rule.RuleCondition !== undefined && !evaluate(rule.RuleCondition)
      ? []
      : rule.Assertions.filter((a) => !evaluate(a.Assert)).map((a) => a.AssertDescription ?? '(no description)'),
  );
  return { resources, condition, ruleViolations };
};

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: Json;
  readonly Condition?: Record<string, Record<string, Json>>;
  readonly Principal?: Json;
}

/** Every statement of a role's inline policies. */
export const roleStatements = (role: CfnResource): PolicyStatement[] => {
  const policies = (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: PolicyStatement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
};

export const actionsOf = (statement: PolicyStatement): string[] =>
  typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];

/** The sorted set of actions a role grants, leaving out the functions' own log writing. */
export const grantedActions = (role: CfnResource): string[] =>
  [...new Set(roleStatements(role).flatMap(actionsOf))].filter((a) => !a.startsWith('logs:')).sort();

/** A resource's properties; fails the test when the resource is absent. */
export const propsOf = (resources: Record<string, { Properties: Record<string, unknown> }>, id: string) => {
  const resource = resources[id];
  if (resource === undefined) throw new Error(`no resource ${id} in the template`);
  return resource.Properties;
};
