import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RESOURCE_KINDS, type ResourceKind } from '../../core/types.ts';
import { RedshiftEvrError } from '../../errors.ts';
import { RULE_SPECS } from '../ruleSpec.ts';

/** The parsed runbook of each rule: what the member StackSet embeds. */
export type Runbooks = Readonly<Record<ResourceKind, object>>;

/** The checkout's root, whatever directory the command runs from. */
const ROOT = new URL('../../../', import.meta.url);

/**
 * Read both runbooks from automation-documents/ (the files every deployment embeds, never a copy).
 * @throws RedshiftEvrError naming the file when one cannot be read or parsed.
 */
export const readRunbooks = (): Runbooks =>
  Object.fromEntries(
    RESOURCE_KINDS.map((kind) => {
      const path = RULE_SPECS[kind].runbookPath;
      try {
        return [kind, parse(readFileSync(new URL(path, ROOT), 'utf8')) as object];
      } catch (error) {
        throw new RedshiftEvrError(
          `cannot read the runbook ${path} (${(error as Error).message}): run org:render from an intact redshift-evr checkout.`,
        );
      }
    }),
  ) as Record<ResourceKind, object>;
