/**
 * IAM actions derived from the source, to compare with what the templates grant:
 * - a Lambda handler: every AWS SDK command or paginator imported by a module the handler can reach;
 * - the runbook: the `Service`/`Api` of its API steps and `lambda:InvokeFunction` for its Lambda steps.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import type { AutomationDocument } from '../runbook/document.ts';

/** The IAM service prefix of each AWS SDK v3 client package this project uses. */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  'client-config-service': 'config',
  'client-ec2': 'ec2',
  'client-lambda': 'lambda',
  'client-organizations': 'organizations',
  'client-redshift': 'redshift',
  'client-redshift-data': 'redshift-data',
  'client-redshift-serverless': 'redshift-serverless',
  'client-s3': 's3',
  'client-securityhub': 'securityhub',
  'client-ssm': 'ssm',
  'client-sts': 'sts',
};

/** API operations that IAM authorizes under another action's name (Service Authorization Reference). */
const AUTHORIZED_AS: Readonly<Record<string, string>> = { 's3:HeadBucket': 's3:ListBucket' };

const IMPORT = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([\w-]+)'/g;

/** `service:Operation` for each `XCommand` or `paginateX` named in an `import { … } from '@aws-sdk/client-…'`. */
export const sdkActionsOf = (source: string): string[] => {
  const actions: string[] = [];
  for (const [, names = '', client = ''] of source.matchAll(IMPORT)) {
    for (const raw of names.split(',')) {
      const name = raw.trim();
      if (name === '' || name.startsWith('type ')) continue;
      const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
      if (operation === undefined) continue;
      const prefix = IAM_PREFIX[client];
      if (prefix === undefined) throw new Error(`No IAM prefix known for @aws-sdk/${client}: add it to IAM_PREFIX.`);
      actions.push(AUTHORIZED_AS[`${prefix}:${operation}`] ?? `${prefix}:${operation}`);
    }
  }
  return actions;
};

/** Every project module a bundle of `entry` contains (esbuild's own resolution, the SDK left out). */
export const modulesReachableFrom = async (entry: string): Promise<string[]> => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).filter((file) => file.startsWith('src/'));
};

/** The sorted set of IAM actions the code reachable from a handler can call. */
export const actionsReachableFrom = async (entry: string): Promise<string[]> => {
  const modules = await modulesReachableFrom(entry);
  return [...new Set(modules.flatMap((file) => sdkActionsOf(readFileSync(file, 'utf8'))))].sort();
};

const API_ACTIONS = new Set(['aws:executeAwsApi', 'aws:waitForAwsResourceProperty', 'aws:assertAwsResourceProperty']);

/** The sorted set of IAM actions a runbook's steps perform (its role must grant them). */
export const runbookActions = (document: AutomationDocument): string[] => {
  const actions = new Set<string>();
  for (const step of document.mainSteps) {
    if (API_ACTIONS.has(step.action)) actions.add(`${step.inputs.Service}:${step.inputs.Api}`);
    else if (step.action === 'aws:invokeLambdaFunction') actions.add('lambda:InvokeFunction');
    else if (step.action === 'aws:approve' && step.inputs.NotificationArn !== undefined) actions.add('sns:Publish');
    else if (!['aws:branch', 'aws:executeScript', 'aws:approve', 'aws:sleep'].includes(step.action)) {
      throw new Error(`Step ${step.name}: no IAM actions known for ${step.action}; teach runbookActions about it.`);
    }
  }
  return [...actions].sort();
};
