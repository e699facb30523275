/** Reading an SSM Automation document (schemaVersion 0.3) for the runner and the static tests. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { AutomationDocument } from '../../../src/runbooks/automationDocument.ts';

export type {
  AutomationDocument,
  OutputSpec,
  ParameterSpec,
  StepSpec,
} from '../../../src/runbooks/automationDocument.ts';

export const loadDocument = async (path: string): Promise<AutomationDocument> => {
  const document = parse(await readFile(path, 'utf8')) as AutomationDocument;
  if (document.schemaVersion !== '0.3') throw new Error(`${path}: schemaVersion must be '0.3' for Automation`);
  return document;
};
