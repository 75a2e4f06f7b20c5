import type { Command } from 'commander';
import { type DemoShape, demoShapeDescriptions, demoShapes, generateShapeDemo } from '@/lib/demo/demoShapes';
import { generateDemo } from '@/lib/demo/generateDemo';
import { CliError } from '../cliError';
import { createProgressBar } from '../progressBar';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Write a generated demo shop (events.csv, items.csv, users.csv with a true_persona column)')
    .option('--users <n>', 'number of users (with --shape: 150, or 40 for few-users, 250 for one-event-per-user)')
    .option('--seed <n>', 'random seed; the same seed writes the same files', '1')
    .option(
      '--shape <shape>',
      `write a small data set of one shape real logs have instead of the shop: ${demoShapes
        .map((shape) => `${shape} (${demoShapeDescriptions[shape]})`)
        .join('; ')}`,
    )
    .requiredOption('--out <dir>', 'folder to write the CSV files to')
    .action(async (options: { users?: string; seed: string; out: string; shape?: string }) => {
      const users = options.users === undefined ? undefined : Number(options.users);
      const seed = Number(options.seed);
      if (users !== undefined && (!Number.isInteger(users) || users < 1))
        throw new CliError(`--users must be a positive whole number`);
      if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number`);
      if (options.shape !== undefined) {
        if (!demoShapes.includes(options.shape as DemoShape))
          throw new CliError(`--shape must be one of ${demoShapes.join(', ')}`);
        const result = await generateShapeDemo({ shape: options.shape as DemoShape, users, seed, outDir: options.out });
        console.log(
          `Wrote the ${options.shape} shape: ${result.counts.users} users, ${result.counts.items} items and ${result.counts.events} events:`,
        );
        for (const file of Object.values(result.files)) console.log(`  ${file}`);
        return;
      }
      const bar = createProgressBar('demo');
      const result = await generateDemo({
        users: users ?? 5000,
        seed,
        outDir: options.out,
        onProgress: (done, total) => bar.update(done, total, 'users'),
      });
      bar.stop();
      const { counts, files } = result;
      console.log(`Wrote ${counts.users} users, ${counts.items} items and ${counts.events} events:`);
      for (const file of [files.events, files.items, files.users]) console.log(`  ${file}`);
    });
}
