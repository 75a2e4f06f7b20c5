import type { Command } from 'commander';
import { generateDemo } from '@/lib/demo/generateDemo';
import { CliError } from '../cliError';
import { createProgressBar } from '../progressBar';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Write a generated demo shop (events.csv, items.csv, users.csv with a true_persona column)')
    .option('--users <n>', 'number of users', '5000')
    .option('--seed <n>', 'random seed; the same seed writes the same files', '1')
    .requiredOption('--out <dir>', 'folder to write the CSV files to')
    .action(async (options: { users: string; seed: string; out: string }) => {
      const users = Number(options.users);
      const seed = Number(options.seed);
      if (!Number.isInteger(users) || users < 1) throw new CliError(`--users must be a positive whole number`);
      if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number`);
      const bar = createProgressBar('demo');
      const result = await generateDemo({
        users,
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
