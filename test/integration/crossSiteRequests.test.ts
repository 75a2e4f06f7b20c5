import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { accessTable, type RouteCase, type RouteFixture, setUpRouteFixture } from '@/test/helpers/apiAccessTable';
import {
  type CalledRoute,
  callRoute,
  type DiscoveredRoute,
  discoverApiRoutes,
  type RouteRequest,
} from '@/test/helpers/apiRoutes';

// Walks every state-changing route on disk (POST, PUT, PATCH, DELETE) with an admin's cookie,
// as a page on another site or another port would send it, and checks that each is refused and
// changes nothing; then the same request from the dashboard's own origin, which goes through.
// With demo auto-login on, the demo admin may make only the changes listed here (and preview an
// import); choosing a language changes nothing stored for it (the cookie keeps the choice).

const routes: Map<string, DiscoveredRoute> = await discoverApiRoutes();
const changing = [...routes].filter(([, route]) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method));
// The audience and import previews are reads (of an unsaved definition, of a file's first rows)
// sent as POST for their bodies.
const demoMayCall = new Set([
  'POST /api/imports',
  'POST /api/imports/preview',
  'POST /api/datasets/[id]/events',
  'POST /api/jobs',
  'POST /api/jobs/[id]/cancel',
  'POST /api/audiences/preview',
  'POST /api/audiences',
  'PATCH /api/audiences/[id]',
  'POST /api/audiences/lookalike',
  'PUT /api/auth/locale',
]);
// Ingest reads NDJSON or a JSON array in whatever type its clients send (`curl -d` says
// urlencoded); a call made with a cookie is still stopped by the Origin check above.
const readsAnyContentType = new Set(['POST /api/datasets/[id]/events']);

// The in-process requests go to http://localhost (test/helpers/apiRoutes.ts).
const ownOrigin = 'http://localhost';
const crossSite: [string, Record<string, string>][] = [
  ['another site', { origin: 'https://evil.example' }],
  ['another port of the same host', { origin: 'http://localhost:8099' }],
  ['the other scheme', { origin: 'https://localhost' }],
  ['an opaque origin', { origin: 'null' }],
  ['no Origin, Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['no Origin, Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
];

let fixture: RouteFixture;
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  fixture = await setUpRouteFixture('cross-site');
});

afterAll(async () => {
  await fixture?.cleanup();
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

/** What any of these routes could change, read back to show that a refused call changed nothing. */
async function footprint(): Promise<unknown> {
  const { rows } = await getPool().query(`SELECT
    (SELECT md5(coalesce(string_agg(d::text, ',' ORDER BY d.id), '')) FROM datasets d) AS datasets,
    (SELECT md5(coalesce(string_agg(a::text, ',' ORDER BY a.id), '')) FROM accounts a) AS accounts,
    (SELECT md5(coalesce(string_agg(k::text, ',' ORDER BY k.id), '')) FROM api_keys k) AS api_keys,
    (SELECT md5(coalesce(string_agg(j.id || j.status, ',' ORDER BY j.id), '')) FROM jobs j) AS jobs,
    (SELECT count(*) FROM sessions) AS sessions,
    (SELECT count(*) FROM audit_log) AS audit,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM tracked_users) AS users`);
  return rows[0];
}

function describeCall(key: string, how: string, response: CalledRoute): string {
  return `${key} (${how}): ${response.status} ${response.json?.error?.message ?? response.text.slice(0, 200)}`;
}

function accepted(routeCase: RouteCase, response: CalledRoute): boolean {
  return (response.status >= 200 && response.status < 300) || routeCase.alsoAllowed?.accepts(response) === true;
}

const withHeaders = (request: RouteRequest, headers: Record<string, string>): RouteRequest => ({
  ...request,
  headers: { ...request.headers, ...headers },
});

describe('cross-site request walk', () => {
  it('covers every state-changing route on disk', () => {
    expect(changing.length).toBeGreaterThan(15);
    expect(changing.filter(([key]) => !(key in accessTable)).map(([key]) => key)).toEqual([]);
  });

  for (const [key, route] of changing) {
    const routeCase = accessTable[key];
    it.skipIf(!routeCase)(
      `${key}: refuses other origins (403) and non-JSON bodies (415), changing nothing`,
      async () => {
        const cookie = await fixture.cookie('admin');
        for (const [how, headers] of crossSite) {
          const request = withHeaders(await routeCase.request(fixture, 'admin'), headers);
          const before = await footprint();
          const response = await callRoute(route, request, { cookie });
          expect(response.status, describeCall(key, how, response)).toBe(403);
          expect(response.json?.error?.code).toBe('forbidden');
          expect(response.json?.error?.message).toMatch(/^Refused a change from another site/);
          expect(await footprint(), `${key} (${how}) changed stored data`).toEqual(before);
        }

        const sample = await routeCase.request(fixture, 'admin');
        if (sample.body !== undefined && !readsAnyContentType.has(key)) {
          // what a plain HTML form, or a fetch without a preflight, can send
          for (const contentType of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', '']) {
            const request = withHeaders(
              { ...(await routeCase.request(fixture, 'admin')), contentType },
              { origin: ownOrigin },
            );
            const before = await footprint();
            const response = await callRoute(route, request, { cookie });
            const how = `JSON sent as ${contentType || 'no type'}`;
            expect(response.status, describeCall(key, how, response)).toBe(415);
            expect(response.json?.error?.code).toBe('unsupported_media_type');
            expect(await footprint(), `${key} (${how}) changed stored data`).toEqual(before);
          }
        }

        for (const [how, headers] of [
          ['its own Origin', { origin: ownOrigin }],
          ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
        ] as const) {
          const request = withHeaders(await routeCase.request(fixture, 'admin'), headers);
          const response = await callRoute(route, request, { cookie: await fixture.cookie('admin') });
          expect(accepted(routeCase, response), describeCall(key, how, response)).toBe(true);
        }
      },
    );
  }

  it('lets an ingest API key send events from any origin: the key is no ambient credential', async () => {
    for (const key of ['POST /api/datasets/[id]/events', 'POST /api/datasets/[id]/assign']) {
      const routeCase = accessTable[key];
      const request = withHeaders(await routeCase.request(fixture, 'apiKey'), { origin: 'https://evil.example' });
      const response = await callRoute(routes.get(key) as DiscoveredRoute, request, {
        apiKey: fixture.apiKey,
        cookie: await fixture.cookie('admin'),
      });
      expect(accepted(routeCase, response), describeCall(key, 'API key, foreign Origin', response)).toBe(true);
    }
  });
});

describe('demo auto-login walk', () => {
  for (const [key, route] of changing) {
    const routeCase = accessTable[key];
    if (!routeCase || routeCase.access === 'public') continue;
    const allowed = demoMayCall.has(key);
    it(`${key}: the demo admin is ${allowed ? 'allowed' : 'refused (403)'}`, async () => {
      process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
      try {
        // no cookie at all: the demo admin is whoever has none
        const request = {
          ...withHeaders(await routeCase.request(fixture, 'admin'), { origin: ownOrigin }),
          cookie: undefined,
        };
        const before = await footprint();
        const response = await callRoute(route, request);
        if (allowed) {
          expect(accepted(routeCase, response), describeCall(key, 'demo admin', response)).toBe(true);
        } else {
          expect(response.status, describeCall(key, 'demo admin', response)).toBe(403);
          expect(response.json?.error?.message).toMatch(/^Demo mode: .*Sign in as a real admin/);
          expect(await footprint(), `${key} (demo admin) changed stored data`).toEqual(before);
        }
      } finally {
        process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
      }
    });
  }
});
