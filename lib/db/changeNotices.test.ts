import { afterEach, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { accountForSession, createSession } from '@/lib/auth/sessions';
import { type ChangeListener, listenForChanges, onChange } from './changeNotices';
import { getPool } from './connection';

let listener: ChangeListener | null = null;

afterEach(async () => {
  await listener?.stop();
  listener = null;
});

/** Resolves the next time `topic` handlers run (all handlers run when the listener reconnects). */
function nextSessionsChange(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    onChange('sessions', () => {
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
      const heard = nextSessionsChange();
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
    const cleared = nextSessionsChange();
    await getPool().query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [rows.map((r) => r.pid)]);
    await cleared;
    await until(() => listener?.listening() === true);
    const heard = nextSessionsChange();
    await getPool().query("SELECT pg_notify('portrait_changes', 'sessions')");
    await heard;
  });
});
