/** The deployed preflight function as the local runner's aws:invokeLambdaFunction reaches it. */
import type { Context } from 'aws-lambda';
import sinon from 'sinon';
import { handler as preflight } from '../../../src/handlers/preflight.ts';
import type { RunOptions } from './runOptions.ts';

const context = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:redshift-evr-preflight',
  // The function's 60 s timeout, never running out here.
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/** The deployed preflight Lambda, as Lambda would run it; other names do not exist. */
export const invokePreflight: NonNullable<RunOptions['invokeLambda']> = async (name, payload) => {
  if (name !== 'redshift-evr-preflight') {
    throw Object.assign(new Error(`Function not found: ${name}`), {
      name: 'ResourceNotFoundException',
      $fault: 'client',
    });
  }
  // The function logs one JSON line per decision (tested in test/handlers): keep it out of the test output.
  const quiet = sinon.stub(process.stdout, 'write').returns(true);
  try {
    return await preflight(payload, context);
  } finally {
    quiet.restore();
  }
};
