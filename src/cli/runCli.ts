import { AwsCallError, RedshiftEvrError } from '../errors.ts';
import { type CliIo, EXIT } from './io.ts';
import { scanCommand } from './scanCommand.ts';

export const MAIN_HELP = `Usage: redshift-evr <command> [options]

Make Security Hub control Redshift.7 (enhanced VPC routing) pass without breaking COPY/UNLOAD.

Commands:
  scan        evaluate clusters (an account's Region, or a snapshot) and report what is missing
  snapshot    record an account's describe responses to a file, for offline scans
  remediate   start the deployed remediation runbook for clusters (SSM Automation)
  help        show this help; "redshift-evr <command> --help" shows a command's options

Quick look: redshift-evr scan --snapshot examples/demo-account.json
`;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;
const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
  // Commands that always talk to AWS load the SDK clients only when run.
  snapshot: async (argv, io) => (await import('./snapshotCommand.ts')).snapshotCommand(argv, io),
  remediate: async (argv, io) => (await import('./remediateCommand.ts')).remediateCommand(argv, io),
};

const CREDENTIALS =
  'No usable AWS credentials: pass --profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run "aws sso login".';

const explain = (error: unknown): string => {
  const cause = error instanceof Error ? error.cause : undefined;
  const names = [error, cause].map((e) => (e instanceof Error ? e.name : ''));
  if (names.includes('CredentialsProviderError')) return CREDENTIALS;
  if (error instanceof AwsCallError) {
    return `${error.message}. Check the credentials' permissions and Region.`;
  }
  if (error instanceof RedshiftEvrError) return error.message;
  return `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
};

/** Run the CLI with these arguments; returns the exit status and never throws. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(MAIN_HELP);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`error: unknown command "${name}". Run "redshift-evr --help".\n`);
    return EXIT.USAGE;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr(`error: ${explain(error)}\n`);
    return EXIT.USAGE;
  }
};
