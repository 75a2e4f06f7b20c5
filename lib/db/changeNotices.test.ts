import { afterEach, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { accountForSession, createSession } from '@/lib/auth/sessions';
import { requireDataset } from '@/lib/queries/requireRun';
import { type ChangeListener, hearsChanges, listenForChanges, onChange } from './changeNotices';
import { getPool } from './connection';

let listener: ChangeListener | null = null;

afterEach(async () => {
  await listener?.stop();
  listener = null;
});

/** Resolves the next time `topic` handlers run (all handlers run when the listener reconnects). */
function nextChange(topic: 'sessions' | 'datasets' = 'sessions'): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    onChange(topic, () => {
      if (!done) resolve();
      done = true;
    });
  });
}

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('listenForChanges', () => {
  it('drops cached sessions when another process announces a change', async () => {
    listener = listenForChanges();
    await listener?.ready;
    const account = await createAccount('notice-listener@example.com', 'correct horse battery', 'analyst');
    const { token } = await createSession(account.id);
    expect(await accountForSession(token)).toMatchObject({ role: 'analyst' });

    // Another process: its own connection changes the role and announces it, as announceChange does.
    const other = await getPool().connect();
    try {
      await other.query("UPDATE accounts SET role = 'pm' WHERE id = $1", [account.id]);
      expect(await accountForSession(token)).toMatchObject({ role: 'analyst' });
      const heard = nextChange();
      await other.query("SELECT pg_notify('portrait_changes', 'sessions')");
      await heard;
    } finally {
      other.release();
    }
    expect(await accountForSession(token)).toMatchObject({ role: 'pm' });
  });

  it('drops every cache when its connection is lost, and listens again', async () => {
    listener = listenForChanges();
    await listener?.ready;
    const { rows } = await getPool().query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN portrait_changes' AND datname = current_database()",
    );
    expect(rows.length).toBeGreaterThan(0);
    const cleared = nextChange();
    await getPool().query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((r) => r.pid)]);
    await cleared;
    await until(() => listener?.listening() === true);
    const heard = nextChange();
    await getPool().query("SELECT pg_notify('portrait_changes', 'sessions')");
    await heard;
  });
});

describe('requireDataset', () => {
  it('keeps dataset rows only while it hears changes, and the datasets trigger announces every write', async () => {
    const { rows } = await getPool().query<{ id: number }>(
      "INSERT INTO datasets (name, settings) VALUES ($1, '{}') RETURNING id",
      [`notices_${Date.now().toString(36)}`],
    );
    const id = rows[0].id;
    const setFloor = (floor: number) =>
      getPool().query(`UPDATE datasets SET settings = jsonb_build_object('segmentSizeFloor', $2::int) WHERE id = $1`, [
        id,
        floor,
      ]);

    // Not listening: every call reads the row.
    expect(hearsChanges()).toBe(false);
    await setFloor(10);
    expect((await requireDataset(id)).settings).toEqual({ segmentSizeFloor: 10 });
    await setFloor(11);
    expect((await requireDataset(id)).settings).toEqual({ segmentSizeFloor: 11 });

    listener = listenForChanges();
    await listener?.ready;
    expect(hearsChanges()).toBe(true);
    const first = await requireDataset(id);
    expect(await requireDataset(id)).toBe(first);

    // A plain UPDATE from another connection, as another process or a person at psql would make it.
    const heard = nextChange('datasets');
    await setFloor(12);
    await heard;
    expect((await requireDataset(id)).settings).toEqual({ segmentSizeFloor: 12 });

    await listener?.stop();
    expect(hearsChanges()).toBe(false);
    await setFloor(13);
    expect((await requireDataset(id)).settings).toEqual({ segmentSizeFloor: 13 });
  });
});
