import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routeModules } from '@/app/api/openapi.json/routeModules';
import { discoverApiRoutes } from '@/test/helpers/apiRoutes';
import { buildOpenApi, isDescribed, openApiPath } from './buildOpenApi';

const document = buildOpenApi(routeModules, { version: 'test' });
type Operation = {
  parameters: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  'x-portrait-access': string;
};
const operation = (template: string, method: string) =>
  (document.paths[openApiPath(template)]?.[method.toLowerCase()] as Operation | undefined) ?? null;

describe('the OpenAPI description', () => {
  it('describes every route on disk, and nothing that is gone (run `npm run openapi:routes` after adding one)', async () => {
    const onDisk = await discoverApiRoutes();
    const missing = [...onDisk.values()]
      .filter((route) => route.template !== '/api/openapi.json' && !operation(route.template, route.method))
      .map((route) => `${route.method} ${route.template}`);
    expect(missing).toEqual([]);
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const wanted = new Set([...onDisk.values()].map((route) => `${route.method} ${openApiPath(route.template)}`));
    expect(described.filter((key) => !wanted.has(key))).toEqual([]);
  });

  it('gives each route the body, path and query schemas and the access its handler validates with', async () => {
    const onDisk = await discoverApiRoutes();
    for (const route of onDisk.values()) {
      if (route.template === '/api/openapi.json') continue;
      expect(isDescribed(route.handler), `${route.method} ${route.template} is built with route()`).toBe(true);
      if (!isDescribed(route.handler)) continue;
      const spec = route.handler.routeSpec;
      const described = operation(route.template, route.method) as Operation;
      expect(described['x-portrait-access']).toBe(spec.access);
      if (spec.body) {
        const { $schema: _dialect, ...expected } = z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' });
        expect(described.requestBody?.content['application/json'].schema, `${route.method} ${route.template}`).toEqual(
          expected,
        );
      }
      const pathNames = [...route.template.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]).sort();
      expect(
        described.parameters
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort(),
        `${route.method} ${route.template} path parameters`,
      ).toEqual(pathNames);
    }
  });

  it('keeps the recursive audience condition tree as a schema with references', () => {
    const create = operation('/api/audiences', 'POST') as Operation;
    const schema = JSON.stringify(create.requestBody?.content['application/json'].schema);
    expect(schema).toContain('"$ref"');
    for (const kind of ['segment', 'score', 'profile', 'attribute', 'behaviour', 'not'])
      expect(schema).toContain(`"${kind}"`);
    expect(document.openapi).toBe('3.1.0');
  });
});
