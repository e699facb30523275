import { InputError } from '../errors.ts';
import { parseChoice } from './args.ts';
import { type ClusterFinding, toFindings } from './findings.ts';
import { renderAsff } from './formats/asff.ts';
import { renderCsv } from './formats/csv.ts';
import { renderOcsf } from './formats/ocsf.ts';
import { formatTable, type TableStyle } from './formatTable.ts';
import type { CliIo } from './io.ts';
import type { ScanReport } from './report.ts';
import { VERSION } from './version.ts';

export const FORMATS = ['table', 'json', 'csv', 'ocsf', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

/** File endings and the format they mean, most specific first. */
const BY_EXTENSION: readonly [string, Format][] = [
  ['.ocsf.json', 'ocsf'],
  ['.asff.json', 'asff'],
  ['.json', 'json'],
  ['.csv', 'csv'],
  ['.txt', 'table'],
];

/**
 * The output format: --format when given, else from --output-file's ending, else a table.
 * @throws InputError for an unknown format or a file ending that names none.
 */
export const chooseFormat = (flag: string | undefined, outputFile: string | undefined): Format => {
  if (flag !== undefined) return parseChoice('--format', flag, FORMATS, 'table');
  if (outputFile === undefined) return 'table';
  const match = BY_EXTENSION.find(([ending]) => outputFile.toLowerCase().endsWith(ending));
  if (match === undefined) {
    throw new InputError(
      `--output-file "${outputFile}" does not say which format to write (${BY_EXTENSION.map(([e]) => e).join(', ')}); add --format ${FORMATS.join('|')}.`,
    );
  }
  return match[1];
};

/** Render the report in the chosen format. */
export const renderReport = (format: Format, report: ScanReport, style: TableStyle): string => {
  const findings = (): ClusterFinding[] => toFindings(report.evaluations);
  switch (format) {
    case 'table':
      return formatTable(report, style);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(findings(), { securityHub: report.securityHubDisagreements !== undefined });
    case 'ocsf':
      return renderOcsf(findings(), { productVersion: VERSION });
    case 'asff':
      return renderAsff(findings(), {});
    default: {
      const never: never = format;
      throw new TypeError(`unhandled format ${String(never)}`);
    }
  }
};

const WRITE_ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'its directory does not exist',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/**
 * Write the report to a file (atomically) or to stdout; `flag` is the option that named the file.
 * @throws InputError naming the file and the cause; nothing half-written is left behind.
 */
export const emit = async (
  io: CliIo,
  text: string,
  outputFile: string | undefined,
  flag = '--output-file',
): Promise<void> => {
  if (outputFile === undefined) {
    io.stdout(text);
    return;
  }
  try {
    await io.writeFile(outputFile, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new InputError(
      `Cannot write ${outputFile}: ${WRITE_ADVICE[code] ?? (error as Error).message}${code ? ` (${code})` : ''}. Nothing was written; choose another ${flag}.`,
    );
  }
};
