import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '@/lib/auth/accounts';
import { createAccountAs, resetAccountPassword } from '@/lib/auth/manageAccounts';
import { closePools, getPool } from '@/lib/db/connection';
import { GET as listAccounts } from '../../accounts/route';
import { GET as listDatasets } from '../../datasets/route';
import { POST as login } from '../login/route';
import { POST as logout } from '../logout/route';
import { GET as me } from '../me/route';
import { POST as changePassword } from './route';

// A generated one-time password (the first admin's, or one an admin created or reset) must be
// replaced at first sign-in: until then every API answers 403 password_change_required except
// this route, /api/auth/me (which tells the dashboard to show the form) and sign-out.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, cookie?: string, body?: unknown) {
  const request = new Request('http://localhost/api/x', {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve({}) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function signIn(email: string, password: string) {
  const response = await call(login, undefined, { email, password });
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { ...response, cookie };
}

const unique = (label: string) => `${label}-${process.pid}-${Math.random().toString(36).slice(2, 9)}@example.com`;
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(() => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
});

afterAll(async () => {
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

describe('one-time passwords', () => {
  it('blocks every API but this one until the one-time password is replaced, then lets the account in', async () => {
    const email = unique('first-sign-in');
    const { password } = await createAccountAs('test', { email, role: 'admin' });
    const first = await signIn(email, password as string);
    expect(first.status).toBe(200);
    expect(first.body.account.mustChangePassword).toBe(true);

    const blocked = await call(listDatasets, first.cookie);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await call(listAccounts, first.cookie)).body.error.code).toBe('password_change_required');
    expect((await call(me, first.cookie)).body).toMatchObject({ email, mustChangePassword: true });

    const second = await signIn(email, password as string);
    const wrong = await call(changePassword, first.cookie, {
      currentPassword: 'not it',
      newPassword: 'a new password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('The current password is wrong');
    const short = await call(changePassword, first.cookie, { currentPassword: password, newPassword: 'short' });
    expect(short.body.error.message).toMatch(/at least 8 characters/);
    const same = await call(changePassword, first.cookie, { currentPassword: password, newPassword: password });
    expect(same.body.error.message).toMatch(/must differ/);

    const changed = await call(changePassword, first.cookie, {
      currentPassword: password,
      newPassword: 'my own long password',
    });
    expect(changed.status).toBe(200);
    expect((await call(listDatasets, first.cookie)).status).toBe(200);
    expect((await call(me, first.cookie)).body.mustChangePassword).toBe(false);
    // the other session, opened with the one-time password, is over
    expect((await call(listDatasets, second.cookie)).status).toBe(401);
    expect((await signIn(email, password as string)).status).toBe(401);
    const again = await signIn(email, 'my own long password');
    expect(again.status).toBe(200);
    expect(again.body.account.mustChangePassword).toBe(false);

    const { rows } = await getPool().query(
      `SELECT detail FROM audit_log WHERE action = 'account.password-change' AND detail->>'email' = $1`,
      [email],
    );
    expect(rows).toEqual([{ detail: { email, wasOneTime: true } }]);
  });

  it('lets a signed-in account sign out before changing it', async () => {
    const email = unique('sign-out');
    const { password } = await createAccountAs('test', { email, role: 'analyst' });
    const { cookie } = await signIn(email, password as string);
    expect((await call(logout, cookie, {})).status).toBe(200);
  });

  it('marks a password an admin reset, but not one an account was created with', async () => {
    const email = unique('chosen');
    const { account, password } = await createAccountAs('test', { email, role: 'pm', password: 'chosen by them' });
    expect(password).toBeNull();
    expect((await signIn(email, 'chosen by them')).body.account.mustChangePassword).toBe(false);
    const reset = await resetAccountPassword('test', account.id);
    expect((await signIn(email, reset.password)).body.account.mustChangePassword).toBe(true);
  });

  it('marks the first admin’s printed password', async () => {
    // ensureFirstAdmin only acts on an install without an active admin: set the others aside
    const pool = getPool();
    const { rows } = await pool.query<{ id: number }>(
      `UPDATE accounts SET disabled_at = now() WHERE role = 'admin' AND disabled_at IS NULL RETURNING id`,
    );
    try {
      await pool.query(`DELETE FROM accounts WHERE email = 'first-admin-test@localhost'`);
      const first = await ensureFirstAdmin('first-admin-test@localhost');
      expect(first).not.toBeNull();
      const signedIn = await signIn('first-admin-test@localhost', first?.password as string);
      expect(signedIn.body.account.mustChangePassword).toBe(true);
      expect((await call(listDatasets, signedIn.cookie)).body.error.code).toBe('password_change_required');
    } finally {
      await pool.query(`UPDATE accounts SET disabled_at = NULL WHERE id = ANY($1)`, [rows.map((row) => row.id)]);
      await pool.query(`DELETE FROM accounts WHERE email = 'first-admin-test@localhost'`);
    }
  });

  it('has no password to change for the demo admin', async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    try {
      const response = await call(changePassword, undefined, { currentPassword: 'x', newPassword: 'long enough new' });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/^Demo mode/);
    } finally {
      process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
    }
  });
});
