import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools, getPool } from '@/lib/db/connection';
import { GET as readAudit } from '../audit/route';
import { POST as login } from '../auth/login/route';
import { GET as me } from '../auth/me/route';
import { DELETE as revokeKey } from '../datasets/[id]/api-keys/[keyId]/route';
import { POST as createKey, GET as listKeys } from '../datasets/[id]/api-keys/route';
import { POST as sendEvents } from '../datasets/[id]/events/route';
import { DELETE as deleteDataset } from '../datasets/[id]/route';
import { POST as resetPassword } from './[id]/password/route';
import { PATCH as changeAccount } from './[id]/route';
import { GET as listAccounts, POST as newAccount } from './route';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Body = any;

async function call(
  handler: Handler,
  options: {
    method?: string;
    body?: unknown;
    params?: Record<string, string>;
    cookie?: string;
    apiKey?: string;
    query?: string;
  } = {},
): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const request = new Request(`http://localhost/api/test${options.query ?? ''}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  return { status: response.status, body: await response.json() };
}

const unique = () => `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
let admin: { id: number; email: string; cookie: string };
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

async function latestAudit(action: string) {
  const { body } = await call(readAudit, { cookie: admin.cookie, query: `?action=${action}&pageSize=1` });
  return body.entries[0];
}

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  const account = await createAccount(`admin-${unique()}@example.com`, 'a long enough password', 'admin');
  admin = { ...account, cookie: `${sessionCookieName}=${(await createSession(account.id)).token}` };
});

afterAll(async () => {
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

describe('accounts', () => {
  it('creates an account with a one-time password that signs in, and audits it', async () => {
    const email = `New.Analyst-${unique()}@Example.com`;
    const created = await call(newAccount, { method: 'POST', cookie: admin.cookie, body: { email, role: 'analyst' } });
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ email: email.toLowerCase(), role: 'analyst', disabled: false });
    expect(created.body.password).toMatch(/^[\w-]{16}$/);
    expect(JSON.stringify(created.body)).not.toContain('passwordHash');

    const signedIn = await call(login, { method: 'POST', body: { email, password: created.body.password } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.account.role).toBe('analyst');

    const listed = await call(listAccounts, { cookie: admin.cookie });
    expect(listed.body.accounts.map((a: { email: string }) => a.email)).toContain(email.toLowerCase());
    expect(await latestAudit('account.create')).toMatchObject({
      actor: admin.email,
      target: `account:${created.body.account.id}`,
      detail: { email: email.toLowerCase(), role: 'analyst' },
    });
  });

  it('refuses a duplicate email with 409 and a bad email or short password with 400', async () => {
    const email = `dup-${unique()}@example.com`;
    await call(newAccount, { method: 'POST', cookie: admin.cookie, body: { email, role: 'pm' } });
    const duplicate = await call(newAccount, { method: 'POST', cookie: admin.cookie, body: { email, role: 'pm' } });
    expect(duplicate.status).toBe(409);
    const badEmail = await call(newAccount, {
      method: 'POST',
      cookie: admin.cookie,
      body: { email: 'not-an-email', role: 'pm' },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.message).toMatch(/email/i);
    const shortPassword = await call(newAccount, {
      method: 'POST',
      cookie: admin.cookie,
      body: { email: `short-${unique()}@example.com`, role: 'pm', password: 'short' },
    });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.body.error.message).toMatch(/^body\.password/);
  });

  it('changes a role, which applies to the next request, and audits from and to', async () => {
    const account = await createAccount(`role-${unique()}@example.com`, 'a long enough password', 'analyst');
    const cookie = `${sessionCookieName}=${(await createSession(account.id)).token}`;
    expect((await call(listAccounts, { cookie })).status).toBe(403);
    const changed = await call(changeAccount, {
      method: 'PATCH',
      cookie: admin.cookie,
      params: { id: String(account.id) },
      body: { role: 'admin' },
    });
    expect(changed.body.account.role).toBe('admin');
    expect((await call(listAccounts, { cookie })).status).toBe(200);
    expect(await latestAudit('account.update')).toMatchObject({
      target: `account:${account.id}`,
      detail: { role: { from: 'analyst', to: 'admin' } },
    });
  });

  it('disables an account, ending its sessions and sign-in, and re-enables it', async () => {
    const password = 'a long enough password';
    const account = await createAccount(`off-${unique()}@example.com`, password, 'pm');
    const cookie = `${sessionCookieName}=${(await createSession(account.id)).token}`;
    expect((await call(me, { cookie })).status).toBe(200);
    const disabled = await call(changeAccount, {
      method: 'PATCH',
      cookie: admin.cookie,
      params: { id: String(account.id) },
      body: { disabled: true },
    });
    expect(disabled.body.account.disabled).toBe(true);
    expect((await call(me, { cookie })).status).toBe(401);
    expect((await call(login, { method: 'POST', body: { email: account.email, password } })).status).toBe(401);
    const { rows } = await getPool().query('SELECT 1 FROM sessions WHERE account_id = $1', [account.id]);
    expect(rows).toHaveLength(0);

    await call(changeAccount, {
      method: 'PATCH',
      cookie: admin.cookie,
      params: { id: String(account.id) },
      body: { disabled: false },
    });
    expect((await call(login, { method: 'POST', body: { email: account.email, password } })).status).toBe(200);
    expect((await latestAudit('account.update')).detail).toMatchObject({ disabled: false });
  });

  it('never demotes or disables the last active admin', async () => {
    const pool = getPool();
    const { rows: others } = await pool.query<{ id: number }>(
      `UPDATE accounts SET disabled_at = now() WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1 RETURNING id`,
      [admin.id],
    );
    try {
      for (const body of [{ role: 'pm' }, { disabled: true }]) {
        const refused = await call(changeAccount, {
          method: 'PATCH',
          cookie: admin.cookie,
          params: { id: String(admin.id) },
          body,
        });
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toContain('only active admin');
      }
    } finally {
      await pool.query('UPDATE accounts SET disabled_at = NULL WHERE id = ANY($1::int[])', [others.map((r) => r.id)]);
    }
  });

  it('answers 400 for an empty change and 404 for an unknown account', async () => {
    const empty = await call(changeAccount, {
      method: 'PATCH',
      cookie: admin.cookie,
      params: { id: String(admin.id) },
      body: {},
    });
    expect(empty.status).toBe(400);
    const unknown = await call(resetPassword, { method: 'POST', cookie: admin.cookie, params: { id: '2000000000' } });
    expect(unknown.status).toBe(404);
  });

  it('resets a password: the old one and old sessions stop working, the new one signs in', async () => {
    const password = 'the old long password';
    const account = await createAccount(`reset-${unique()}@example.com`, password, 'analyst');
    const cookie = `${sessionCookieName}=${(await createSession(account.id)).token}`;
    const reset = await call(resetPassword, {
      method: 'POST',
      cookie: admin.cookie,
      params: { id: String(account.id) },
    });
    expect(reset.status).toBe(200);
    expect((await call(me, { cookie })).status).toBe(401);
    expect((await call(login, { method: 'POST', body: { email: account.email, password } })).status).toBe(401);
    const fresh = await call(login, { method: 'POST', body: { email: account.email, password: reset.body.password } });
    expect(fresh.status).toBe(200);
    const audit = await latestAudit('account.password-reset');
    expect(audit.target).toBe(`account:${account.id}`);
    expect(JSON.stringify(audit)).not.toContain(reset.body.password);
  });
});

describe('ingest API keys', () => {
  it('shows a new key once, lets it send events, and revoking it shuts it out', async () => {
    const pool = getPool();
    const { rows } = await pool.query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
      `keys-${unique()}`,
    ]);
    const id = String(rows[0].id);
    const created = await call(createKey, {
      method: 'POST',
      cookie: admin.cookie,
      params: { id },
      body: { name: 'shop' },
    });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(new RegExp(`^pk_${created.body.apiKey.prefix}_`));

    const listed = await call(listKeys, { cookie: admin.cookie, params: { id } });
    expect(listed.body.apiKeys).toEqual([expect.objectContaining({ name: 'shop', revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(JSON.stringify(listed.body)).not.toContain('keyHash');

    const event = [{ user_id: 'k1', item_id: 'i1', type: 'view', ts: '2026-01-01T00:00:00Z' }];
    expect((await call(sendEvents, { method: 'POST', apiKey: key, params: { id }, body: event })).status).toBe(201);

    const keyId = String(created.body.apiKey.id);
    const revoked = await call(revokeKey, { method: 'DELETE', cookie: admin.cookie, params: { id, keyId } });
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();
    expect((await call(sendEvents, { method: 'POST', apiKey: key, params: { id }, body: event })).status).toBe(401);
    expect((await call(revokeKey, { method: 'DELETE', cookie: admin.cookie, params: { id, keyId } })).status).toBe(409);
    expect(
      (await call(revokeKey, { method: 'DELETE', cookie: admin.cookie, params: { id: '2000000000', keyId } })).status,
    ).toBe(404);

    const audit = await call(readAudit, { cookie: admin.cookie, query: `?action=api-key&target=dataset:${id}` });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['api-key.revoke', 'api-key.create']);
    expect(JSON.stringify(audit.body)).not.toContain(key);
  });
});

describe('dataset deletion and the audit log', () => {
  it('deletes a dataset with its data, audits it, then answers 404', async () => {
    const { rows } = await getPool().query<{ id: number }>('INSERT INTO datasets (name) VALUES ($1) RETURNING id', [
      `gone-${unique()}`,
    ]);
    const id = String(rows[0].id);
    const deleted = await call(deleteDataset, { method: 'DELETE', cookie: admin.cookie, params: { id } });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted.id).toBe(rows[0].id);
    expect((await call(deleteDataset, { method: 'DELETE', cookie: admin.cookie, params: { id } })).status).toBe(404);
    expect(await latestAudit('dataset.delete')).toMatchObject({ actor: admin.email, target: `dataset:${id}` });
  });

  it('pages the audit log newest first and caps the page size', async () => {
    const first = await call(readAudit, { cookie: admin.cookie, query: '?page=1&pageSize=2' });
    const second = await call(readAudit, { cookie: admin.cookie, query: '?page=2&pageSize=2' });
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(4);
    const ids = [...first.body.entries, ...second.body.entries].map((e: { id: number }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...first.body.entries, ...second.body.entries].map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const tooBig = await call(readAudit, { cookie: admin.cookie, query: '?pageSize=5000' });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toMatch(/^query\.pageSize/);
  });
});
