import type { Command } from 'commander';
import { deleteDataset } from '@/lib/datasets/deleteDataset';
import { listDatasets } from '@/lib/queries/listDatasets';
import { CliError } from '../cliError';

export function registerDatasets(program: Command): void {
  program
    .command('datasets')
    .description('List datasets with their counts, event date range and active run')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const datasets = await listDatasets();
      if (options.json) {
        console.log(JSON.stringify(datasets, null, 2));
        return;
      }
      if (datasets.length === 0) {
        console.log('No datasets yet: `npx portrait import --dataset NAME --events FILE` creates one.');
        return;
      }
      console.table(
        datasets.map((dataset) => ({
          name: dataset.name,
          users: dataset.counts.users,
          items: dataset.counts.items,
          events: dataset.counts.events,
          first: dataset.eventRange.first?.slice(0, 10) ?? '',
          last: dataset.eventRange.last?.slice(0, 10) ?? '',
          'active run': dataset.activeRun ? dataset.activeRun.id : '',
        })),
      );
    });

  program
    .command('delete-dataset')
    .description('Delete a dataset and everything in it (users, items, events, runs)')
    .argument('<name>', 'dataset name')
    .action(async (name: string) => {
      const deleted = await deleteDataset(name, 'cli');
      if (!deleted) throw new CliError(`No dataset named "${name}"`);
      const files = deleted.files ? `, ${deleted.files} stored file${deleted.files === 1 ? '' : 's'}` : '';
      console.log(`Deleted dataset ${deleted.name} (${deleted.events} events${files})`);
    });
}
