// Re-records examples/demo-account.json from test/support/demoAccount.ts (run: npm run demo:record).
import { writeFile } from 'node:fs/promises';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { demoAccountData, demoFailures } from '../test/support/demoAccount.ts';
import { recordAccount } from '../test/support/recordAccount.ts';

// The mocks answer every call; the SDK's Node-version notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const snapshot = await recordAccount(mockClient(RedshiftClient), mockClient(EC2Client), demoAccountData(), {
  fail: demoFailures,
  serverless: mockClient(RedshiftServerlessClient),
});
await writeFile('examples/demo-account.json', `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(
  `examples/demo-account.json: ${snapshot.redshift.clusters.length} clusters, ${snapshot.redshiftServerless.workgroups.length} workgroups`,
);
