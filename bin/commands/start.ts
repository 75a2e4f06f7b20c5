import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { ensureFirstAdmin } from '@/lib/auth/accounts';
import { configuredOrigins } from '@/lib/http/requestOrigin';
import { cleanPartialUploads } from '@/lib/imports/cleanPartialUploads';
import { startWorker } from '@/lib/jobs/startWorker';
import { checkPortFree } from '@/lib/server/checkPortFree';
import { needsBuild } from '@/lib/server/needsBuild';
import { onShutdownSignal } from '@/lib/server/onShutdownSignal';
import { dataFolder, projectRoot, resolveDatabase } from '@/lib/server/resolveDatabase';
import { setUpDemoDataset } from '@/lib/server/setUpDemoDataset';
import { AlreadyRunningError, acquireStartLock } from '@/lib/server/startLock';
import { webProcessCount } from '@/lib/server/webProcessCount';
import { CliError } from '../cliError';

const nextBin = path.join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
const webServerScript = path.join(projectRoot, 'bin', 'webServer.mjs');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: projectRoot, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new CliError(`next ${args[0]} exited with ${code}`))));
  });
}

function shownPath(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative && !relative.startsWith('..') ? `./${relative}` : folder;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'Set up the database (embedded unless DATABASE_URL is set), load the demo data and serve the dashboard',
    )
    .option('--port <port>', 'port to serve on', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to bind', process.env.HOST ?? '127.0.0.1')
    .option('--no-demo', 'do not load the demo dataset on first run')
    .action(async (options: { port: string; host: string; demo: boolean }) => {
      // a second start on the same data is told Portrait already runs, before the port it holds is found taken
      const releaseLock = process.env.DATABASE_URL
        ? async () => {}
        : await acquireStartLock(dataFolder(), options.port).catch((error) => {
            throw error instanceof AlreadyRunningError ? new CliError(error.message) : error;
          });
      const portProblem = await checkPortFree(Number(options.port), options.host);
      if (portProblem) {
        await releaseLock();
        throw new CliError(portProblem);
      }
      program.setOptionValue('keepAlive', true);
      try {
        configuredOrigins();
      } catch (error) {
        await releaseLock();
        throw new CliError((error as Error).message);
      }
      const began = Date.now();
      const step = (line: string) => console.log(`[${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`);
      const database = await resolveDatabase();
      step(
        database.embedded
          ? `Database: embedded PostgreSQL in ${shownPath(database.embedded.dataDir)}${database.embedded.started ? '' : ' (already running)'}, migrations applied`
          : 'Database: DATABASE_URL, migrations applied',
      );
      if (database.note) console.log(database.note);
      try {
        if (options.demo) await setUpDemoDataset(step);
        const admin = await ensureFirstAdmin();
        if (admin) {
          console.log(`First admin created: ${admin.email} with one-time password ${admin.password}`);
          console.log('The dashboard asks for a new password at its first sign-in.');
        }
        if (await needsBuild(projectRoot)) {
          step('Building the dashboard (first start or changed sources, about a minute)...');
          await run(['build'], { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
          step('Dashboard built');
        }
      } catch (error) {
        // a start that fails before serving (a build error, the demo) leaves no database running behind it
        await database.embedded?.stop();
        await releaseLock();
        throw error;
      }
      const local = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
      if (local && process.env.PORTRAIT_DEMO_AUTOLOGIN !== '0') {
        env.PORTRAIT_DEMO_AUTOLOGIN = '1';
        console.log(
          'Demo mode: bound to localhost, so the dashboard signs you in as a demo admin ' +
            '(imports, retrains and jobs only; sign in as a real admin for accounts, keys, settings and deletions).',
        );
      }
      const web = webProcessCount(process.env.PORTRAIT_WEB_PROCESSES);
      env.PORTRAIT_WEB_PROCESSES = String(web.count);
      env.PORT = options.port;
      env.HOST = options.host;
      // no web process of this server is up yet, so no upload of its own can be in flight
      for (const folder of await cleanPartialUploads({ idleMs: 0 })) console.log(`Removed a partial upload: ${folder}`);
      const worker = startWorker({ log: (line) => console.log(`[worker] ${line}`) });
      const server = spawn(process.execPath, [webServerScript], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      server.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (/✓ Ready/.test(text)) {
          const shownHost = options.host === '0.0.0.0' ? 'localhost' : options.host;
          const processes = web.count === 1 ? 'one web process' : `${web.count} web processes`;
          step(`Serving: Portrait is running at http://${shownHost}:${options.port} (${processes})`);
        } else {
          process.stdout.write(text);
        }
      });
      onShutdownSignal(async () => {
        server.kill('SIGTERM');
        await worker.stop();
        await database.embedded?.stop();
        await releaseLock();
        process.exit(0);
      });
      const exitCode = await new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      await worker.stop();
      await database.embedded?.stop();
      await releaseLock();
      if (exitCode) {
        program.setOptionValue('keepAlive', false);
        throw new CliError(`The web server stopped with exit code ${exitCode} (its message is above)`);
      }
    });
}
