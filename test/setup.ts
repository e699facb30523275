// Loaded before every test file (.mocharc.json "require"): no test may reach AWS or read a developer's setup.
import v8 from 'node:v8';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'test-only-secret';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_ENDPOINT_URL;

/**
 * Under `c8 mocha` (parallel), write each worker's coverage after every test file: mocha ends its workers with a
 * short grace period, and on a loaded machine a worker killed before it has written its coverage on exit would
 * leave whole files uncovered and fail the threshold for nothing. Each call writes what ran since the last one.
 */
export const mochaHooks = {
  afterAll(): void {
    if (process.env.NODE_V8_COVERAGE) v8.takeCoverage();
  },
};
