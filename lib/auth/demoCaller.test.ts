import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoCaller, isLoopbackHost } from './demoCaller';

const saved = process.env.PORTRAIT_DEMO_AUTOLOGIN;
beforeEach(() => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
});
afterEach(() => {
  if (saved === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = saved;
});

// As `portrait start` serves it: Next.js gives every request the bound address as its URL.
const request = (headers: Record<string, string>, method = 'GET') =>
  new Request('http://127.0.0.1:3000/api/datasets', { method, headers });

describe('demoCaller', () => {
  it('knows loopback names with and without a port', () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '127.1.2.3', '[::1]:3000', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of [
      'portrait.example.com',
      '10.0.0.1:3000',
      'localhost.example.com',
      '127.0.0.1.nip.io',
      '[::2]',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('signs in the demo admin for the dashboard on a loopback Host', () => {
    expect(demoCaller(request({ host: '127.0.0.1:3000' }))).toMatchObject({ role: 'admin', demo: true });
    expect(demoCaller(request({ host: 'localhost:3000', origin: 'http://localhost:3000' }, 'POST'))).toMatchObject({
      demo: true,
    });
  });

  it('is nobody for a DNS-rebound name in Host, though the server is bound to 127.0.0.1', () => {
    expect(demoCaller(request({ host: 'portrait.example.com' }))).toBeNull();
    expect(
      demoCaller(request({ host: 'rebind.evil.example:3000', origin: 'http://rebind.evil.example:3000' })),
    ).toBeNull();
  });

  it('is nobody for a page on another port or site, or a null Origin', () => {
    expect(demoCaller(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:8099' }, 'POST'))).toBeNull();
    expect(demoCaller(request({ host: '127.0.0.1:3000', origin: 'null' }, 'POST'))).toBeNull();
    expect(demoCaller(request({ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site' }))).toBeNull();
  });

  it('is nobody when demo mode is off', () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
    expect(demoCaller(request({ host: '127.0.0.1:3000' }))).toBeNull();
  });
});
