import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { RuleClients } from '../../src/aws/ruleClients.ts';
import type { RuleLogger, RuleRuntime } from '../../src/config/runConfigRule.ts';
import { REGION } from './fakeAws/builders.ts';
import { FAKE_CREDENTIALS, fakeClients } from './recordAccount.ts';

export interface LogLine {
  readonly level: 'info' | 'warn';
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A runtime whose clients the mocks answer and whose logs a test can read. */
export const testRuntime = (overrides: Partial<RuleRuntime> = {}): RuleRuntime & { logs: LogLine[] } => {
  const logs: LogLine[] = [];
  const logger: RuleLogger = {
    info: (message, attributes = {}) => logs.push({ level: 'info', message, attributes }),
    warn: (message, attributes = {}) => logs.push({ level: 'warn', message, attributes }),
  };
  const clients: RuleClients = {
    ...fakeClients(),
    config: new ConfigServiceClient({ region: REGION, credentials: FAKE_CREDENTIALS }),
  };
  return {
    region: REGION,
    clientsFor: async () => clients,
    remainingTimeMs: () => 600_000,
    now: () => new Date('2026-11-28T09:00:00.000Z'),
    logger,
    logs,
    ...overrides,
  };
};
