import { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { type Access, authorize } from '@/lib/auth/guard';
import { ApiError } from './apiError';

export const defaultMaxBodyBytes = 1024 * 1024;

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** hand the handler the body as text (NDJSON, CSV) instead of parsed JSON */
  rawBody?: boolean;
  maxBodyBytes?: number;
  /** for API-key routes: the dataset the key must belong to, from the parsed params */
  datasetOf?: (params: z.infer<P>) => number | undefined;
}

interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  request: Request;
  caller: Caller | null;
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
  text: string;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

function zodMessage(error: z.ZodError, where: string): string {
  return error.issues
    .map((issue) => `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`)
    .join('; ');
}

function parseWith<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('bad_request', zodMessage(parsed.error, where));
  return parsed.data;
}

async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw new ApiError('payload_too_large', `The body is over the ${limit}-byte limit`);
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new ApiError('payload_too_large', `The body is over the ${limit}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON with BigInt and typed arrays written out, so handlers can return domain objects. */
export function jsonResponse(value: unknown, init?: ResponseInit): Response {
  const body = JSON.stringify(value, (_key, item) => {
    if (typeof item === 'bigint') return Number(item);
    if (ArrayBuffer.isView(item) && !(item instanceof DataView)) return Array.from(item as Float32Array);
    return item;
  });
  return new Response(body, {
    ...init,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(init?.headers ?? {}) },
  });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return jsonResponse(error.toJSON(), { status: error.status });
  console.error(error);
  return jsonResponse({ error: { code: 'internal', message: 'Something went wrong on the server' } }, { status: 500 });
}

/**
 * Builds a route handler that parses params, query and body with zod, checks the caller's
 * access, runs the domain call, and answers JSON in the one shape Portrait uses.
 */
export function route<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<P, Q, B>, handler: (input: RouteInput<P, Q, B>) => Promise<unknown>) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const params = parseWith(spec.params, context ? await context.params : {}, 'params');
      const caller = await authorize(request, spec.access, spec.datasetOf?.(params));
      const url = new URL(request.url);
      const query = parseWith(spec.query, Object.fromEntries(url.searchParams), 'query');
      let text = '';
      let body = undefined as z.infer<B>;
      if (spec.body || spec.rawBody) {
        text = await readBody(request, spec.maxBodyBytes ?? defaultMaxBodyBytes);
        if (!spec.rawBody) {
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            throw new ApiError('bad_request', 'The body is not valid JSON');
          }
          body = parseWith(spec.body, json, 'body');
        }
      }
      const result = await handler({ request, caller, params, query, body, text });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

// Ids are Postgres `integer`s: a larger number is a 400 here, not an out-of-range error in SQL.
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);
export const pagination = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
