import { liveFactSource } from '../aws/liveFactSource.ts';
import { parseConfigEvent } from './configEvent.ts';
import { evaluateEvent } from './evaluateEvent.ts';
import { listEvaluatedClusters } from './listEvaluatedClusters.ts';
import { putEvaluations } from './putEvaluations.ts';
import type { RuleClients } from './ruleClients.ts';

/** Structured logger (Powertools' Logger fits). */
export interface RuleLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface RuleRuntime {
  readonly region: string;
  readonly clientsFor: (event: ReturnType<typeof parseConfigEvent>) => Promise<RuleClients>;
  readonly remainingTimeMs: () => number;
  readonly logger: RuleLogger;
}

export interface RuleRunResult {
  readonly evaluations: number;
  readonly putEvaluationsCalls: number;
  readonly notEvaluated: number;
}

/**
 * Answer one AWS Config invocation: validate, evaluate, send every evaluation.
 * Nothing is sent when the event or a rule parameter is invalid.
 * @throws EventError | InputError | AssumeRoleError | AwsCallError, each naming what to fix.
 */
export const runConfigRule = async (rawEvent: unknown, runtime: RuleRuntime): Promise<RuleRunResult> => {
  const event = parseConfigEvent(rawEvent);
  const clients = await runtime.clientsFor(event);
  const { evaluations, decisions, notEvaluated, warnings } = await evaluateEvent(event, {
    source: liveFactSource(clients, runtime.region),
    listEvaluatedClusters: () => listEvaluatedClusters(clients.config, event.configRuleName),
    remainingTimeMs: runtime.remainingTimeMs,
  });
  for (const warning of warnings) runtime.logger.warn(warning, { accountId: event.accountId });
  for (const d of decisions) {
    runtime.logger.info('evaluation', {
      accountId: event.accountId,
      clusterIdentifier: d.clusterIdentifier,
      complianceType: d.complianceType,
      missing: d.missing,
      prerequisitesMet: d.prerequisitesMet,
    });
  }
  const decided = new Set(decisions.map((d) => d.clusterIdentifier));
  for (const e of evaluations.filter((x) => !decided.has(x.ComplianceResourceId ?? ''))) {
    runtime.logger.info('evaluation', {
      accountId: event.accountId,
      clusterIdentifier: e.ComplianceResourceId,
      complianceType: e.ComplianceType,
      reason: e.Annotation,
    });
  }
  if (notEvaluated.length > 0) {
    runtime.logger.warn('periodic run stopped before the Lambda timeout', {
      evaluated: decisions.length,
      notEvaluated: notEvaluated.length,
      firstNotEvaluated: notEvaluated[0],
      next: 'the remaining clusters keep their previous results until the next periodic run',
    });
  }
  const putEvaluationsCalls = await putEvaluations(clients.config, event.resultToken, evaluations);
  return { evaluations: evaluations.length, putEvaluationsCalls, notEvaluated: notEvaluated.length };
};
