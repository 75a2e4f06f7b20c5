import type { Command } from 'commander';
import { cleanPartialUploads } from '@/lib/imports/cleanPartialUploads';
import { startWorker } from '@/lib/jobs/startWorker';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run queued jobs (retrains, imports, evaluations, exports) and dataset schedules; any number of workers may share one database',
    )
    .option('--no-schedules', 'do not start scheduled retrains from this worker')
    .action(async (options: { schedules: boolean }) => {
      // a web server may be receiving an upload right now: only folders idle for ten minutes go
      for (const folder of await cleanPartialUploads({ idleMs: 10 * 60_000 }))
        console.log(`Removed a partial upload: ${folder}`);
      const worker = startWorker({
        schedules: options.schedules,
        log: (line) => console.log(`${new Date().toISOString()} ${line}`),
      });
      await new Promise<void>((resolve) => {
        const stop = () => {
          worker.stop().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
