import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools } from '@/lib/db/connection';
import { accessTable, type RouteFixture, setUpRouteFixture } from '@/test/helpers/apiAccessTable';
import { callRoute, type DiscoveredRoute, discoverApiRoutes } from '@/test/helpers/apiRoutes';

// Every file download (any GET that does not answer JSON) holds user data: no cache may keep it,
// and no browser may sniff it into HTML it would render.

const routes: Map<string, DiscoveredRoute> = await discoverApiRoutes();
let fixture: RouteFixture;
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  fixture = await setUpRouteFixture('downloads');
});

afterAll(async () => {
  await fixture?.cleanup();
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

describe('downloads', () => {
  it('send Cache-Control: no-store and X-Content-Type-Options: nosniff, reject files included', async () => {
    const downloads: string[] = [];
    for (const [key, route] of routes) {
      if (route.method !== 'GET') continue;
      const response = await callRoute(route, await accessTable[key].request(fixture, 'admin'), {
        cookie: await fixture.cookie('admin'),
      });
      if (response.status !== 200 || response.contentType.includes('application/json')) continue;
      downloads.push(key);
      expect(response.headers.get('cache-control'), key).toBe('no-store');
      expect(response.headers.get('x-content-type-options'), key).toBe('nosniff');
      expect(response.headers.get('content-disposition'), key).toMatch(/^attachment; filename="/);
    }
    expect(downloads).toEqual(
      expect.arrayContaining([
        'GET /api/imports/[jobId]/rejects/[kind]',
        'GET /api/datasets/[id]/segments/[index]/members',
        'GET /api/jobs/[id]/file',
      ]),
    );
  });
});
