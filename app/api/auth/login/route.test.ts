import bcrypt from 'bcryptjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAccount, dummyPasswordHash } from '@/lib/auth/accounts';
import { closePools, getPool } from '@/lib/db/connection';
import { clientAddressHeader } from '@/lib/http/clientAddress';
import { POST as login } from './route';

// Sign-in throttling (per email and per client address, counted in PostgreSQL), the audit of
// failures, and unknown emails costing a password check like known ones.

let sequence = 0;
const unique = (label: string) => `${label}-${process.pid}-${Date.now().toString(36)}-${sequence++}@example.com`;
const password = 'the right long password';

async function signIn(email: string, attempt: string, address = '192.0.2.1') {
  const response = await login(
    new Request('http://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [clientAddressHeader]: address },
      body: JSON.stringify({ email, password: attempt }),
    }),
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function auditOf(email: string) {
  const { rows } = await getPool().query<{ actor: string; action: string; target: string | null; detail: object }>(
    `SELECT actor, action, target, detail FROM audit_log WHERE detail->>'email' = $1 ORDER BY id`,
    [email],
  );
  return rows;
}

afterEach(() => {
  delete process.env.PORTRAIT_SIGNIN_MAX_FAILURES_PER_ADDRESS;
});

afterAll(async () => {
  await closePools();
});

describe('POST /api/auth/login throttling', () => {
  it('answers 429 with Retry-After after 10 failures for one account, from any address, even to the right password', async () => {
    const email = unique('locked');
    await createAccount(email, password, 'analyst');
    for (let i = 0; i < 10; i++) {
      expect((await signIn(email, `wrong ${i}`, `198.51.100.${i}`)).status).toBe(401);
    }
    const refused = await signIn(email, password, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_requests');
    expect(refused.body.error.message).toMatch(/Too many failed sign-ins for this account/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // once the failures are older than the 15-minute window, the right password works again
    await getPool().query(`UPDATE sign_in_failures SET failed_at = now() - interval '16 minutes' WHERE email = $1`, [
      email,
    ]);
    expect((await signIn(email, password)).status).toBe(200);
  });

  it('refuses an unknown email the same way, so a 429 does not tell which accounts exist', async () => {
    const email = unique('nobody');
    for (let i = 0; i < 10; i++) expect((await signIn(email, 'guess', `198.51.100.${i}`)).status).toBe(401);
    expect((await signIn(email, 'guess')).status).toBe(429);
  });

  it('counts failures in PostgreSQL, so failures seen by another web process count here', async () => {
    const email = unique('shared');
    await createAccount(email, password, 'analyst');
    await getPool().query(
      `INSERT INTO sign_in_failures (email, address) SELECT $1, '198.51.100.9' FROM generate_series(1, 10)`,
      [email],
    );
    expect((await signIn(email, password)).status).toBe(429);
  });

  it('lets at most 10 of 25 parallel guesses for one account reach the password check', async () => {
    const email = unique('parallel');
    await createAccount(email, password, 'analyst');
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => signIn(email, `wrong ${i}`, `198.51.100.${i}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
  });

  it('answers 429 to an address that failed too often across many accounts', async () => {
    process.env.PORTRAIT_SIGNIN_MAX_FAILURES_PER_ADDRESS = '5';
    const address = '203.0.113.99';
    for (let i = 0; i < 5; i++) expect((await signIn(unique('spray'), 'guess', address)).status).toBe(401);
    const refused = await signIn(unique('spray'), 'guess', address);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/for this address/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // another address is not held up
    expect((await signIn(unique('spray'), 'guess', '203.0.113.100')).status).toBe(401);
  });

  it('forgets an account’s failures after the right password', async () => {
    const email = unique('forgiven');
    await createAccount(email, password, 'analyst');
    for (let i = 0; i < 9; i++) expect((await signIn(email, 'wrong')).status).toBe(401);
    expect((await signIn(email, password)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await signIn(email, 'wrong')).status).toBe(401);
    expect((await signIn(email, password)).status).toBe(200);
  });
});

describe('POST /api/auth/login audit', () => {
  it('audits each failed sign-in with its reason and address, never the password tried', async () => {
    const email = unique('audited');
    const account = await createAccount(email, password, 'pm');
    await signIn(email, 'not the password', '198.51.100.42');
    const unknown = unique('unknown');
    await signIn(unknown, 'whatever password', '198.51.100.43');
    expect(await auditOf(email)).toEqual([
      {
        actor: 'sign-in from 198.51.100.42',
        action: 'auth.sign-in-failed',
        target: `account:${account.id}`,
        detail: { email, address: '198.51.100.42', reason: 'wrong_password' },
      },
    ]);
    const [unknownEntry] = await auditOf(unknown);
    expect(unknownEntry).toMatchObject({ target: null, detail: { reason: 'unknown_email' } });
    const { rows } = await getPool().query(
      `SELECT detail::text AS text FROM audit_log WHERE action = 'auth.sign-in-failed'`,
    );
    expect(rows.some((row) => row.text.includes('not the password'))).toBe(false);
  });

  it('checks an unknown email against a bcrypt hash of the same cost as a real password', async () => {
    const email = unique('cost');
    await createAccount(email, password, 'analyst');
    const { rows } = await getPool().query<{ password_hash: string }>(
      'SELECT password_hash FROM accounts WHERE email = $1',
      [email],
    );
    expect(bcrypt.getRounds(await dummyPasswordHash())).toBe(bcrypt.getRounds(rows[0].password_hash));
    expect(await bcrypt.compare('', await dummyPasswordHash())).toBe(false);
  });
});
