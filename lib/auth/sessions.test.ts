import { describe, expect, it } from 'vitest';
import { getPool } from '@/lib/db/connection';
import { createAccount } from './accounts';
import { updateAccount } from './manageAccounts';
import { accountForSession, createSession, deleteSession, forgetCachedSessions } from './sessions';

const admin = { kind: 'account', id: 0, email: 'sessions-test@localhost', role: 'admin' } as const;

describe('accountForSession', () => {
  it('keeps an answer briefly, and forgets it on sign-out or an account change made here', async () => {
    const account = await createAccount('cached-session@example.com', 'correct horse battery', 'analyst');
    const first = await createSession(account.id);
    expect(await accountForSession(first.token)).toMatchObject({ id: account.id, role: 'analyst' });

    // A change made by another process (straight SQL here) shows once the cache is forgotten.
    await getPool().query("UPDATE accounts SET role = 'pm' WHERE id = $1", [account.id]);
    expect(await accountForSession(first.token)).toMatchObject({ role: 'analyst' });
    forgetCachedSessions();
    expect(await accountForSession(first.token)).toMatchObject({ role: 'pm' });

    await deleteSession(first.token);
    expect(await accountForSession(first.token)).toBeNull();

    const second = await createSession(account.id);
    expect(await accountForSession(second.token)).toMatchObject({ role: 'pm' });
    await updateAccount(admin, account.id, { disabled: true });
    expect(await accountForSession(second.token)).toBeNull();
  });

  it('does not cache a session past its expiry', async () => {
    const account = await createAccount('expiring-session@example.com', 'correct horse battery', 'analyst');
    const { token } = await createSession(account.id);
    await getPool().query(
      "UPDATE sessions SET expires_at = now() + interval '1500 milliseconds' WHERE account_id = $1",
      [account.id],
    );
    forgetCachedSessions();
    expect(await accountForSession(token)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(await accountForSession(token)).toBeNull();
  });
});
