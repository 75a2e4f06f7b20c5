import { afterEach, describe, expect, it } from 'vitest';
import { crossSiteReason, ownOrigin } from './requestOrigin';

const request = (headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/x') =>
  new Request(url, { method: 'POST', headers });

afterEach(() => {
  delete process.env.PORTRAIT_PUBLIC_URL;
});

describe('crossSiteReason', () => {
  it('takes the origin from the Host the browser sent, not from the address the server is bound to', () => {
    // Next.js builds request.url from its bound host; the browser's Host says where the page is
    const fromProxy = { host: 'portrait.example.com', origin: 'http://portrait.example.com' };
    expect(crossSiteReason(request(fromProxy))).toBeNull();
    expect(ownOrigin(request({ host: 'portrait.example.com' }))).toBe('http://portrait.example.com');
    expect(crossSiteReason(request({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:8099' }))).toMatch(
      /comes from http:\/\/127\.0\.0\.1:8099, not from this dashboard \(http:\/\/127\.0\.0\.1:3000\)/,
    );
  });

  it('accepts the https origin of a TLS proxy that says so in X-Forwarded-Proto', () => {
    const headers = { host: 'portrait.example.com', origin: 'https://portrait.example.com' };
    expect(crossSiteReason(request(headers))).not.toBeNull();
    expect(crossSiteReason(request({ ...headers, 'x-forwarded-proto': 'https' }))).toBeNull();
  });

  it('accepts the origins of PORTRAIT_PUBLIC_URL when a proxy rewrites the Host', () => {
    const headers = { host: '127.0.0.1:3000', origin: 'https://portrait.example.com' };
    expect(crossSiteReason(request(headers))).not.toBeNull();
    process.env.PORTRAIT_PUBLIC_URL = 'https://dashboard.example.com, https://portrait.example.com/';
    expect(crossSiteReason(request(headers))).toBeNull();
    expect(crossSiteReason(request({ ...headers, origin: 'https://evil.example' }))).not.toBeNull();
  });

  it('refuses a null or malformed Origin, and a cross-site or same-site Sec-Fetch-Site without one', () => {
    expect(crossSiteReason(request({ origin: 'null' }))).toMatch(/null/);
    expect(crossSiteReason(request({ origin: 'not a url' }))).toMatch(/not a URL/);
    expect(crossSiteReason(request({ 'sec-fetch-site': 'cross-site' }))).toMatch(/cross-site/);
    expect(crossSiteReason(request({ 'sec-fetch-site': 'same-site' }))).toMatch(/same-site/);
    expect(crossSiteReason(request({ 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteReason(request({ 'sec-fetch-site': 'none' }))).toBeNull();
    // curl, the CLI's scripts, server-to-server calls: no browser, so no victim's cookie
    expect(crossSiteReason(request({}))).toBeNull();
  });
});
