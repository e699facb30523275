import type { CallFailure } from '../core/types.ts';
import { AwsCallError, RedshiftEvrError } from '../errors.ts';
import { type CliIo, EXIT } from './io.ts';
import { scanCommand } from './scanCommand.ts';
import { VERSION } from './version.ts';

const MAIN_HELP = `Usage: redshift-evr <command> [options]

Make Security Hub controls Redshift.7 and RedshiftServerless.1 (enhanced VPC routing) pass without breaking
COPY/UNLOAD.

Commands:
  scan        evaluate clusters and workgroups (an account's Region, or a snapshot) and report what is missing
  snapshot    record an account's describe responses to a file, for offline scans
  remediate   start the deployed remediation runbooks for clusters and workgroups (SSM Automation)
  rollback    turn enhanced VPC routing off again on one cluster or workgroup (a pipeline broke after it)
  exempt      mark enhanced VPC routing off as intended on one cluster or workgroup (the exemption tag)
  report      the whole organization's results from an AWS Config aggregator (--aggregator NAME)
  help        show this help; "redshift-evr <command> --help" shows a command's options
  --version   print the version

Quick look: redshift-evr scan --snapshot examples/demo-account.json
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;
// A Map: a command name comes from the command line, and "constructor" is no command.
const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['scan', scanCommand],
  // Commands that always talk to AWS load the SDK clients only when run.
  ['snapshot', async (argv, io) => (await import('./snapshotCommand.ts')).snapshotCommand(argv, io)],
  ['remediate', async (argv, io) => (await import('./remediateCommand.ts')).remediateCommand(argv, io)],
  ['rollback', async (argv, io) => (await import('./rollbackCommand.ts')).rollbackCommand(argv, io)],
  ['exempt', async (argv, io) => (await import('./exemptCommand.ts')).exemptCommand(argv, io)],
  ['report', async (argv, io) => (await import('./reportCommand.ts')).reportCommand(argv, io)],
]);

const CREDENTIALS =
  'No usable AWS credentials: pass --profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run "aws sso login".';

/** Network failures: the endpoint could not be reached at all (not an AWS answer). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The error and its causes, outermost first. */
const chain = (error: unknown): unknown[] => {
  const out: unknown[] = [];
  for (let e: unknown = error; e !== undefined && out.length < 5; e = e instanceof Error ? e.cause : undefined) {
    out.push(e);
  }
  return out;
};

const explainNetwork = (errors: readonly unknown[]): string | undefined => {
  const network = errors.find(
    (e) => UNREACHABLE.has(String((e as { code?: unknown }).code)) || (e as Error)?.name === 'TimeoutError',
  );
  if (network === undefined) return undefined;
  const code = (network as { code?: string }).code ?? 'TimeoutError';
  const host = /(?:getaddrinfo \w+|connect \w+) ([^\s]+)/.exec((network as Error).message)?.[1];
  const endpoint = process.env.AWS_ENDPOINT_URL ?? host ?? 'the AWS endpoint';
  const operation = errors.find((e): e is AwsCallError => e instanceof AwsCallError)?.operation;
  return `Could not reach ${endpoint}${operation ? ` for ${operation}` : ''} (${code}). Check the network${process.env.AWS_ENDPOINT_URL ? ' and AWS_ENDPOINT_URL' : ', and that the Region exists and is enabled for the account'}.`;
};

/** What to do about a failed AWS call, by how it failed (the credentials' own message already says it). */
const AWS_FAILURE_ADVICE: Record<CallFailure, string> = {
  credentials: '',
  denied: ". Check the credentials' permissions and Region.",
  throttled: '. Retry later, or with fewer Regions at once.',
  failed: '. Retry later; if it keeps failing, check the Region and the service quotas.',
};

const explain = (error: unknown): string => {
  const errors = chain(error);
  const network = explainNetwork(errors);
  if (network !== undefined) return network;
  if (errors.some((e) => e instanceof Error && e.name === 'CredentialsProviderError')) return CREDENTIALS;
  if (error instanceof AwsCallError) return `${error.message}${AWS_FAILURE_ADVICE[error.failure]}`;
  if (error instanceof RedshiftEvrError) return error.message;
  return `unexpected failure: ${error instanceof Error ? error.message : String(error)}. Run again with --debug for the stack trace.`;
};

/** Run the CLI with these arguments; returns the exit status and never throws. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(MAIN_HELP);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`redshift-evr ${VERSION}\n`);
    return EXIT.OK;
  }
  const command = COMMANDS.get(name);
  if (command === undefined) {
    io.stderr(`error: unknown command "${name}". Run "redshift-evr --help".\n`);
    return EXIT.USAGE;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr(`error: ${explain(error)}\n`);
    if (rest.includes('--debug') && error instanceof Error) io.stderr(`${error.stack ?? error.message}\n`);
    return EXIT.USAGE;
  }
};
