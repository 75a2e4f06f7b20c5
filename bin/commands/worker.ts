import type { Command } from 'commander';
import { isEmbeddedDatabase } from '@/lib/db/connection';
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
      if (isEmbeddedDatabase()) {
        // Measured: three or more connections to the PGlite socket server interleave their
        // extended-protocol messages ("portal does not exist"); `npm start` and its dashboard hold two.
        console.warn(
          'Warning: this worker shares the embedded database with `npm start`, which already runs a worker. ' +
            'Extra workers need a PostgreSQL server (set DATABASE_URL).',
        );
      }
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
