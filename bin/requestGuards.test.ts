import { describe, expect, it } from 'vitest';
import { clientAddressOf, hasMalformedPath, parseTrustedProxies } from './requestGuards.mjs';

const request = (remoteAddress: string, forwardedFor?: string) => ({
  socket: { remoteAddress },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('hasMalformedPath', () => {
  it('finds percent-encoding that does not decode in the path, not in the query', () => {
    expect(hasMalformedPath('/api/jobs/%ff')).toBe(true);
    expect(hasMalformedPath('/users/%ff?dataset=1')).toBe(true);
    expect(hasMalformedPath('/users/%E0%A4%A')).toBe(true);
    expect(hasMalformedPath('/users/ana%2Btest%40example.com%2F1?dataset=1')).toBe(false);
    expect(hasMalformedPath('/api/datasets/1/users?search=%ff')).toBe(false);
  });
});

describe('clientAddressOf', () => {
  it('is the socket peer, whatever X-Forwarded-For a client sends, unless a trusted proxy forwarded it', () => {
    const none = parseTrustedProxies(undefined);
    expect(clientAddressOf(request('::ffff:198.51.100.7', '10.0.0.1'), none)).toBe('198.51.100.7');
    const proxies = parseTrustedProxies('127.0.0.1, ::1');
    expect(clientAddressOf(request('198.51.100.7', '10.0.0.1'), proxies)).toBe('198.51.100.7');
    // the proxy appends the address it saw; what the client put before it is not believed
    expect(clientAddressOf(request('127.0.0.1', '10.9.9.9, 203.0.113.5'), proxies)).toBe('203.0.113.5');
    expect(clientAddressOf(request('::1', '203.0.113.5, 127.0.0.1'), proxies)).toBe('203.0.113.5');
    expect(clientAddressOf(request('127.0.0.1'), proxies)).toBe('127.0.0.1');
  });
});

describe('clientAddressHeader', () => {
  it('is the header the routes read', async () => {
    const { clientAddressHeader } = await import('./requestGuards.mjs');
    const lib = await import('@/lib/http/clientAddress');
    expect(clientAddressHeader).toBe(lib.clientAddressHeader);
  });
});
