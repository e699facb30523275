import {
  DescribeClustersCommand,
  type DescribeClustersCommandOutput,
  ModifyClusterCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
  GetWorkgroupCommand,
  type GetWorkgroupCommandOutput,
  RedshiftServerlessClient,
  UpdateWorkgroupCommand,
} from '@aws-sdk/client-redshift-serverless';
import { expect } from 'chai';
import { runCli } from '../../src/cli/runCli.ts';
import type { ResourceKind } from '../../src/core/types.ts';
import { cluster as aCluster } from '../support/fakeAws/builders.ts';
import { serviceError } from '../support/fakeAws/serviceError.ts';
import { installStatefulCluster } from '../support/fakeAws/statefulCluster.ts';
import type { StatefulResource, StatefulResourceSpec } from '../support/fakeAws/statefulResource.ts';
import { installStatefulWorkgroup } from '../support/fakeAws/statefulWorkgroup.ts';
import { useClientMock } from '../support/mocks.ts';
import { type TestIo, testIo } from '../support/testIo.ts';

/** A mocked call's input. */
const inputOf = (call: { readonly args: readonly [{ readonly input: unknown }] }): unknown => call.args[0].input;

/** What each mocked call answered, in order, as `words` says it. */
const answersOf = <O>(calls: readonly { readonly returnValue: unknown }[], words: (output: O) => string) =>
  Promise.all(calls.map(async (call) => words((await call.returnValue) as O)));

describe('redshift-evr rollback', () => {
  const redshift = useClientMock(RedshiftClient);
  const serverless = useClientMock(RedshiftServerlessClient);

  /** What differs between the kinds, as a test sees it (the words checked literally, not read from KINDS). */
  const KIND_CASES: Record<
    ResourceKind,
    {
      readonly args: readonly string[];
      readonly install: (spec: StatefulResourceSpec) => StatefulResource;
      readonly changes: () => unknown[];
      readonly changeInput: Record<string, unknown>;
      readonly label: string;
      readonly control: string;
      readonly interruption: RegExp;
      readonly available: string;
      readonly modifying: string;
      /** What each read answered, in order: status and flag. */
      readonly reads: () => Promise<string[]>;
      readonly busy: string;
      /** How a read during the change is described (a cluster shows the new value pending). */
      readonly changing: string;
      readonly denyChange: () => void;
      readonly denied: string;
    }
  > = {
    cluster: {
      args: ['--cluster', 'etl-prod'],
      install: (spec) => installStatefulCluster(redshift(), { id: 'etl-prod', ...spec }),
      changes: () => redshift().commandCalls(ModifyClusterCommand).map(inputOf),
      changeInput: { ClusterIdentifier: 'etl-prod', EnhancedVpcRouting: false },
      label: 'cluster etl-prod (us-east-1)',
      control: 'Redshift.7',
      interruption: /Redshift restarts the cluster/,
      available: 'available',
      modifying: 'modifying',
      reads: () =>
        answersOf(redshift().commandCalls(DescribeClustersCommand), (out: DescribeClustersCommandOutput) => {
          const found = out.Clusters?.[0];
          return `${found?.ClusterStatus} ${found?.EnhancedVpcRouting}`;
        }),
      busy: 'paused',
      changing: 'modifying (enhanced VPC routing on, a change of it pending)',
      denyChange: () => {
        redshift()
          .on(ModifyClusterCommand)
          .rejects(serviceError('AccessDenied', 'Access denied (fake).', 403));
      },
      denied: 'redshift:ModifyCluster was denied (AccessDenied)',
    },
    workgroup: {
      args: ['--workgroup', 'analytics-wg'],
      install: (spec) => installStatefulWorkgroup(serverless(), { name: 'analytics-wg', ...spec }),
      changes: () => serverless().commandCalls(UpdateWorkgroupCommand).map(inputOf),
      changeInput: { workgroupName: 'analytics-wg', enhancedVpcRouting: false },
      label: 'workgroup analytics-wg (us-east-1)',
      control: 'RedshiftServerless.1',
      interruption: /The workgroup is MODIFYING/,
      available: 'AVAILABLE',
      modifying: 'MODIFYING',
      reads: () =>
        answersOf(
          serverless().commandCalls(GetWorkgroupCommand),
          ({ workgroup }: GetWorkgroupCommandOutput) => `${workgroup?.status} ${workgroup?.enhancedVpcRouting}`,
        ),
      busy: 'MODIFYING',
      changing: 'MODIFYING (enhanced VPC routing on)',
      denyChange: () => {
        serverless()
          .on(UpdateWorkgroupCommand)
          .rejects(serviceError('AccessDeniedException', 'Access denied (fake).', 403));
      },
      denied: 'redshift-serverless:UpdateWorkgroup was denied (AccessDeniedException)',
    },
  };

  const rollback = async (args: readonly string[], io: TestIo = testIo()) => ({
    code: await runCli(['rollback', ...args], io),
    io,
  });

  /** Run a rollback that must end with exit 2 and no change request of either kind; its io, to check the words. */
  const nothingChanged = async (args: readonly string[], io: TestIo = testIo()): Promise<TestIo> => {
    expect(await runCli(['rollback', ...args], io)).to.equal(2);
    expect(redshift().commandCalls(ModifyClusterCommand)).to.deep.equal([]);
    expect(serverless().commandCalls(UpdateWorkgroupCommand)).to.deep.equal([]);
    return io;
  };

  /** Every SDK call either client received. */
  const allCalls = () => [...redshift().calls(), ...serverless().calls()];

  for (const [kind, k] of Object.entries(KIND_CASES)) {
    describe(`a ${kind}`, () => {
      it(`turns enhanced VPC routing off, waits until it is ${k.available} again, and says what comes next`, async () => {
        const resource = k.install({ evr: true, pendingPolls: 2, modifyingPolls: 3 });
        const { code, io } = await rollback([...k.args, '--yes']);
        expect(io.err()).to.equal(`Waiting up to 1800 s for ${k.label} to be ${k.available}...\n`);
        expect(code).to.equal(0);
        expect(k.changes()).to.deep.equal([k.changeInput]);
        expect(io.out()).to.equal(
          `Enhanced VPC routing turned off on ${k.label}; it is available again. Its Security Hub finding ${k.control} will be FAILED again at the next evaluation; turn it back on with redshift-evr remediate once the pipeline is fixed.\n`,
        );
        // Read before the change, then after it until the flag flipped: through two reads that still showed it
        // available with the flag on (the race) and three of it modifying.
        const reads = await k.reads();
        expect(reads[0]).to.equal(`${k.available} true`);
        expect(reads.filter((r) => r === `${k.modifying} true`)).to.have.length(3);
        expect(reads.at(-1)).to.equal(`${k.available} false`);
        expect(reads).to.have.length(resource.readCalls());
        expect(io.sleeps.length).to.equal(reads.length - 2);
        expect(new Set(io.sleeps)).to.deep.equal(new Set([10_000]));
      });

      it('asks first, saying what happens to it and to its finding; not confirmed, it changes nothing', async () => {
        k.install({ evr: true });
        const io = await nothingChanged(k.args, testIo({ confirm: false }));
        expect(io.questions).to.have.length(1);
        expect(io.questions[0]).to.match(
          new RegExp(`^Turn enhanced VPC routing OFF on ${k.label.replace(/[()]/g, '\\$&')}\\? `),
        );
        expect(io.questions[0]).to.match(k.interruption);
        expect(io.questions[0]).to.contain(`Its Security Hub finding ${k.control} will be FAILED again.`);
        expect(io.err()).to.equal('Nothing changed: not confirmed. Pass --yes to turn it off without asking.\n');
      });

      it('goes ahead once confirmed, and does not ask with --yes', async () => {
        k.install({ evr: true, modifyingPolls: 1 });
        const asked = await rollback(k.args, testIo({ confirm: true }));
        expect(asked.code).to.equal(0);
        expect(asked.io.questions).to.have.length(1);
        k.install({ evr: true, modifyingPolls: 1 });
        const unasked = await rollback([...k.args, '--yes'], testIo({ confirm: false }));
        expect(unasked.code).to.equal(0);
        expect(unasked.io.questions).to.deep.equal([]);
        expect(k.changes()).to.have.length(2);
      });

      it('refuses when enhanced VPC routing is already off: nothing to roll back, nothing asked', async () => {
        k.install({ evr: false });
        const io = await nothingChanged(k.args, testIo({ confirm: true }));
        expect(io.err()).to.equal(
          `Nothing changed: enhanced VPC routing is already off on ${k.label}: nothing to roll back.\n`,
        );
        expect(io.questions).to.deep.equal([]);
      });

      it(`refuses while it is not ${k.available}, naming its status`, async () => {
        k.install({ evr: true, status: k.busy });
        const io = await nothingChanged(k.args, testIo({ confirm: true }));
        expect(io.err()).to.match(
          new RegExp(
            `^Nothing changed: .* is ${k.busy} \\(enhanced VPC routing on\\), not ${k.available}: .*Try again when it is ${k.available}\\.\\n$`,
          ),
        );
        expect(io.questions).to.deep.equal([]);
      });

      it('names the denied change action', async () => {
        k.install({ evr: true });
        k.denyChange();
        const { code, io } = await rollback([...k.args, '--yes']);
        expect(code).to.equal(2);
        expect(io.err()).to.equal(`error: ${k.denied}. Check the credentials' permissions and Region.\n`);
        expect(io.out()).to.equal('');
      });

      it('gives up waiting at --timeout: exit 1, saying what it saw and what to check', async () => {
        k.install({ evr: true, modifyingPolls: 1000 });
        const { code, io } = await rollback([...k.args, '--yes', '--timeout', '45']);
        expect(code).to.equal(1);
        expect(k.changes()).to.deep.equal([k.changeInput]);
        expect(io.sleeps.reduce((a, b) => a + b, 0)).to.equal(45_000);
        expect(io.err()).to.contain(
          `error: the change was requested, but after 45 s ${k.label} is ${k.changing}. Check it in the `,
        );
        expect(io.err()).to.contain(`--region us-east-1".\n`);
        expect(io.out()).to.equal('');
      });

      it('with --no-wait, requests the change and ends without reading it again', async () => {
        const resource = k.install({ evr: true });
        const { code, io } = await rollback([...k.args, '--yes', '--no-wait']);
        expect(code).to.equal(0);
        expect(k.changes()).to.deep.equal([k.changeInput]);
        expect(resource.readCalls()).to.equal(1);
        expect(io.sleeps).to.deep.equal([]);
        expect(io.out()).to.match(/^Enhanced VPC routing is being turned off on .*; not waiting/);
      });
    });
  }

  it('names a cluster or workgroup that does not exist, and the Region', async () => {
    KIND_CASES.cluster.install({ evr: true });
    KIND_CASES.workgroup.install({ evr: true });
    const cluster = await nothingChanged(['--cluster', 'ghost', '--yes', '--region', 'eu-west-1']);
    expect(cluster.err()).to.equal(
      "error: cluster ghost was not found in eu-west-1: check --cluster and --region (or the profile's Region).\n",
    );
    const workgroup = await nothingChanged(['--workgroup', 'ghost-wg', '--yes']);
    expect(workgroup.err()).to.contain('error: workgroup ghost-wg was not found in us-east-1: check --workgroup');
  });

  it('refuses a cluster whose change of enhanced VPC routing is still pending (available, the old value shown)', async () => {
    redshift()
      .on(DescribeClustersCommand)
      .resolves({
        Clusters: [
          {
            ...aCluster({ id: 'etl-prod', evr: false }),
            PendingModifiedValues: { EnhancedVpcRouting: true },
          },
        ],
      });
    const io = await nothingChanged(['--cluster', 'etl-prod', '--yes']);
    expect(io.err()).to.equal(
      'Nothing changed: cluster etl-prod (us-east-1) has a change of enhanced VPC routing pending: the cluster is being modified. Try again when it is available.\n',
    );
  });

  it('names a throttled read before the change (exit 2: nothing changed)', async () => {
    serverless()
      .on(GetWorkgroupCommand)
      .rejects(serviceError('ThrottlingException', 'Rate exceeded', 400));
    const io = await nothingChanged(['--workgroup', 'analytics-wg', '--yes']);
    expect(io.err()).to.equal(
      'error: redshift-serverless:GetWorkgroup was throttled after retries (ThrottlingException). Retry later, or with fewer Regions at once.\n',
    );
  });

  it('exits 1 when the wait cannot read the cluster after the change (the change was made)', async () => {
    redshift()
      .on(DescribeClustersCommand)
      .resolvesOnce({ Clusters: [aCluster({ id: 'etl-prod', evr: true })] })
      .rejects(serviceError('AccessDenied', 'Access denied (fake).', 403));
    redshift()
      .on(ModifyClusterCommand)
      .resolves({ Cluster: aCluster({ id: 'etl-prod', evr: true, status: 'modifying' }) });
    const { code, io } = await rollback(['--cluster', 'etl-prod', '--yes']);
    expect(code).to.equal(1);
    expect(io.err()).to.contain(
      'error: the change was requested, but the wait could not read it: redshift:DescribeClusters was denied (AccessDenied). Check it in the Redshift console',
    );
  });

  const BAD_FLAGS: readonly [readonly string[], string][] = [
    [[], 'rollback needs exactly one of --cluster ID or --workgroup NAME. Run "redshift-evr rollback --help".'],
    [
      ['--cluster', 'etl-prod', '--workgroup', 'analytics-wg'],
      'exactly one of --cluster ID or --workgroup NAME, not both',
    ],
    [
      ['--cluster', 'etl-prod', '--cluster', 'etl-dev'],
      '--cluster was given 2 times ("etl-prod", "etl-dev"); give it once.',
    ],
    [['--cluster', 'Etl_Prod'], '--cluster "Etl_Prod" is not a Redshift cluster identifier'],
    [['--workgroup', 'wg'], '--workgroup "wg" is not a Redshift Serverless workgroup name'],
    [['--cluster', ''], '--cluster needs a value'],
    [['--cluster', 'etl-prod', '--timeout', '0'], '--timeout must be a whole number of seconds (at least 1), got "0"'],
    [['--cluster', 'etl-prod', '--timeout', '5m'], '--timeout must be a whole number of seconds'],
    [
      ['--cluster', 'etl-prod', '--no-wait', '--timeout', '60'],
      '--timeout is how long to wait; it does nothing with --no-wait',
    ],
    [['--cluster', 'etl-prod', '--region', 'mars'], '--region "mars" is not a Region name'],
    [['--cluster', 'etl-prod', '--profile', 'nobody'], 'AWS profile "nobody" was not found'],
    [['--cluster', 'etl-prod', '--force'], "Unknown option '--force'"],
  ];
  for (const [args, message] of BAD_FLAGS) {
    it(`exits 2 before any AWS call for ${JSON.stringify(args)}`, async () => {
      const { code, io } = await rollback([...args, '--yes']);
      expect(code).to.equal(2);
      expect(io.err()).to.contain(message);
      expect(allCalls()).to.deep.equal([]);
    });
  }

  it('prints its help, with the permissions it needs', async () => {
    const { code, io } = await rollback(['--help']);
    expect(code).to.equal(0);
    expect(io.out()).to.match(/^Usage: redshift-evr rollback \(--cluster ID \| --workgroup NAME\)/);
    for (const action of [
      'redshift:DescribeClusters',
      'redshift:ModifyCluster',
      'redshift-serverless:GetWorkgroup',
      'redshift-serverless:UpdateWorkgroup',
    ]) {
      expect(io.out()).to.contain(action);
    }
    expect(allCalls()).to.deep.equal([]);
  });
});
