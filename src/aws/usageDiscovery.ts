/**
 * Usage discovery (`scan --discover-usage`): run the statements of src/core/usage.ts on a cluster or workgroup through
 * the Redshift Data API, parse their rows, and look up each bucket's Region in S3. Every failure for one resource (a
 * denied call, a failed or timed-out statement) comes back as unknown usage for that resource, never as an error of
 * the scan. Loaded on demand, with the Data API's and S3's clients, only when discovery is asked for.
 */

import { KINDS } from '../core/resourceKinds.ts';
import { type ClusterFacts, type Fact, known, unknown } from '../core/types.ts';
import { parseUsage, type ResourceUsage, type UsageFacts, usageStatements } from '../core/usage.ts';
import { isAwsCallError } from '../errors.ts';
import { reasonOfCall } from './awsCallError.ts';
import { BucketRegions, createS3Client } from './bucketRegions.ts';
import type { ClientOptions } from './clientConfig.ts';
import {
  createRedshiftDataClient,
  type DataApiTarget,
  isStatementError,
  runStatement,
  type StatementOptions,
  type StatementResult,
} from './redshiftData.ts';

/** Where and as whom the statements run, and over how many days (`--database`, `--db-user`, `--secret-arn`). */
export interface DiscoverySettings {
  readonly database: string;
  /** Clusters only: temporary credentials for this database user (else the caller's IAM identity). */
  readonly dbUser?: string;
  readonly secretArn?: string;
  readonly days: number;
}

/** A statement's own time limit: a usage query on system tables should take seconds. */
export const STATEMENT_TIMEOUT_MS = 60_000;

/** The Data API target of a resource: a database user only where the kind takes one (a cluster). */
export const targetOf = (resource: ClusterFacts, settings: DiscoverySettings): DataApiTarget => {
  const spec = KINDS[resource.kind].usage;
  return {
    parameter: spec.dataApiParameter,
    name: resource.clusterIdentifier,
    database: settings.database,
    ...(settings.dbUser === undefined || !spec.takesDbUser ? {} : { dbUser: settings.dbUser }),
    ...(settings.secretArn === undefined ? {} : { secretArn: settings.secretArn }),
  };
};

/** Discovers usage with one account's and Region's credentials; `close()` when the scan of that Region is done. */
export interface UsageDiscoverer {
  readonly discover: (resource: ClusterFacts) => Promise<UsageFacts>;
  readonly close: () => void;
}

/**
 * A discoverer for one Region: the Data API and S3 clients, each bucket's Region looked up once.
 * `msLeft`: the scan's time left (a statement never runs past it).
 */
export const usageDiscoverer = (
  clientOptions: ClientOptions & { readonly region: string },
  settings: DiscoverySettings,
  msLeft: () => number = () => Number.POSITIVE_INFINITY,
  statementOptions: Partial<StatementOptions> = {},
): UsageDiscoverer => {
  const data = createRedshiftDataClient(clientOptions);
  const s3 = createS3Client(clientOptions);
  const regions = new BucketRegions(s3);
  const discover = async (resource: ClusterFacts): Promise<UsageFacts> => {
    const target = targetOf(resource, settings);
    try {
      // One after the other: the second is not worth running when the first failed.
      const results: StatementResult[] = [];
      for (const statement of usageStatements(resource.kind, settings.days)) {
        // The scan's --timeout has passed: start nothing more.
        if (msLeft() <= 0) {
          const reason = {
            kind: 'usage-statement',
            outcome: 'not-started',
            detail: 'the scan’s --timeout had passed',
          } as const;
          return { region: clientOptions.region, usage: unknown(reason) };
        }
        results.push(
          await runStatement(data, target, statement.sql, {
            ...statementOptions,
            timeoutMs: Math.max(0, Math.min(statementOptions.timeoutMs ?? STATEMENT_TIMEOUT_MS, msLeft())),
          }),
        );
      }
      const [logs, catalog] = results as [StatementResult, StatementResult];
      const found = parseUsage(logs, catalog);
      const bucketRegions = await regions.regionsOf(found.buckets.map((b) => b.bucket));
      const usage: ResourceUsage = {
        ...found,
        lookBackDays: settings.days,
        buckets: found.buckets.map((b) => ({ ...b, region: bucketRegions.get(b.bucket) as Fact<string> })),
      };
      return { region: clientOptions.region, usage: known(usage) };
    } catch (error) {
      if (isAwsCallError(error)) return { region: clientOptions.region, usage: unknown(reasonOfCall(error)) };
      if (isStatementError(error)) {
        return {
          region: clientOptions.region,
          usage: unknown({ kind: 'usage-statement', outcome: error.outcome, detail: error.detail }),
        };
      }
      throw error;
    }
  };
  return {
    discover,
    close: () => {
      data.destroy();
      s3.destroy();
    },
  };
};
