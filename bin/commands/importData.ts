import type { Command } from 'commander';
import { writeAudit } from '@/lib/audit/writeAudit';
import { resolveColumnMapping } from '@/lib/ingest/columnMapping';
import { importFiles } from '@/lib/ingest/importFiles';
import type { BatchReport } from '@/lib/ingest/types';
import { CliError } from '../cliError';
import { createProgressBar } from '../progressBar';

const errorsShown = 20;

function describeBatch(batch: BatchReport): string {
  const parts = [`${batch.kind} ${batch.file}: ${batch.rowsRead} rows read, ${batch.inserted} added`];
  if (batch.duplicates) parts.push(`${batch.duplicates} duplicates dropped`);
  if (batch.rejected) parts.push(`${batch.rejected} rejected`);
  if (batch.stubsCreated.users || batch.stubsCreated.items) {
    parts.push(
      `stubs created for ${batch.stubsCreated.users} unknown users and ${batch.stubsCreated.items} unknown items`,
    );
  }
  const missing = Object.entries(batch.missing).filter(([, count]) => count > 0);
  if (missing.length)
    parts.push(`missing values: ${missing.map(([column, count]) => `${column} ${count}`).join(', ')}`);
  return parts.join('; ');
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import events, items and users files (CSV or NDJSON, gzip accepted) into a dataset, all or nothing')
    .requiredOption('--dataset <name>', 'dataset to import into (created when missing)')
    .option('--events <file>', 'events file: user_id,item_id,type,ts,value,text')
    .option('--items <file>', 'items file: item_id,title,category,price,description')
    .option('--users <file>', 'users file: user_id plus attribute columns')
    .option('--skip-invalid', 'import the good rows and write the bad ones to a reject file')
    .option('--reject-file <file>', 'where --skip-invalid writes bad rows (default beside the input)')
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
        for (const batch of result.batches) console.log(describeBatch(batch));
        const errors = result.batches.flatMap((batch) => batch.errors);
        const errorCount = result.batches.reduce((sum, batch) => sum + batch.errorCount, 0);
        if (errorCount > 0) {
          console.error(`${errorCount} bad row${errorCount === 1 ? '' : 's'}:`);
          for (const error of errors.slice(0, errorsShown))
            console.error(`  ${error.file}:${error.line}: ${error.reason}`);
          if (errorCount > errorsShown) console.error(`  ... and ${errorCount - errorsShown} more`);
        }
        for (const batch of result.batches) {
          if (batch.rejectFile) console.log(`Rejected rows written to ${batch.rejectFile}`);
        }
        if (!result.ok) {
          throw new CliError(
            'Nothing was imported (fix the rows above, or use --skip-invalid to import the good rows)',
          );
        }
      },
    );
}
