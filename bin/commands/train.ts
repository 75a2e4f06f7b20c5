import type { Command } from 'commander';
import { CliError } from '@/bin/cliError';
import { createProgressBar } from '@/bin/progressBar';
import { writeAudit } from '@/lib/audit/writeAudit';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { type DeviceRequest, parseDeviceRequest } from '@/lib/ml/runtime/device/computeDevice';
import { describeOutcome } from '@/lib/training/stageOutcome';
import { trainDataset } from '@/lib/training/trainDataset';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'Train a run: profiles, segments, map, personas, predictions and recommendations; it becomes active when complete',
    )
    .requiredOption('--dataset <name>', 'dataset to train')
    .option(
      '--k <k>',
      '"auto" (chosen by silhouette over 2-12; one group when none separates the users) or a number of segments',
      'auto',
    )
    .option('--seed <n>', 'random seed', '1')
    .option('--no-text-model', 'do not embed text with the transformers.js model (TF-IDF + SVD vectors instead)')
    .option('--map <method>', 'cluster map projection: pca or umap', 'pca')
    .option(
      '--device <device>',
      'auto, cpu, webgpu or cuda for text embeddings and a large k-means (default PORTRAIT_DEVICE, else auto)',
    )
    .option(
      '--fit-sample-users <n>',
      'fit the models on a stratified sample of this many users when there are more, then apply them to everyone; 0 for none (default PORTRAIT_FIT_SAMPLE_USERS, else 100000)',
    )
    .option('--json', 'print the run summary as JSON')
    .action(
      async (options: {
        dataset: string;
        k: string;
        seed: string;
        textModel: boolean;
        map: string;
        device?: string;
        fitSampleUsers?: string;
        json?: boolean;
      }) => {
        const datasetId = await findDatasetId(options.dataset);
        if (datasetId === null)
          throw new CliError(`No dataset named "${options.dataset}" (see \`npx portrait datasets\`)`);
        const k = options.k === 'auto' ? undefined : Number(options.k);
        if (k !== undefined && (!Number.isInteger(k) || k < 1))
          throw new CliError('--k must be "auto" or a positive whole number');
        if (options.map !== 'pca' && options.map !== 'umap') throw new CliError('--map must be pca or umap');
        const fitSampleUsers = options.fitSampleUsers === undefined ? undefined : Number(options.fitSampleUsers);
        if (fitSampleUsers !== undefined && (!Number.isInteger(fitSampleUsers) || fitSampleUsers < 0))
          throw new CliError('--fit-sample-users must be a whole number (0 for no sample)');
        let device: DeviceRequest | undefined;
        try {
          device = options.device === undefined ? undefined : parseDeviceRequest(options.device, '--device');
        } catch (error) {
          throw new CliError((error as Error).message);
        }
        await writeAudit('cli', 'retrain.run', `dataset:${datasetId}`, {
          k: k ?? 'auto',
          seed: Number(options.seed),
          textModel: options.textModel,
          map: options.map,
          ...(device ? { device } : {}),
          ...(fitSampleUsers !== undefined ? { fitSampleUsers } : {}),
        });
        const bar = createProgressBar('train');
        const result = await trainDataset(datasetId, {
          k,
          seed: Number(options.seed),
          textModel: options.textModel,
          map: options.map,
          device,
          fitSampleUsers,
          onProgress: (stage, percent) => bar.update(percent, 100, stage),
          log: (line) => {
            if (!process.stderr.isTTY && !options.json) console.log(line);
          },
        });
        bar.stop();
        if (options.json) {
          const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
          console.log(JSON.stringify({ ...result, peakRssMb }, null, 2));
          return;
        }
        console.log(
          result.noClearSegments
            ? `Run ${result.runId} is active: ${result.users} users in one group (no clear segments: ${result.noClearReason})`
            : `Run ${result.runId} is active: ${result.users} users in ${result.k} segments ` +
                `(silhouette ${result.silhouette.toFixed(3)}, Davies-Bouldin ${result.daviesBouldin.toFixed(3)})`,
        );
        if (process.stderr.isTTY) for (const stage of result.stages) console.log(describeOutcome(stage));
        console.log(`Stage timings (ms): ${JSON.stringify(result.timings)}`);
      },
    );
}
