import { beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/auth/login/route';
import { getPrisma } from '@/lib/db/prisma';
import { ApiError } from '@/lib/http/apiError';
import { createAccount } from './accounts';
import { createApiKey, revokeApiKey } from './apiKeys';
import { authorize } from './guard';
import { createSession, sessionCookieName } from './sessions';

function request(headers: Record<string, string> = {}, url = 'http://localhost/api/x') {
  return new Request(url, { headers });
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

describe('authorize', () => {
  const cookies: Record<string, string> = {};
  let datasetId = 0;
  let otherDatasetId = 0;

  beforeAll(async () => {
    for (const role of ['analyst', 'pm', 'admin'] as const) {
      const account = await createAccount(`${role}-guard@example.com`, 'correct horse battery', role);
      const { token } = await createSession(account.id);
      cookies[role] = `${sessionCookieName}=${token}`;
    }
    const prisma = getPrisma();
    datasetId = (await prisma.dataset.create({ data: { name: 'guard-test' } })).id;
    otherDatasetId = (await prisma.dataset.create({ data: { name: 'guard-test-other' } })).id;
  });

  it('answers 401 without a session and 403 when the role is too low', async () => {
    expect(await statusOf(authorize(request(), 'analyst'))).toBe(401);
    expect(await statusOf(authorize(request({ cookie: cookies.analyst }), 'analyst'))).toBe(200);
    expect(await statusOf(authorize(request({ cookie: cookies.analyst }), 'pm'))).toBe(403);
    expect(await statusOf(authorize(request({ cookie: cookies.pm }), 'pm'))).toBe(200);
    expect(await statusOf(authorize(request({ cookie: cookies.pm }), 'admin'))).toBe(403);
    expect(await statusOf(authorize(request({ cookie: cookies.admin }), 'admin'))).toBe(200);
    expect(await statusOf(authorize(request({ cookie: `${sessionCookieName}=forged` }), 'analyst'))).toBe(401);
  });

  it('treats a session cookie with malformed percent-encoding as no session: 401, not 500', async () => {
    expect(await statusOf(authorize(request({ cookie: `${sessionCookieName}=%ff` }), 'analyst'))).toBe(401);
    expect(await statusOf(authorize(request({ cookie: `${sessionCookieName}=%E0%A4%A` }), 'public'))).toBe(200);
  });

  it('accepts an API key only for its own dataset and only on API-key routes, and not once revoked', async () => {
    const { key, summary } = await createApiKey(datasetId, 'ingest');
    const withKey = request({ authorization: `Bearer ${key}` });
    expect(await statusOf(authorize(withKey, 'apiKey', datasetId))).toBe(200);
    expect(await statusOf(authorize(withKey, 'apiKey', otherDatasetId))).toBe(403);
    expect(await statusOf(authorize(withKey, 'analyst'))).toBe(403);
    expect(await statusOf(authorize(request({ authorization: 'Bearer pk_bad_key' }), 'apiKey', datasetId))).toBe(401);
    await revokeApiKey(summary.id);
    expect(await statusOf(authorize(withKey, 'apiKey', datasetId))).toBe(401);
  });

  it('signs in the demo admin only on localhost and only when demo mode is on', async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    try {
      expect(await statusOf(authorize(request({}, 'http://localhost:3000/api/x'), 'admin'))).toBe(200);
      expect(await statusOf(authorize(request({}, 'http://portrait.example.com/api/x'), 'analyst'))).toBe(401);
    } finally {
      delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
    }
    expect(await statusOf(authorize(request({}, 'http://localhost:3000/api/x'), 'analyst'))).toBe(401);
  });
});

describe('POST /api/auth/login', () => {
  it('sets an HTTP-only SameSite session cookie for the right password and answers 401 otherwise', async () => {
    await createAccount('login-test@example.com', 'a long enough password', 'analyst');
    const body = (password: string) =>
      new Request('http://localhost/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'login-test@example.com', password }),
      });
    const ok = await login(body('a long enough password'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const wrong = await login(body('wrong password'));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'Wrong email or password' } });
    const malformed = await login(
      new Request('http://localhost/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
    );
    expect(malformed.status).toBe(400);
  });
});
