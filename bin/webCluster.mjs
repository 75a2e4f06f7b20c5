// The process side of the dashboard's web server: one process or a node:cluster of them on one
// port, which refuse to start on a port already taken and never outlive the process that started
// them. bin/webServer.mjs gives it Next.js's request handler.
import cluster from 'node:cluster';
import http from 'node:http';
import net from 'node:net';

// A process that dies this soon after starting, this many times in a row, stops the restarts.
const quickDeathMs = 10_000;
const quickDeathLimit = 3;
// A web process whose listen fails with EADDRINUSE exits with this, so the supervisor stops at once.
const portTakenExitCode = 98;
const parentCheckMs = 1_000;

function portTakenMessage(host, port) {
  return `Port ${port} on ${host} is already in use: another Portrait or another program is serving there. Stop it, or start on another port (--port, PORT).`;
}

/** Resolves when `port` on `host` can be bound now; rejects with the listen error otherwise. */
export function checkPortFree(port, host) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * Calls `stop` once the process that started this one is gone: its parent id changes when it
 * dies (even by kill -9, which no signal handler hears), since the orphan is adopted by init.
 */
function stopWithParent(stop) {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      console.error(`The process that started the web server (${parent}) is gone: stopping`);
      stop();
    }
  }, parentCheckMs);
  timer.unref();
}

const keepAliveMs = 65_000;

async function serve({ host, port, createHandler }) {
  const handle = await createHandler();
  const server = http.createServer((request, response) => handle(request, response));
  // Node closes an idle kept-alive connection after 5 s; a client that reuses it at that moment
  // gets a reset, not an answer (an e2e sign-in hung up so). Clients and proxies mostly let idle
  // connections go sooner than this, so the server is not the one to close them first.
  server.keepAliveTimeout = keepAliveMs;
  server.headersTimeout = keepAliveMs + 1_000;
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (error) {
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(portTakenMessage(host, port));
    process.exit(portTakenExitCode);
  }
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return stop;
}

function supervise({ host, port, processes }) {
  let stopping = false;
  let exitCode = 0;
  let quickDeaths = 0;
  let listening = 0;
  const started = new Map();
  const fork = () => started.set(cluster.fork().id, Date.now());
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(exitCode), 10_000).unref();
  };
  cluster.on('listening', () => {
    listening += 1;
    if (listening === processes) console.log(`✓ Ready on http://${host}:${port} (${processes} web processes)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    started.delete(worker.id);
    if (stopping) {
      if (cluster.workers && Object.keys(cluster.workers).length === 0) process.exit(exitCode);
      return;
    }
    if (code === portTakenExitCode) {
      stop(1);
      return;
    }
    quickDeaths = lived < quickDeathMs ? quickDeaths + 1 : 0;
    console.error(`Web process ${worker.process.pid} exited (${signal ?? code}) after ${Math.round(lived / 1000)} s`);
    if (quickDeaths >= quickDeathLimit) {
      console.error(`Web processes keep dying at start: giving up after ${quickDeaths} tries`);
      stop(1);
      return;
    }
    fork();
  });
  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  stopWithParent(() => stop(0));
  for (let i = 0; i < processes; i++) fork();
}

/**
 * Serves `createHandler()`'s request handler on `host`:`port` from `processes` processes (a
 * node:cluster when more than one). A port already taken ends the start with a message and exit
 * code 1; the server stops when the process that started it dies, and cluster workers stop with
 * their supervisor (node:cluster exits a worker whose channel to it closes).
 */
export async function runWebCluster({ host, port, processes, createHandler }) {
  if (!Number.isInteger(processes) || processes < 1) {
    console.error(`PORTRAIT_WEB_PROCESSES must be a whole number from 1 up, not "${processes}"`);
    process.exit(1);
  }
  if (cluster.isPrimary) {
    try {
      await checkPortFree(port, host);
    } catch (error) {
      console.error(
        error.code === 'EADDRINUSE'
          ? portTakenMessage(host, port)
          : `Cannot listen on ${host}:${port}: ${error.message}`,
      );
      process.exit(1);
    }
  }
  if (processes === 1) {
    const stop = await serve({ host, port, createHandler });
    stopWithParent(stop);
    console.log(`✓ Ready on http://${host}:${port} (1 web process)`);
  } else if (cluster.isPrimary) {
    supervise({ host, port, processes });
  } else {
    await serve({ host, port, createHandler });
  }
}
