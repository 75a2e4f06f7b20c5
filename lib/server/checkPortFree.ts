import net from 'node:net';

/**
 * Null when `port` on `host` can be bound now, else why not, in words. `portrait start` asks
 * before it sets anything up, so a taken port ends the start at once with a message instead of
 * web processes retrying it (bin/webCluster.mjs checks again for a port taken meanwhile).
 */
export function checkPortFree(port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is already in use: another Portrait or another program is serving there. Stop it, or start on another port (--port, PORT).`
          : `Cannot listen on ${host}:${port}: ${error.message}`,
      ),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}
