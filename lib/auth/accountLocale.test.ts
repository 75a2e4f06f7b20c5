import { describe, expect, it } from 'vitest';
import { PUT as putLocale } from '@/app/api/auth/locale/route';
import { GET as me } from '@/app/api/auth/me/route';
import { createAccount } from './accounts';
import { createSession, sessionCookieName } from './sessions';

const request = (cookie: string, method = 'GET', body?: unknown) =>
  new Request('http://localhost/api/auth/locale', {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const context = { params: Promise.resolve({}) };

describe('the dashboard language kept on the account', () => {
  it('follows the account to a session started on another device, and refuses a language it does not speak', async () => {
    const account = await createAccount(`locale-${Date.now()}@example.com`, 'correct horse battery', 'analyst');
    const laptop = `${sessionCookieName}=${(await createSession(account.id)).token}`;
    expect((await (await me(request(laptop), context)).json()).locale).toBeNull();

    const saved = await putLocale(request(laptop, 'PUT', { locale: 'zh-CN' }), context);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ locale: 'zh-CN', keptOn: 'account' });

    const phone = `${sessionCookieName}=${(await createSession(account.id)).token}`;
    expect((await (await me(request(phone), context)).json()).locale).toBe('zh-CN');
    expect((await (await me(request(laptop), context)).json()).locale).toBe('zh-CN');

    const refused = await putLocale(request(phone, 'PUT', { locale: 'fr' }), context);
    expect(refused.status).toBe(400);
    expect((await (await me(request(phone), context)).json()).locale).toBe('zh-CN');
  });

  it('asks who is calling', async () => {
    const anonymous = await putLocale(request('', 'PUT', { locale: 'en' }), context);
    expect(anonymous.status).toBe(401);
  });
});
