import type { Command } from 'commander';
import { evaluateSegments } from '@/lib/evaluate/evaluateSegments';
import { datasetIdByName } from '@/lib/ml/pipeline';
import { CliError } from '../cliError';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('Measure the active run on held-out data and print the figures')
    .requiredOption('--dataset <name>', 'dataset to evaluate')
    .option('--json', 'print one JSON object')
    .option('--truth <attribute...>', 'user attribute(s) to compare the segments with (ARI, NMI)')
    .action(async (options: { dataset: string; json?: boolean; truth?: string[] }) => {
      const datasetId = await datasetIdByName(options.dataset);
      if (datasetId === null) throw new CliError(`No dataset named "${options.dataset}"`);
      const segments = await evaluateSegments(datasetId, options.truth ?? []).catch((error: Error) => {
        throw new CliError(error.message);
      });
      const report = { dataset: options.dataset, segments };
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(`Segments: k=${segments.k}, silhouette ${segments.silhouette.toFixed(3)}, Davies-Bouldin ${segments.daviesBouldin.toFixed(3)}`);
      for (const [name, value] of Object.entries(segments.agreement)) {
        console.log(`  vs ${name}: ARI ${value.ari.toFixed(3)}, NMI ${value.nmi.toFixed(3)} over ${value.users} users`);
      }
    });
}
