import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '@/lib/auth/accounts';
import { createSession, sessionCookieName } from '@/lib/auth/sessions';
import { closePools } from '@/lib/db/connection';
import { GET } from './route';

const saved = { offline: process.env.PORTRAIT_OFFLINE, model: process.env.PORTRAIT_TEXT_MODEL };
let adminCookie: string;

beforeAll(async () => {
  process.env.PORTRAIT_OFFLINE = '1';
  process.env.PORTRAIT_TEXT_MODEL = 'Xenova/not-downloaded-here';
  const admin = await createAccount(`text-model-admin-${process.pid}@example.com`, 'a long enough password', 'admin');
  adminCookie = `${sessionCookieName}=${(await createSession(admin.id)).token}`;
});

afterAll(async () => {
  for (const [name, value] of [
    ['PORTRAIT_OFFLINE', saved.offline],
    ['PORTRAIT_TEXT_MODEL', saved.model],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await closePools();
});

describe('GET /api/text-model', () => {
  it('tells an admin that the configured model cannot be loaded here, and why', async () => {
    const response = await GET(new Request('http://localhost/api/text-model', { headers: { cookie: adminCookie } }), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      model: 'Xenova/not-downloaded-here',
      available: false,
      reason: expect.stringMatching(/not in PORTRAIT_MODEL_DIR .* downloads are off/),
    });
  });
});
