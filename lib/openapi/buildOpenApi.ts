import { z } from 'zod';
import type { DescribedRoute } from '@/lib/http/route';

// OpenAPI 3.1 from the same zod schemas the routes validate with (z.toJSONSchema, draft 2020-12,
// which OpenAPI 3.1 uses as is). The routes come from app/api/openapi.json/routeModules.ts, a
// generated list of every route module (npm run openapi:routes).

export interface RouteModule {
  /** the folder path, e.g. /api/datasets/[id]/users/[userId] */
  template: string;
  module: Record<string, unknown>;
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const accessText: Record<string, string> = {
  public: 'Anyone.',
  analyst: 'An account with the analyst role or above (session cookie).',
  pm: 'An account with the pm role or admin (session cookie).',
  admin: 'An admin account (session cookie).',
  apiKey: 'An API key of this dataset with the `ingest` scope (Authorization: Bearer pk_...), or an admin.',
  profilesKey: 'An API key of this dataset with the `profiles:read` scope, or any account.',
};

export function openApiPath(template: string): string {
  return template.replace(/\[([^\]]+)\]/g, '{$1}');
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

const errorResponse = {
  description: 'An error in the one shape every route answers',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
          },
        },
      },
    },
  },
};

export function isDescribed(handler: unknown): handler is DescribedRoute {
  return typeof handler === 'function' && 'routeSpec' in handler;
}

/** The OpenAPI 3.1 document of the given route modules. */
export function buildOpenApi(routes: RouteModule[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { template, module } of [...routes].sort((a, b) => a.template.localeCompare(b.template))) {
    for (const method of methods) {
      const handler = module[method];
      if (!isDescribed(handler)) continue;
      const spec = handler.routeSpec;
      const operation: Record<string, unknown> = {
        operationId: `${method.toLowerCase()}${template.replace(/\[([^\]]+)\]/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
        tags: [template.split('/')[2] === 'v1' ? 'v1' : template.split('/')[2]],
        description: `Who may call it: ${accessText[spec.access] ?? spec.access}`,
        'x-portrait-access': spec.access,
        parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
        responses: {
          '200': { description: 'Success (201 or 202 for creations and queued work)' },
          '400': errorResponse,
          '401': errorResponse,
          '403': errorResponse,
          '404': errorResponse,
        },
      };
      if (spec.body) {
        operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } };
      } else if (spec.multipart) {
        operation.requestBody = { content: { 'multipart/form-data': { schema: { type: 'object' } } } };
      } else if (spec.rawBody) {
        operation.requestBody = {
          content: {
            'application/json': { schema: { type: 'array', items: { type: 'object' } } },
            'application/x-ndjson': { schema: { type: 'string' } },
          },
        };
      }
      paths[openApiPath(template)] ??= {};
      paths[openApiPath(template)][method.toLowerCase()] = operation;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portrait API',
      version: info.version,
      description:
        'Self-hosted user profiling: datasets, runs, segments, users, audiences, jobs. Generated from the zod schemas that validate each request.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'portrait_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'pk_... with the ingest or profiles:read scope' },
      },
    },
    paths,
  };
}
