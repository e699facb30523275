/** A mocked AWS Config for rule tests: it accepts every evaluation and holds no earlier results by default. */
import {
  ConfigServiceClient,
  type Evaluation,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { RULE_NAME } from './configEvents.ts';
import { useClientMock } from './mocks.ts';

/** One earlier result of the rule, as GetComplianceDetailsByConfigRule lists it. */
export const evaluationResult = (id: string, type = 'AWS::Redshift::Cluster') => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: RULE_NAME, ResourceType: type, ResourceId: id },
  },
  ComplianceType: 'NON_COMPLIANT' as const,
});

/** Call inside `describe`: the Config mock, what was sent to it, and the sent evaluations by resource id. */
export const useConfigService = () => {
  const config = useClientMock(ConfigServiceClient);
  beforeEach(() => {
    config().on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    config().on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  });
  const sent = (): Evaluation[] =>
    config()
      .commandCalls(PutEvaluationsCommand)
      .flatMap((c) => c.args[0].input.Evaluations ?? []);
  const byId = () => Object.fromEntries(sent().map((e) => [e.ComplianceResourceId, e]));
  return { config, sent, byId };
};
