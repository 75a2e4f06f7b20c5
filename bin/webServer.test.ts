import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'test', 'fixtures', 'process');
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every process below `pid`, from `ps` (works on Linux and macOS). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(check: () => T | null | undefined | false, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function spawnLogged(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
  started.push(child);
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** Starts the web cluster under a stand-in for `portrait start`; returns the parent and the server's processes. */
async function startUnderParent(processes: number) {
  const port = await freePort();
  const parent = spawnLogged([path.join(fixtures, 'startParent.mjs'), path.join(fixtures, 'plainWebServer.mjs')], {
    PORT: String(port),
    PORTRAIT_WEB_PROCESSES: String(processes),
  });
  await waitFor(() => parent.output.text.includes('✓ Ready'), 'the web server to be ready');
  const servers = descendants(parent.child.pid as number);
  expect(servers).toHaveLength(processes === 1 ? 1 : processes + 1);
  const answer = await fetch(`http://127.0.0.1:${port}/`).then((response) => response.text());
  expect(servers).toContain(Number(answer));
  return { parent, servers, port };
}

describe('web server processes', () => {
  it.each([1, 2])('die with their parent when it is killed with SIGKILL (%i web processes)', async (processes) => {
    const { parent, servers, port } = await startUnderParent(processes);
    parent.child.kill('SIGKILL');
    await waitFor(() => servers.every((pid) => !alive(pid)), 'the web processes to exit');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('die with their supervisor when it is killed with SIGKILL', async () => {
    const { parent, servers } = await startUnderParent(2);
    const supervisor = descendants(parent.child.pid as number).find((pid) => descendants(pid).length > 0) as number;
    const workers = descendants(supervisor);
    expect(workers).toHaveLength(2);
    process.kill(supervisor, 'SIGKILL');
    await waitFor(() => workers.every((pid) => !alive(pid)), 'the cluster workers to exit');
    expect(servers.filter(alive)).toEqual([]);
  });

  it("keep an idle connection open past Node's 5 s default, so a client reusing it is answered", async () => {
    const { port } = await startUnderParent(1);
    const socket = net.connect(port, '127.0.0.1');
    const ask = () =>
      new Promise<string>((resolve, reject) => {
        socket.once('data', (data: Buffer) => resolve(data.toString()));
        socket.once('error', reject);
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`);
      });
    try {
      expect(await ask()).toMatch(/^HTTP\/1\.1 200/);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(socket.destroyed || socket.readyState !== 'open').toBe(false);
      expect(await ask()).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  }, 30_000);

  it.each([1, 2])(
    'refuse a port already in use with a message and exit code 1 (%i web processes)',
    async (processes) => {
      const port = await freePort();
      const occupier = net.createServer();
      await new Promise<void>((resolve) => occupier.listen(port, '127.0.0.1', resolve));
      try {
        const server = spawnLogged([path.join(root, 'bin', 'webServer.mjs')], {
          PORT: String(port),
          HOST: '127.0.0.1',
          PORTRAIT_WEB_PROCESSES: String(processes),
        });
        expect(await server.exited).toBe(1);
        expect(server.output.text).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      } finally {
        await new Promise((resolve) => occupier.close(resolve));
      }
    },
  );

  it('make `portrait start` exit non-zero, saying the port is taken, before it sets anything up', async () => {
    const port = await freePort();
    const occupier = net.createServer();
    await new Promise<void>((resolve) => occupier.listen(port, '127.0.0.1', resolve));
    try {
      const start = spawnLogged([path.join(root, 'bin', 'portrait.js'), 'start', '--port', String(port)], {});
      expect(await start.exited).toBe(1);
      expect(start.output.text).toContain(`error: Port ${port} on 127.0.0.1 is already in use`);
      expect(start.output.text).not.toContain('Database:');
    } finally {
      await new Promise((resolve) => occupier.close(resolve));
    }
  });
});
