import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools } from '@/lib/db/connection';
import { accessTable, type RouteFixture, setUpRouteFixture } from '@/test/helpers/apiAccessTable';
import {
  type CalledRoute,
  callRoute,
  type DiscoveredRoute,
  discoverApiRoutes,
  type RouteRequest,
} from '@/test/helpers/apiRoutes';

// Malformed input to every API route found on disk, as an admin (who may call every route):
// bad path params, wrong query types, huge page sizes, malformed and mistyped JSON, bodies over
// the cap. Each must get a 4xx with a message (or be ignored where the route takes no such
// input), never a 500.

const routes: Map<string, DiscoveredRoute> = await discoverApiRoutes();
let fixture: RouteFixture;
let adminCookie: string;
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  fixture = await setUpRouteFixture('limits');
  adminCookie = await fixture.cookie('admin');
});

afterAll(async () => {
  await fixture?.cleanup();
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

const badParamValues = ['abc', '-1', '0', '1.5', '99999999999999', '1e3', 'x'.repeat(600), 'a\u0000b', '%', ' '];
const badQueryValues = ['abc', '-5', '0', '1.5', '99999999999999', '', 'x'.repeat(600), 'a\u0000b'];
const wrongTypes: unknown[] = [null, true, 42, -1, 1e308, 'text', '', [], [1, 'two'], {}, { nested: { deep: 1 } }];
const malformedJson = ['{', '{"a":', 'nul', '[1,2', '"unterminated', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}'];

/** Over every JSON body cap in the app (1 MiB by default, 5 MiB for event ingestion). */
const oversizedBody = JSON.stringify({ padding: 'x'.repeat(6 * 1024 * 1024) });

function describeCall(label: string, response: CalledRoute): string {
  return `${label}: ${response.status} ${response.json?.error?.message ?? response.text.slice(0, 200)}`;
}

/** Never a 500; a refusal is a 4xx in the one error shape with a message. */
function expectHandled(label: string, response: CalledRoute) {
  expect(response.status, describeCall(label, response)).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.json?.error?.message, describeCall(label, response)).toEqual(expect.any(String));
    expect(response.json?.error?.message.length).toBeGreaterThan(0);
  }
}

describe('malformed input to every route', () => {
  it('builds every handler with route(), which parses params, query and body with zod and checks access', () => {
    const unguarded = [...routes.values()].filter((route) => {
      const file = path.resolve(import.meta.dirname, '../../app', `.${route.template}`, 'route.ts');
      return !new RegExp(`export const ${route.method} = route\\(`).test(readFileSync(file, 'utf8'));
    });
    expect(unguarded.map((route) => `${route.method} ${route.template}`)).toEqual([]);
  });

  for (const [key, route] of routes) {
    const routeCase = accessTable[key];
    it.skipIf(!routeCase)(key, async () => {
      const valid = () => routeCase.request(fixture, 'admin');
      const send = (input: RouteRequest) => callRoute(route, input, { cookie: adminCookie });

      const template = await valid();
      for (const name of Object.keys(template.params ?? {})) {
        for (const value of badParamValues) {
          const input = await valid();
          const response = await send({ ...input, params: { ...input.params, [name]: value } });
          expectHandled(`${key} with param ${name}=${JSON.stringify(value.slice(0, 20))}`, response);
        }
      }

      for (const name of [...Object.keys(template.query ?? {}), 'runId', 'page', 'pageSize', 'limit']) {
        for (const value of badQueryValues) {
          const input = await valid();
          const response = await send({ ...input, query: { ...input.query, [name]: value } });
          expectHandled(`${key} with ?${name}=${JSON.stringify(value.slice(0, 20))}`, response);
        }
      }

      for (const name of routeCase.pageParams ?? []) {
        for (const huge of ['1000000', '2147483648', '1e9']) {
          const input = await valid();
          const response = await send({ ...input, query: { ...input.query, [name]: huge } });
          expect(response.status, describeCall(`${key} with ?${name}=${huge}`, response)).toBe(400);
          expect(response.json?.error?.message).toContain(name);
        }
      }

      if (route.method === 'GET' || route.method === 'HEAD') return;
      const takesJson = template.body !== undefined;
      for (const text of malformedJson) {
        const response = await send({ ...(await valid()), body: undefined, form: undefined, rawBody: text });
        expectHandled(`${key} with body ${JSON.stringify(text)}`, response);
        if (takesJson && text !== '{"__proto__":{"x":1}}') {
          expect(response.status, describeCall(`${key} with body ${JSON.stringify(text)}`, response)).toBe(400);
        }
      }
      for (const body of wrongTypes) {
        const response = await send({ ...(await valid()), form: undefined, body });
        expectHandled(`${key} with body ${JSON.stringify(body)}`, response);
      }
      if (takesJson && template.body && typeof template.body === 'object' && !Array.isArray(template.body)) {
        for (const field of Object.keys(template.body)) {
          for (const wrong of wrongTypes) {
            const input = await valid();
            const response = await send({ ...input, body: { ...(input.body as object), [field]: wrong } });
            expectHandled(`${key} with ${field}=${JSON.stringify(wrong)}`, response);
          }
        }
      }
      if (takesJson) {
        const response = await send({ ...(await valid()), body: undefined, rawBody: oversizedBody });
        expect(response.status, describeCall(`${key} with a 6 MiB body`, response)).toBe(413);
        expectHandled(`${key} with a 6 MiB body`, response);
      }
      if (template.form) {
        for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=x', 'text/plain']) {
          const response = await send({ ...(await valid()), form: undefined, rawBody: '--x\r\nbroken', contentType });
          expectHandled(`${key} with a broken ${contentType} body`, response);
          expect(response.status).toBeGreaterThanOrEqual(400);
        }
      }
    });
  }
});
