import { readdirSync } from 'node:fs';
import path from 'node:path';

// Finds every API route handler on disk, so the route walk covers routes added later without
// anyone listing them, and calls a handler the way Next.js does: a Request plus its params.

export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

export interface DiscoveredRoute {
  /** the route's path as its folders name it, e.g. `/api/datasets/[id]/users/[userId]` */
  template: string;
  method: string;
  handler: RouteHandler;
}

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const root = path.resolve(import.meta.dirname, '../..');

/** Every exported HTTP method of every `app/api/**\/route.ts`, as `METHOD /api/...` keys. */
export async function discoverApiRoutes(): Promise<Map<string, DiscoveredRoute>> {
  const apiDir = path.join(root, 'app/api');
  const files = (readdirSync(apiDir, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === 'route.ts')
    .sort();
  const routes = new Map<string, DiscoveredRoute>();
  for (const file of files) {
    const template = `/api/${path.dirname(file).split(path.sep).join('/')}`.replace(/\/\.$/, '');
    const module = (await import(path.join(apiDir, file))) as Record<string, unknown>;
    for (const method of httpMethods) {
      const handler = module[method];
      if (typeof handler === 'function') {
        routes.set(`${method} ${template}`, { template, method, handler: handler as RouteHandler });
      }
    }
  }
  return routes;
}

export interface RouteRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** sent as JSON */
  body?: unknown;
  /** sent as is (malformed JSON, NDJSON) */
  rawBody?: string;
  form?: FormData;
  /** the Content-Type of a raw or JSON body; '' sends the body with none */
  contentType?: string;
  /** more request headers (Origin, Sec-Fetch-Site, Host, ...) */
  headers?: Record<string, string>;
  /** replaces the caller's session cookie (sign-out needs a session of its own) */
  cookie?: string;
}

export interface Credentials {
  cookie?: string;
  apiKey?: string;
}

export interface CalledRoute {
  status: number;
  contentType: string;
  headers: Headers;
  /** the parsed body of a JSON answer, else null */
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
  text: string;
}

/** The concrete path of a template: `[id]` replaced by the (encoded) param. */
export function concretePath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\[(\w+)\]/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`${template}: no value for [${name}]`);
    return encodeURIComponent(params[name]);
  });
}

export async function callRoute(
  route: DiscoveredRoute,
  input: RouteRequest,
  credentials: Credentials = {},
): Promise<CalledRoute> {
  const url = new URL(`http://localhost${concretePath(route.template, input.params)}`);
  for (const [name, value] of Object.entries(input.query ?? {})) url.searchParams.set(name, value);
  const headers = new Headers();
  const cookie = input.cookie ?? credentials.cookie;
  if (cookie) headers.set('cookie', cookie);
  if (credentials.apiKey) headers.set('authorization', `Bearer ${credentials.apiKey}`);
  let body: BodyInit | undefined;
  if (input.form) {
    body = input.form;
  } else if (input.rawBody !== undefined || input.body !== undefined) {
    const text = input.rawBody ?? JSON.stringify(input.body);
    const contentType = input.contentType ?? 'application/json';
    // bytes, since a string body would be given text/plain by the Request itself
    body = contentType === '' ? new TextEncoder().encode(text) : text;
    if (contentType !== '') headers.set('content-type', contentType);
  }
  for (const [name, value] of Object.entries(input.headers ?? {})) headers.set(name, value);
  const request = new Request(url, { method: route.method, headers, body });
  const response = await route.handler(request, { params: Promise.resolve(input.params ?? {}) });
  const contentType = response.headers.get('content-type') ?? '';
  const text = route.method === 'HEAD' ? '' : await response.text();
  let json = null as unknown as CalledRoute['json'];
  if (contentType.includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null as unknown as CalledRoute['json'];
    }
  }
  return { status: response.status, contentType, headers: response.headers, json, text };
}
