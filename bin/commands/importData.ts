import type { Command } from 'commander';
import { writeAudit } from '@/lib/audit/writeAudit';
import { rememberImportMapping } from '@/lib/imports/importMappingMemory';
import { resolveColumnMapping } from '@/lib/ingest/columnMapping';
import { importFiles } from '@/lib/ingest/importFiles';
import { CliError } from '../cliError';
import { createProgressBar } from '../progressBar';
import { summarizeImport } from './importSummary';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import events, items and users files (CSV or NDJSON, gzip accepted) into a dataset, all or nothing')
    .requiredOption('--dataset <name>', 'dataset to import into (created when missing)')
    .option('--events <file>', 'events file: user_id,item_id,type,ts,value,text')
    .option('--items <file>', 'items file: item_id,title,category,price,description')
    .option('--users <file>', 'users file: user_id plus attribute columns')
    .option('--skip-invalid', 'import the good rows and write the bad ones to a reject file')
    .option(
      '--reject-file <file>',
      "where --skip-invalid writes bad rows (default: the dataset's folder in .data/rejects, PORTRAIT_REJECTS_DIR)",
    )
    .option('--no-header', 'CSV files have no header row: map their columns by position, e.g. --map user_id=#1,ts=#2')
    .option(
      '--map <mapping>',
      'column mapping, e.g. "user_id=CustomerID,item_id=StockCode,ts=InvoiceDate,type=:purchase,value=Quantity*UnitPrice,ts_format=M/D/YYYY H:MM", or a .json file',
    )
    .action(
      async (options: {
        dataset: string;
        events?: string;
        items?: string;
        users?: string;
        skipInvalid?: boolean;
        rejectFile?: string;
        map?: string;
        header: boolean;
      }) => {
        if (!options.events && !options.items && !options.users) {
          throw new CliError('Give at least one of --events, --items, --users');
        }
        const mapping = options.map
          ? await resolveColumnMapping(options.map).catch((error: Error) => {
              throw new CliError(`--map: ${error.message}`);
            })
          : undefined;
        const bar = createProgressBar('import');
        const result = await importFiles({
          datasetName: options.dataset,
          events: options.events,
          items: options.items,
          users: options.users,
          skipInvalid: options.skipInvalid,
          rejectPath: options.rejectFile,
          mapping,
          header: options.header,
          createdBy: 'cli',
          onProgress: (bytesRead, totalBytes) => bar.update(bytesRead, Math.max(totalBytes, 1), 'bytes'),
        });
        bar.stop();
        await writeAudit('cli', 'import.run', result.datasetId ? `dataset:${result.datasetId}` : undefined, {
          dataset: options.dataset,
          ok: result.ok,
          batches: result.batches.map(({ kind, inserted, duplicates, rejected }) => ({
            kind,
            inserted,
            duplicates,
            rejected,
          })),
        });
        // the next import of this dataset, in the browser or here, starts from it
        if (mapping && result.ok && result.datasetId !== null) await rememberImportMapping(result.datasetId, mapping);
        const summary = summarizeImport(result);
        for (const line of summary.out) console.log(line);
        for (const line of summary.err) console.error(line);
        if (summary.failure) throw new CliError(summary.failure);
      },
    );
}
