import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '@/bin/cliError';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { exportPersonas } from '@/lib/export/exportPersonas';
import { exportSegmentMembers } from '@/lib/export/exportSegmentMembers';
import { type ExportFormat, exportFormats } from '@/lib/export/personaExport.types';
import { writeExportFile } from '@/lib/export/writeExportFile';
import { ApiError } from '@/lib/http/apiError';
import { isLocale, locales } from '@/lib/i18n/locales';

interface ExportOptions {
  dataset: string;
  format?: string;
  out: string;
  segment?: string;
  run?: string;
  locale?: string;
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new CliError(`${flag} must be a whole number of at least ${min}`);
  return number;
}

async function writeOut(out: string, content: Buffer | AsyncIterable<string>): Promise<number | null> {
  if (out !== '-') return writeExportFile(path.resolve(out), content);
  if (Buffer.isBuffer(content)) process.stdout.write(content);
  else for await (const chunk of content) process.stdout.write(chunk);
  return null;
}

const kilobytes = (bytes: number | null) => (bytes === null ? '' : ` (${(bytes / 1024).toFixed(1)} kB)`);

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      "Export a run's personas as CSV, JSON, Markdown or PDF, or a segment's members as CSV (segments under the size floor and sensitive attributes are never exported)",
    )
    .requiredOption('--dataset <name>', 'dataset to export')
    .option('--format <format>', `personas file format: ${exportFormats.join(', ')}`)
    .requiredOption('--out <file>', 'file to write ("-" for standard output)')
    .option('--segment <index>', "export this segment's members as CSV instead of the personas")
    .option('--run <id>', 'a succeeded run of the dataset instead of its active run')
    .option(
      '--locale <locale>',
      `language of a Markdown or PDF file and of the CSV's text cells (${locales.join(', ')}; CSV column names stay English)`,
      'en',
    )
    .action(async (options: ExportOptions) => {
      const segment = wholeNumber(options.segment, '--segment', 0);
      const runId = wholeNumber(options.run, '--run', 1);
      if (segment !== undefined && options.format !== undefined && options.format !== 'csv') {
        throw new CliError('A segment member list is only written as CSV: use --format csv or leave --format out');
      }
      if (segment === undefined && options.format === undefined) {
        throw new CliError(`--format is required: one of ${exportFormats.join(', ')}`);
      }
      if (options.format !== undefined && !(exportFormats as readonly string[]).includes(options.format)) {
        throw new CliError(`--format must be one of ${exportFormats.join(', ')}`);
      }
      if (!isLocale(options.locale)) throw new CliError(`--locale must be one of ${locales.join(', ')}`);
      const locale = options.locale;
      const datasetId = await findDatasetId(options.dataset);
      if (datasetId === null)
        throw new CliError(`No dataset named "${options.dataset}" (see \`npx portrait datasets\`)`);
      try {
        if (segment !== undefined) {
          const file = await exportSegmentMembers(datasetId, segment, { actor: 'cli', runId });
          const bytes = await writeOut(options.out, file.chunks);
          console.error(
            `Wrote ${file.users} members of segment ${segment} of ${options.dataset} (run ${file.runId}) to ${options.out}${kilobytes(bytes)}`,
          );
          return;
        }
        const format = options.format as ExportFormat;
        const file = await exportPersonas(datasetId, format, { actor: 'cli', runId, locale });
        const bytes = await writeOut(options.out, file.body);
        console.error(
          `Wrote ${file.personas} personas of ${options.dataset} (run ${file.runId}) as ${format} to ${options.out}${kilobytes(bytes)}`,
        );
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.message);
        throw error;
      }
    });
}
