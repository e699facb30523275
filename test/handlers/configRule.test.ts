import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import type { Context } from 'aws-lambda';
import { expect } from 'chai';
import sinon from 'sinon';
import { handler } from '../../src/handlers/configRule.ts';
import { useCapturedStdout } from '../support/captureStdout.ts';
import { ACCOUNT, changeEvent, scheduledEvent } from '../support/configEvents.ts';
import { installFakeAccount } from '../support/fakeAws/mock.ts';
import { useClientMock } from '../support/mocks.ts';
import { syntheticAccount } from '../support/syntheticAccount.ts';

const context = {
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:redshift-evr-config-rule`,
  functionName: 'redshift-evr-config-rule',
  functionVersion: '$LATEST',
  memoryLimitInMB: '512',
  awsRequestId: 'req-0123',
  getRemainingTimeInMillis: () => 300_000,
} as unknown as Context;

describe('configRule handler', () => {
  const redshift = useClientMock(RedshiftClient);
  const ec2 = useClientMock(EC2Client);
  const config = useClientMock(ConfigServiceClient);
  const stdout = useCapturedStdout();
  const restore = () => stdout.restore();

  beforeEach(() => {
    config().on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
    config().on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  });

  it('evaluates a change event and logs one JSON line per decision', async () => {
    installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
    const result = await handler(changeEvent({ enhancedVpcRouting: true }), context);
    restore();
    expect(result).to.deep.equal({ evaluations: 1, putEvaluationsCalls: 1, notEvaluated: 0 });
    const lines = stdout.jsonLines();
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({
      level: 'INFO',
      message: 'evaluation',
      service: 'redshift-evr',
      clusterIdentifier: 'etl-prod',
      complianceType: 'COMPLIANT',
      // The Lambda context, for finding the invocation in CloudWatch.
      function_request_id: 'req-0123',
      function_name: 'redshift-evr-config-rule',
    });
  });

  it('fails clearly, before any call, when AWS_REGION is missing (no silent default Region)', async () => {
    const region = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const error = await handler(scheduledEvent(), context).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).to.match(/^AWS_REGION is not set\. Lambda sets it for every function/);
      expect(redshift().calls()).to.have.length(0);
    } finally {
      process.env.AWS_REGION = region;
      restore();
    }
  });

  it('fails the invocation on a bad rule parameter without writing evaluations', async () => {
    const error = await handler(scheduledEvent({ ruleParameters: { PrerequisiteMode: 'strict' } }), context).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    restore();
    expect(error?.message).to.match(
      /^Rule parameter "PrerequisiteMode" must be one of report\|enforce\|off, got "strict"/,
    );
    expect(config().commandCalls(PutEvaluationsCommand)).to.have.length(0);
  });

  describe('an exemption with an end date, judged at the invocation time', () => {
    let clock: sinon.SinonFakeTimers | undefined;
    afterEach(() => clock?.restore());

    const invokeAt = async (now: string) => {
      clock = sinon.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
      installFakeAccount(redshift(), ec2(), syntheticAccount(1, 1));
      const event = changeEvent(
        { enhancedVpcRouting: false, tags: { 'evr-exempt': 'SEC-1432 until 2026-12-31' } },
        { ruleParameters: { ExemptionTagKey: 'evr-exempt' } },
      );
      await handler(event, context);
      clock.restore();
      clock = undefined;
      restore();
      const [evaluation] = config().commandCalls(PutEvaluationsCommand)[0]?.args[0].input.Evaluations ?? [];
      return evaluation;
    };

    it('is NOT_APPLICABLE through the last day (UTC)', async () => {
      expect(await invokeAt('2026-12-31T23:59:59.999Z')).to.include({
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'Exempt by tag evr-exempt: SEC-1432 until 2026-12-31',
      });
    });

    it('is judged by its EVR flag from the next midnight UTC on, the annotation saying it expired', async () => {
      const evaluation = await invokeAt('2027-01-01T00:00:00.000Z');
      expect(evaluation?.ComplianceType).to.equal('NON_COMPLIANT');
      expect(evaluation?.Annotation).to.match(
        /^Exemption evr-exempt expired on 2026-12-31\. Enhanced VPC routing is off\./,
      );
    });
  });
});
