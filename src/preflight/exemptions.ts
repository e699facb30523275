/**
 * Exemptions by more than one tag key. The deployed stack's ExemptionTagKey always applies, whatever a caller
 * sends (the preflight's EXEMPTION_TAG_KEY, the deployed rule's parameter for `redshift-evr remediate`); a key a
 * caller names applies as well. The engine decides by one key (RuleOptions.exemptionTagKey, the first): the
 * tags it reads are kept here, and a resource tagged with any other key is exempt too.
 */
import type { FactSource } from '../aws/factSource.ts';
import { cutAtWord, fitSentences } from '../core/annotation.ts';
import { afterIgnoredExemption } from '../core/evaluateCluster.ts';
import { type ExemptionJudgement, judgeExemption } from '../core/exemptionExpiry.ts';
import { isTagKey } from '../core/identifiers.ts';
import { MESSAGES } from '../core/messages.ts';
import type { ClusterEvaluation, ResourceKind } from '../core/types.ts';
import { InputError } from '../errors.ts';

/** The preflight function's environment variable, set from the stack's ExemptionTagKey parameter. */
export const EXEMPTION_TAG_KEY_VARIABLE = 'EXEMPTION_TAG_KEY';

/**
 * The stack's ExemptionTagKey as the preflight's environment carries it: unset or blank is none (the stack
 * parameter's default, ''), anything else must be a tag key the rule would accept.
 * @throws InputError naming the variable, the value and where to fix it.
 */
export const parseConfiguredExemptionTagKey = (value: string | undefined): string | undefined => {
  const key = value?.trim();
  if (!key) return undefined;
  if (!isTagKey(key)) {
    throw new InputError(
      `Environment variable ${EXEMPTION_TAG_KEY_VARIABLE} must be empty or a tag key of 1-128 characters not starting with "aws:", got "${key}". It comes from the stack's ExemptionTagKey parameter: deploy again with a valid --param="ExemptionTagKey=..." (or fix the function's configuration).`,
    );
  }
  return key;
};

/** Every key that applies, each once, blank ones dropped, in the order given (the deployed one first). */
export const exemptionTagKeys = (...keys: readonly (string | undefined)[]): string[] => [
  ...new Set(keys.map((k) => k?.trim() ?? '').filter((k) => k !== '')),
];

/**
 * The exemption of the first of `keys` that `tags` carry and that applies at `at` (not expired, a valid end
 * date: src/core/exemptionExpiry.ts), its value as the reason; else the first such tag that does not apply;
 * else untagged (also when no tags were read).
 */
export const exemptionByTags = (
  tags: Readonly<Record<string, string>> | undefined,
  keys: readonly string[],
  at: Date,
): ExemptionJudgement => {
  if (tags === undefined) return { kind: 'untagged' };
  const judged = keys.map((k) => judgeExemption(tags, k, at));
  return judged.find((j) => j.kind === 'exempt') ?? judged.find((j) => j.kind === 'ignored') ?? { kind: 'untagged' };
};

/** The tags a source handed out, by resource. */
export interface TagLedger {
  /** The tags read for this cluster or workgroup; undefined when none were read. */
  tagsOf(kind: ResourceKind, name: string): Readonly<Record<string, string>> | undefined;
}

/**
 * `source`, keeping the tags it returns (a cluster's come with DescribeClusters, a workgroup's from
 * ListTagsForResource), and answering a repeated read of the same cluster, workgroup or tags from memory.
 */
export const keepingTags = (source: FactSource): { readonly source: FactSource; readonly ledger: TagLedger } => {
  const clusterTags = new Map<string, Record<string, string>>();
  const workgroupArns = new Map<string, string>();
  const workgroupTags = new Map<string, Record<string, string>>();
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit as Promise<T>;
    const fresh = read();
    memo.set(key, fresh);
    // A failed read may be tried again.
    fresh.catch(() => memo.delete(key));
    return fresh;
  };
  const overrides: Partial<FactSource> = {
    describeClusters: (clusterIdentifier) =>
      once(`clusters/${clusterIdentifier ?? '*'}`, async () => {
        const clusters = await source.describeClusters(clusterIdentifier);
        for (const c of clusters) {
          if (c.ClusterIdentifier === undefined) continue;
          const tags: Record<string, string> = {};
          for (const t of c.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
          clusterTags.set(c.ClusterIdentifier, tags);
        }
        return clusters;
      }),
    listWorkgroups: (workgroupName) =>
      once(`workgroups/${workgroupName ?? '*'}`, async () => {
        const workgroups = await source.listWorkgroups(workgroupName);
        for (const w of workgroups) {
          if (w.workgroupName !== undefined && w.workgroupArn !== undefined) {
            workgroupArns.set(w.workgroupName, w.workgroupArn);
          }
        }
        return workgroups;
      }),
    listWorkgroupTags: (workgroupArn) =>
      once(`tags/${workgroupArn}`, async () => {
        const tags = await source.listWorkgroupTags(workgroupArn);
        const map: Record<string, string> = {};
        for (const t of tags) if (t.key !== undefined) map[t.key] = t.value ?? '';
        workgroupTags.set(workgroupArn, map);
        return tags;
      }),
  };
  // Every other method is the source's own, called on the source.
  const wrapped = new Proxy(source, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof FactSource];
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  // A cluster's tags come with it; a workgroup's are read apart, by its ARN.
  const tagsByKind: Record<ResourceKind, (name: string) => Readonly<Record<string, string>> | undefined> = {
    cluster: (name) => clusterTags.get(name),
    workgroup: (name) => {
      const arn = workgroupArns.get(name);
      return arn === undefined ? undefined : workgroupTags.get(arn);
    },
  };
  return {
    source: wrapped,
    ledger: {
      tagsOf: (kind, name) => tagsByKind[kind](name),
    },
  };
};

/**
 * The evaluation, exempt when its tags carry any of `keys` with an exemption that applies at `at` and the engine
 * (which decides by `keys[0]` alone) did not already say so; with the first tag that does not apply (expired, or
 * an invalid date) noted when the engine noted none. A resource outside a VPC stays as the engine decided
 * (NOT_APPLICABLE comes first).
 */
export const withExemptions = (
  evaluation: ClusterEvaluation,
  ledger: TagLedger,
  keys: readonly string[],
  at: Date,
): ClusterEvaluation => {
  if (evaluation.exemption !== null || evaluation.complianceType === 'NOT_APPLICABLE') return evaluation;
  const judged = exemptionByTags(ledger.tagsOf(evaluation.kind, evaluation.clusterIdentifier), keys, at);
  if (judged.kind === 'untagged') return evaluation;
  if (judged.kind === 'ignored') {
    if (evaluation.ignoredExemption !== null) return evaluation;
    const ignored = judged.ignored;
    return {
      ...evaluation,
      annotation: afterIgnoredExemption(ignored, (limit) => cutAtWord(evaluation.annotation, limit)),
      ignoredExemption: ignored,
    };
  }
  const exemption = judged.exemption;
  return {
    ...evaluation,
    complianceType: 'NOT_APPLICABLE',
    annotation: fitSentences(() => [MESSAGES.exempt(exemption.tagKey, exemption.reason)]),
    prerequisitesMet: null,
    missing: [],
    subnets: [],
    problems: [],
    exemption,
    ignoredExemption: null,
  };
};
