// Serves the built dashboard (`next build` output) from PORTRAIT_WEB_PROCESSES Node processes that
// share one port through node:cluster, so a read-heavy dashboard uses more than one core. Started by
// `portrait start` and `npm run bench:api`; each process is Next.js's documented custom server.
// A port already in use ends the start (exit code 1), and the processes stop when their parent
// does (see webCluster.mjs).
//
//   PORT=3000 HOST=127.0.0.1 PORTRAIT_WEB_PROCESSES=2 node bin/webServer.mjs
import { fileURLToPath } from 'node:url';
import { runWebCluster } from './webCluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const processes = Number(process.env.PORTRAIT_WEB_PROCESSES ?? 1);

await runWebCluster({
  host,
  port,
  processes,
  async createHandler() {
    const { default: next } = await import('next');
    const app = next({ dir: root, dev: false, hostname: host, port });
    await app.prepare();
    return app.getRequestHandler();
  },
});
