/** `{{ }}` interpolation and `$.a.b[0]` selectors, as SSM Automation documents them. */

const PLACEHOLDER = /\{\{\s*([\w:.-]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([\w:.-]+)\s*\}\}$/;

export type Variables = ReadonlyMap<string, unknown>;

const lookup = (name: string, variables: Variables): unknown => {
  if (!variables.has(name)) throw new Error(`Variable {{ ${name} }} is not defined (no such parameter or step output)`);
  return variables.get(name);
};

/** SSM renders non-string values into text the way Python would: True/False for booleans. */
export const ssmString = (value: unknown): string => {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'boolean' ? String(value) : JSON.stringify(value);

/** A lone `{{ x }}` keeps the value's type; placeholders inside text are replaced by text. */
export const interpolate = (value: unknown, variables: Variables): unknown => {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1] as string, variables);
    return value.replace(PLACEHOLDER, (_, name: string) => textOf(lookup(name, variables)));
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, variables));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, variables)]));
  }
  return value;
};

/** Names referenced by `{{ }}` anywhere in a value. */
export const referencedNames = (value: unknown): string[] => {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  if (Array.isArray(value)) return value.flatMap(referencedNames);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(referencedNames);
  return [];
};

/** Path segments of a selector: `$.Clusters[0].ClusterStatus` -> ['Clusters', 0, 'ClusterStatus']. */
export const selectorPath = (selector: string): (string | number)[] => {
  if (!selector.startsWith('$')) throw new Error(`Selector ${selector} must start with $`);
  const path: (string | number)[] = [];
  for (const match of selector.slice(1).matchAll(/\.([A-Za-z_][\w]*)|\[(\d+)\]/g)) {
    path.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return path;
};

/** Apply a selector; undefined when the path does not exist. */
export const select = (data: unknown, selector: string): unknown => {
  let current: unknown = data;
  for (const key of selectorPath(selector)) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
};
