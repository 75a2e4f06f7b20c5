import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roleAllows, roles } from '@/lib/auth/roles';
import { closePools } from '@/lib/db/connection';
import { accessTable, type RouteCase, type RouteFixture, setUpRouteFixture } from '@/test/helpers/apiAccessTable';
import { type CalledRoute, callRoute, type DiscoveredRoute, discoverApiRoutes } from '@/test/helpers/apiRoutes';

// Walks every API route found on disk, with no session, each role, a bad API key, a valid key
// of the route's dataset and a key of another dataset, against the declared access table.

const routes: Map<string, DiscoveredRoute> = await discoverApiRoutes();
let fixture: RouteFixture;
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  fixture = await setUpRouteFixture('walk');
});

afterAll(async () => {
  await fixture?.cleanup();
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

function describeCall(key: string, caller: string, response: CalledRoute): string {
  return `${key} as ${caller}: ${response.status} ${response.json?.error?.message ?? response.text.slice(0, 200)}`;
}

function expectAllowed(key: string, caller: string, routeCase: RouteCase, response: CalledRoute) {
  const ok = response.status >= 200 && response.status < 300;
  const accepted = ok || routeCase.alsoAllowed?.accepts(response) === true;
  expect(accepted, describeCall(key, caller, response)).toBe(true);
}

function expectRefused(key: string, caller: string, response: CalledRoute, status: 401 | 403) {
  expect(response.status, describeCall(key, caller, response)).toBe(status);
  expect(response.json?.error?.code).toBe(status === 401 ? 'unauthorized' : 'forbidden');
  expect(response.json?.error?.message).toEqual(expect.any(String));
}

describe('route access walk', () => {
  it('has an access rule for every route on disk and no rule for a route that is gone', () => {
    const onDisk = [...routes.keys()].sort();
    expect(onDisk.length).toBeGreaterThan(30);
    expect(
      onDisk.filter((key) => !(key in accessTable)),
      'routes missing from test/helpers/apiAccessTable.ts',
    ).toEqual([]);
    expect(
      Object.keys(accessTable).filter((key) => !routes.has(key)),
      'rules for routes that no longer exist',
    ).toEqual([]);
  });

  for (const [key, route] of routes) {
    const routeCase = accessTable[key];
    it.skipIf(!routeCase)(`${key}: ${routeCase?.access ?? 'no rule'}`, async () => {
      const call = async (caller: Parameters<RouteCase['request']>[1], credentials = {}) =>
        callRoute(route, await routeCase.request(fixture, caller), credentials);

      const anonymous = await call('anonymous');
      const badKey = await call('badKey', { apiKey: 'pk_notakey_0000000000000000000000000000' });
      if (routeCase.access === 'public') {
        if (routeCase.anonymous) {
          expect(anonymous.status, describeCall(key, 'anonymous', anonymous)).toBe(routeCase.anonymous);
          expect(badKey.status, describeCall(key, 'bad key', badKey)).toBe(routeCase.anonymous);
        } else {
          expectAllowed(key, 'anonymous', routeCase, anonymous);
          expectAllowed(key, 'bad key', routeCase, badKey);
        }
      } else {
        expectRefused(key, 'anonymous', anonymous, 401);
        expectRefused(key, 'bad key', badKey, 401);
      }

      for (const role of roles) {
        const response = await call(role, { cookie: await fixture.cookie(role) });
        const access = routeCase.access;
        const allowed =
          access === 'public' ||
          access === 'profilesKey' ||
          (access === 'apiKey' ? role === 'admin' : roleAllows(role, access as Role));
        if (allowed) expectAllowed(key, role, routeCase, response);
        else expectRefused(key, role, response, 403);
      }

      // keys are scoped: an ingest key only sends events, a profiles:read key only reads /api/v1
      const ownKey = await call('apiKey', { apiKey: fixture.apiKey });
      const foreignKey = await call('apiKey', { apiKey: fixture.foreignApiKey });
      const ownReadKey = await call('apiKey', { apiKey: fixture.profilesKey });
      const foreignReadKey = await call('apiKey', { apiKey: fixture.foreignProfilesKey });
      if (routeCase.access === 'apiKey') {
        expectAllowed(key, 'its dataset key', routeCase, ownKey);
        expectRefused(key, 'another dataset key', foreignKey, 403);
        expectRefused(key, 'a profiles:read key', ownReadKey, 403);
      } else if (routeCase.access === 'profilesKey') {
        expectAllowed(key, 'its dataset profiles:read key', routeCase, ownReadKey);
        expectRefused(key, 'another dataset profiles:read key', foreignReadKey, 403);
        expectRefused(key, 'an ingest key', ownKey, 403);
      } else if (routeCase.access !== 'public') {
        expectRefused(key, 'an API key', ownKey, 403);
        expectRefused(key, 'an API key', foreignKey, 403);
        expectRefused(key, 'a profiles:read key', ownReadKey, 403);
      }
    });
  }
});
