// Serves the built dashboard (`next build` output) from PORTRAIT_WEB_PROCESSES Node processes that
// share one port through node:cluster, so a read-heavy dashboard uses more than one core. Started by
// `portrait start` and `npm run bench:api`; each process is Next.js's documented custom server.
//
//   PORT=3000 HOST=127.0.0.1 PORTRAIT_WEB_PROCESSES=2 node bin/webServer.mjs
import cluster from 'node:cluster';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { clientAddressHeader, clientAddressOf, parseTrustedProxies, refuseMalformedPath } from './requestGuards.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const processes = Number(process.env.PORTRAIT_WEB_PROCESSES ?? 1);
const trustedProxies = parseTrustedProxies(process.env.PORTRAIT_TRUSTED_PROXIES);
// A process that dies this soon after starting, this many times in a row, stops the restarts.
const quickDeathMs = 10_000;
const quickDeathLimit = 3;

async function serve() {
  const app = next({ dir: root, dev: false, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => {
    if (refuseMalformedPath(request, response)) return;
    request.headers[clientAddressHeader] = clientAddressOf(request, trustedProxies);
    handle(request, response);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}

function supervise() {
  let stopping = false;
  let quickDeaths = 0;
  let listening = 0;
  const started = new Map();
  const fork = () => started.set(cluster.fork().id, Date.now());
  cluster.on('listening', () => {
    listening += 1;
    if (listening === processes) console.log(`✓ Ready on http://${host}:${port} (${processes} web processes)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (cluster.workers && Object.keys(cluster.workers).length === 0) process.exit(0);
      return;
    }
    quickDeaths = lived < quickDeathMs ? quickDeaths + 1 : 0;
    console.error(`Web process ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(lived / 1000)} s`);
    if (quickDeaths >= quickDeathLimit) {
      console.error(`Web processes keep dying at start: giving up after ${quickDeaths} tries`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    fork();
  });
  const stop = () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  for (let i = 0; i < processes; i++) fork();
}

if (!Number.isInteger(processes) || processes < 1) {
  console.error(`PORTRAIT_WEB_PROCESSES must be a whole number from 1 up, not "${process.env.PORTRAIT_WEB_PROCESSES}"`);
  process.exit(1);
}
if (processes === 1) {
  await serve();
  console.log(`✓ Ready on http://${host}:${port} (1 web process)`);
} else if (cluster.isPrimary) {
  supervise();
} else {
  await serve();
}
