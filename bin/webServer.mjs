// Serves the built dashboard (`next build` output) from PORTRAIT_WEB_PROCESSES Node processes that
// share one port through node:cluster, so a read-heavy dashboard uses more than one core. Started by
// `portrait start` and `npm run bench:api`; each process is Next.js's documented custom server.
// A port already in use ends the start (exit code 1), and the processes stop when their parent
// does (see webCluster.mjs). Before Next.js sees a request, a malformed path is refused (400) and
// the client's address is written into a header only this server sets (see requestGuards.mjs).
//
//   PORT=3000 HOST=127.0.0.1 PORTRAIT_WEB_PROCESSES=2 node bin/webServer.mjs
import { fileURLToPath } from 'node:url';
import { clientAddressHeader, clientAddressOf, parseTrustedProxies, refuseMalformedPath } from './requestGuards.mjs';
import { runWebCluster } from './webCluster.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const processes = Number(process.env.PORTRAIT_WEB_PROCESSES ?? 1);
const trustedProxies = parseTrustedProxies(process.env.PORTRAIT_TRUSTED_PROXIES);

await runWebCluster({
  host,
  port,
  processes,
  async createHandler() {
    const { default: next } = await import('next');
    const app = next({ dir: root, dev: false, hostname: host, port });
    await app.prepare();
    const handle = app.getRequestHandler();
    return (request, response) => {
      if (refuseMalformedPath(request, response)) return;
      request.headers[clientAddressHeader] = clientAddressOf(request, trustedProxies);
      return handle(request, response);
    };
  },
});
