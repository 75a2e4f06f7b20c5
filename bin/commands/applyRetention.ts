import type { Command } from 'commander';
import { applyEventRetention } from '@/lib/datasets/applyEventRetention';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { CliError } from '../cliError';

export function registerApplyRetention(program: Command): void {
  program
    .command('apply-retention')
    .description(
      "Delete a dataset's events older than its retention (portrait settings --retention-days); workers also do this every hour; audited",
    )
    .requiredOption('--dataset <name>', 'dataset name')
    .option('--json', 'print JSON')
    .action(async (options: { dataset: string; json?: boolean }) => {
      const datasetId = await findDatasetId(options.dataset);
      if (datasetId === null) throw new CliError(`No dataset named "${options.dataset}"`);
      const outcome = await applyEventRetention(datasetId, { actor: 'cli' });
      if (options.json) {
        console.log(JSON.stringify(outcome, null, 2));
        return;
      }
      if (outcome.cutoff === null) {
        console.log(`${options.dataset} keeps every event (no retention set); nothing deleted.`);
        return;
      }
      console.log(
        `Deleted ${outcome.deleted} events of ${options.dataset} dated before ${outcome.cutoff.toISOString()} ` +
          `(retention ${outcome.retentionDays} days). Stored runs are unchanged until the next retrain.`,
      );
    });
}
