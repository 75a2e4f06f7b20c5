import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { ensureFirstAdmin } from '@/lib/auth/accounts';
import { isEmbeddedDatabase } from '@/lib/db/connection';
import { cleanPartialUploads } from '@/lib/imports/cleanPartialUploads';
import { startWorker } from '@/lib/jobs/startWorker';
import { checkPortFree } from '@/lib/server/checkPortFree';
import { needsBuild } from '@/lib/server/needsBuild';
import { projectRoot, resolveDatabase } from '@/lib/server/resolveDatabase';
import { setUpDemoDataset } from '@/lib/server/setUpDemoDataset';
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
      const portProblem = await checkPortFree(Number(options.port), options.host);
      if (portProblem) throw new CliError(portProblem);
      program.setOptionValue('keepAlive', true);
      const database = await resolveDatabase({ mustStartEmbedded: true });
      console.log(database.embedded ? 'Database: embedded PGlite in ./.data/pglite' : 'Database: DATABASE_URL');
      if (options.demo) await setUpDemoDataset((line) => console.log(line));
      const admin = await ensureFirstAdmin();
      if (admin) {
        console.log(`First admin created: ${admin.email} with one-time password ${admin.password}`);
        console.log('Change it with `npx portrait create-admin` or from the Admin screen.');
      }
      if (await needsBuild(projectRoot)) {
        console.log('Building the dashboard (first start or changed sources)...');
        await run(['build'], { ...process.env, NODE_ENV: 'production' });
      }
      const local = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
      if (local && process.env.PORTRAIT_DEMO_AUTOLOGIN !== '0') {
        env.PORTRAIT_DEMO_AUTOLOGIN = '1';
        console.log('Demo mode: bound to localhost, so the dashboard signs you in as a demo admin.');
      }
      const web = webProcessCount(process.env.PORTRAIT_WEB_PROCESSES, isEmbeddedDatabase(database.url));
      if (web.note) console.log(web.note);
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
          console.log(`Portrait is running at http://${shownHost}:${options.port} (${processes})`);
        } else {
          process.stdout.write(text);
        }
      });
      const stop = async () => {
        server.kill('SIGTERM');
        await worker.stop();
        await database.embedded?.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const exitCode = await new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      await worker.stop();
      await database.embedded?.stop();
      if (exitCode) {
        program.setOptionValue('keepAlive', false);
        throw new CliError(`The web server stopped with exit code ${exitCode} (its message is above)`);
      }
    });
}
