import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RESOURCE_KINDS, type ResourceKind } from '../../core/types.ts';
import { RULE_SPECS } from '../ruleSpec.ts';

/** The parsed runbook of each rule: what the member StackSet embeds. */
export type Runbooks = Readonly<Record<ResourceKind, object>>;

/**
 * Read both runbooks from automation-documents/ (the files every deployment embeds, never a copy).
 * @throws the file system's error when a runbook file is missing.
 */
export const readRunbooks = (): Runbooks =>
  Object.fromEntries(
    RESOURCE_KINDS.map((kind) => [kind, parse(readFileSync(RULE_SPECS[kind].runbookPath, 'utf8')) as object]),
  ) as Record<ResourceKind, object>;
