import pg from 'pg';
import { connectionOptions, getPool } from './connection';

// Web processes keep caches (sessions, dataset rows). A change made in one process is announced on
// this Postgres channel (by announceChange, or by a trigger: datasets), and every process that
// listens drops the matching cache when it hears it.
const channel = 'portrait_changes';
const reconnectMs = 1_000;

export type ChangeTopic = 'sessions' | 'datasets';

// On globalThis: Next.js may bundle this module more than once (instrumentation, each route), and
// the listener started by one copy must reach the caches registered by the others.
type Handlers = Map<ChangeTopic, Set<() => void>>;
const globalForChanges = globalThis as unknown as { portraitChangeHandlers?: Handlers; portraitListening?: boolean };
globalForChanges.portraitChangeHandlers ??= new Map();
const handlers: Handlers = globalForChanges.portraitChangeHandlers;

/**
 * True while this process hears every announced change: only then may a cache that relies on
 * notices alone (no expiry) be used.
 */
export function hearsChanges(): boolean {
  return globalForChanges.portraitListening === true;
}

function runHandlers(topic?: ChangeTopic): void {
  for (const [own, set] of handlers) if (!topic || own === topic) for (const handler of set) handler();
}

/** Runs `handler` whenever `topic` changes, in this process or (while listening) in any other. */
export function onChange(topic: ChangeTopic, handler: () => void): void {
  const set = handlers.get(topic) ?? new Set();
  set.add(handler);
  handlers.set(topic, set);
}

/** Tells this process at once, and every listening process through Postgres, that `topic` changed. */
export async function announceChange(topic: ChangeTopic): Promise<void> {
  runHandlers(topic);
  await getPool().query('SELECT pg_notify($1, $2)', [channel, topic]);
}

export interface ChangeListener {
  /** resolves once the first LISTEN is in place */
  ready: Promise<void>;
  listening: () => boolean;
  stop: () => Promise<void>;
}

/**
 * Listens for announced changes on a connection of its own, reconnecting after a failure. While
 * the connection is down notices can be missed, so every cache is dropped when it goes and when
 * it comes back.
 */
export function listenForChanges(log: (line: string) => void = () => {}): ChangeListener | null {
  let client: pg.Client | null = null;
  let connected = false;
  let stopped = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const connect = async () => {
    if (stopped) return;
    const own = new pg.Client({ connectionString: connectionOptions().connectionString });
    client = own;
    const lost = (error?: Error) => {
      if (client !== own) return;
      client = null;
      if (connected) log(`change listener lost its connection${error ? `: ${error.message}` : ''}; reconnecting`);
      connected = false;
      globalForChanges.portraitListening = false;
      runHandlers();
      own.end().catch(() => {});
      if (!stopped) setTimeout(connect, reconnectMs).unref();
    };
    own.on('error', lost);
    own.on('end', () => lost());
    own.on('notification', (message) => {
      if (message.channel === channel) runHandlers(message.payload as ChangeTopic);
    });
    try {
      await own.connect();
      await own.query(`LISTEN ${channel}`);
      connected = true;
      globalForChanges.portraitListening = true;
      runHandlers();
      markReady();
    } catch (error) {
      lost(error as Error);
    }
  };
  void connect();

  return {
    ready,
    listening: () => connected,
    stop: async () => {
      stopped = true;
      const own = client;
      client = null;
      connected = false;
      globalForChanges.portraitListening = false;
      await own?.end().catch(() => {});
    },
  };
}
