import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFile, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embeddedPostgres';

let folder: string;
// below Linux's range for outgoing connections (32768-60999), where a client's connection could hold it
const port = 27_100 + (process.pid % 500);
const hasPython = spawnSync('python3', ['--version']).status === 0;

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A connection whose local port is `at`, as an outgoing connection in the ephemeral range may
 * have: nothing listens there, yet the server cannot bind it. Node sets SO_REUSEADDR on every
 * socket it binds, which lets the server's bind through, so this takes Python's plain socket.
 */
async function holdPortWithConnection(at: number): Promise<{ release(): void }> {
  const target = net.createServer((socket) => socket.on('error', () => {})).listen(0, '127.0.0.1');
  await new Promise((resolve) => target.once('listening', resolve));
  const targetPort = (target.address() as net.AddressInfo).port;
  const holder = spawn(
    'python3',
    [
      '-c',
      `import socket, sys\ns = socket.socket()\ns.bind(("127.0.0.1", ${at}))\ns.connect(("127.0.0.1", ${targetPort}))\nprint("held", flush=True)\nsys.stdin.read()`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  return {
    release() {
      holder.kill();
      target.close();
    },
  };
}

function listening(at: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: at });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'portrait-embedded-'));
  await chmod(folder, 0o755);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the embedded PostgreSQL server', () => {
  it('initialises a data directory, keeps data across restarts and accepts many connections at once', async () => {
    const dataDir = path.join(folder, 'restart');
    const first = await startEmbeddedPostgres({ dataDir, port });
    expect(first.started).toBe(true);
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    // PGlite broke here: concurrent extended-protocol queries on several connections
    const pool = new pg.Pool({ connectionString: first.url, max: 20 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query('SELECT $1::int + n AS v FROM kept', [i])),
    );
    // pool.end() resolves before the server has seen every Terminate; a fast shutdown in that window
    // makes the backend answer 57P01 to a client the pool still listens on, an unhandled 'error'
    let open = pool.totalCount;
    const allClosed = new Promise<void>((resolve) => {
      if (open === 0) resolve();
      pool.on('remove', () => {
        open -= 1;
        if (open === 0) resolve();
      });
    });
    await pool.end();
    await allClosed;
    expect(answers.map((answer) => answer.rows[0].v)).toEqual(Array.from({ length: 200 }, (_, i) => 42 + i));
    await first.stop();
    expect(await listening(port)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir, port });
    expect((await query(second.url, 'SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    expect((await query(second.url, 'SHOW server_version')).rows[0].server_version).toMatch(/^18\./);
    await second.stop();
  });

  it('is shared by Portrait processes, and stopped by the last one to leave', async () => {
    const dataDir = path.join(folder, 'shared');
    const owner = await startEmbeddedPostgres({ dataDir, port });
    const other = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'embeddedPostgres.ts'))});
         const joined = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
         console.log(JSON.stringify({ started: joined.started }));
         process.stdin.once('data', async () => { await joined.stop(); process.exit(0); });`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const said = await new Promise<string>((resolve) => other.stdout.once('data', (chunk) => resolve(String(chunk))));
    expect(JSON.parse(said)).toEqual({ started: false });
    await owner.stop();
    expect(await listening(port)).toBe(true);
    other.stdin.write('stop\n');
    await new Promise((resolve) => other.once('exit', resolve));
    expect(await listening(port)).toBe(false);
  });

  it('restarts a server left running by Portrait processes that were killed', async () => {
    const dataDir = path.join(folder, 'orphan');
    const first = await startEmbeddedPostgres({ dataDir, port });
    await query(first.url, 'CREATE TABLE survived (n int)');
    // as after kill -9: the server runs on, and the only process that used it is gone
    await writeFile(path.join(dataDir, 'portrait-clients.json'), JSON.stringify([2 ** 22 + 7]));
    const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const again = await startEmbeddedPostgres({ dataDir, port });
    expect(again.started).toBe(true);
    const newPostmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(newPostmaster).not.toBe(postmaster);
    expect((await query(again.url, "SELECT to_regclass('survived') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
    await again.stop();
  });

  it('says so when its port is taken by another program', async () => {
    const blocker = net.createServer().listen(port + 1, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(folder, 'taken'), port: port + 1 })).rejects.toThrow(
        /Port \d+ is taken by another program or connection; set PORTRAIT_EMBEDDED_PORT/,
      );
    } finally {
      blocker.close();
    }
  });

  it.runIf(hasPython)(
    'moves to a fallback port when a connection holds its port, and says so when no port is left',
    async () => {
      const held = port + 2;
      const hold = await holdPortWithConnection(held);
      try {
        expect(await listening(held)).toBe(false);
        await expect(startEmbeddedPostgres({ dataDir: path.join(folder, 'held'), port: held })).rejects.toThrow(
          `Port ${held} is taken by another program or connection; set PORTRAIT_EMBEDDED_PORT`,
        );
        const moved = await startEmbeddedPostgres({
          dataDir: path.join(folder, 'held'),
          port: held,
          fallbackPorts: [held + 1],
        });
        expect(new URL(moved.url).port).toBe(String(held + 1));
        expect((await query(moved.url, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        await moved.stop();
      } finally {
        hold.release();
      }
    },
  );

  it("names what the server's log says when it will not start", async () => {
    const dataDir = path.join(folder, 'misconfigured');
    const server = await startEmbeddedPostgres({ dataDir, port });
    await server.stop();
    await appendFile(path.join(dataDir, 'postgresql.conf'), 'shared_buffers = plenty\n');
    await expect(startEmbeddedPostgres({ dataDir, port })).rejects.toThrow(
      /did not start \(pg_ctl failed: [\s\S]*Its log \(.*server\.log\) says:\n.*FATAL: {2}configuration file ".*postgresql\.conf" contains errors/,
    );
  });

  it.runIf(process.getuid?.() === 0)(
    'runs as an unprivileged user when started as root, and names a folder that user cannot enter',
    async () => {
      const dataDir = path.join(folder, 'root');
      const server = await startEmbeddedPostgres({ dataDir, port });
      const owner = execFileSync('stat', ['-c', '%U', path.join(dataDir, 'PG_VERSION')], { encoding: 'utf8' }).trim();
      expect(owner).not.toBe('root');
      await server.stop();

      // as a first `npx portrait import` on a fresh clone: .data does not exist yet
      const fresh = path.join(folder, 'fresh-clone', '.data', 'postgres');
      const first = await startEmbeddedPostgres({ dataDir: fresh, port });
      expect(execFileSync('stat', ['-c', '%a', path.dirname(fresh)], { encoding: 'utf8' }).trim()).toBe('755');
      await first.stop();

      const closed = path.join(folder, 'closed');
      await execFileSync('mkdir', ['-m', '700', closed]);
      await expect(startEmbeddedPostgres({ dataDir: path.join(closed, 'postgres'), port })).rejects.toThrow(
        new RegExp(`cannot enter ${closed} \\(mode 700\\)\\. Set PORTRAIT_DATA_DIR`),
      );
    },
  );
});
