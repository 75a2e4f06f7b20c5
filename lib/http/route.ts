import { z } from 'zod';
import type { Caller } from '@/lib/auth/caller';
import { demoRefusal } from '@/lib/auth/demoCaller';
import { type Access, authorize, readApiKey } from '@/lib/auth/guard';
import { DomainError, type DomainErrorKind } from '@/lib/errors/domainError';
import { ApiError, type ErrorCode } from './apiError';
import { crossSiteReason } from './requestOrigin';

export const defaultMaxBodyBytes = 1024 * 1024;

/** A signed-in account (never an API key): what every role-gated route is called by. */
export type AccountCaller = Extract<Caller, { kind: 'account' }>;

/** Who `authorize` lets through for an access level: the handler sees the caller already narrowed. */
export type CallerFor<A extends Access> = A extends 'public'
  ? Caller | null
  : A extends 'apiKey' | 'profilesKey'
    ? Caller
    : AccountCaller;

interface RouteSpec<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** hand the handler the body as text (NDJSON, CSV) instead of parsed JSON; any content type */
  rawBody?: boolean;
  /** the handler reads a multipart/form-data upload from the request itself */
  multipart?: boolean;
  /** a change the automatic demo admin may make (importing, retraining); all others refuse it */
  demoMayCall?: boolean;
  /** callable by an account that must still replace its one-time password */
  beforePasswordChange?: boolean;
  maxBodyBytes?: number;
  /** for API-key routes: the dataset the key must belong to, from the parsed params */
  datasetOf?: (params: z.infer<P>) => number | undefined;
}

interface RouteInput<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  request: Request;
  caller: CallerFor<A>;
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

const codeByDomainKind: Record<DomainErrorKind, ErrorCode> = {
  bad_input: 'bad_request',
  not_found: 'not_found',
  conflict: 'conflict',
  unprocessable: 'unprocessable',
};

/** A domain error as the HTTP error it stands for. */
export function apiErrorOf(error: DomainError): ApiError {
  return new ApiError(codeByDomainKind[error.kind], error.message, error.details);
}

export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) return errorResponse(apiErrorOf(error));
  if (error instanceof ApiError) {
    return jsonResponse(error.toJSON(), { status: error.status, headers: error.headers });
  }
  console.error(error);
  return jsonResponse({ error: { code: 'internal', message: 'Something went wrong on the server' } }, { status: 500 });
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery: a page elsewhere can make the browser send a form or a simple
 * fetch here with the user's cookie (or as the demo admin). Every change must come from the
 * dashboard's own origin. A request carrying an API key is exempt: the key, not a cookie, is
 * then its only credential (the guard ignores the cookie), and no page can make a browser add it.
 */
function refuseCrossSite(request: Request): void {
  if (readApiKey(request) !== undefined) return;
  const reason = crossSiteReason(request);
  if (reason === null) return;
  throw new ApiError(
    'forbidden',
    `Refused a change from another site: ${reason}. Behind a reverse proxy that rewrites the Host, ` +
      'set PORTRAIT_PUBLIC_URL to the address users open.',
  );
}

function mediaType(request: Request): string | null {
  return request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() || null;
}

/**
 * What a plain HTML form can send (urlencoded, multipart, text/plain) is never read as JSON:
 * JSON routes answer 415 to any other declared type, and to a body sent with no type at all
 * (checked once the body is read). Upload and raw-text routes read their own types.
 */
function refuseContentType(request: Request, spec: { rawBody?: boolean; multipart?: boolean }): void {
  if (spec.rawBody || spec.multipart) return;
  const type = mediaType(request);
  if (type !== null && type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new ApiError('unsupported_media_type', `Send a JSON body with Content-Type: application/json, not ${type}`);
  }
}

/**
 * Builds a route handler that refuses cross-site changes and non-JSON bodies, parses params,
 * query and body with zod, checks the caller's access, runs the domain call, and answers JSON
 * in the one shape Portrait uses.
 */
/** The schemas and access a handler was built with, read by the OpenAPI description (lib/openapi). */
export interface DescribedRoute {
  routeSpec: {
    access: Access;
    params?: z.ZodType;
    query?: z.ZodType;
    body?: z.ZodType;
    rawBody?: boolean;
    multipart?: boolean;
  };
}

export function route<
  A extends Access,
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<A, P, Q, B>, handler: (input: RouteInput<A, P, Q, B>) => Promise<unknown>) {
  const handle = async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const changes = stateChanging.has(request.method);
      if (changes) {
        refuseCrossSite(request);
        refuseContentType(request, spec);
      }
      const params = parseWith(spec.params, context ? await context.params : {}, 'params');
      const caller = await authorize(request, spec.access, spec.datasetOf?.(params));
      if (caller?.kind === 'account' && spec.access !== 'public') {
        if (caller.demo && changes && !spec.demoMayCall) throw new ApiError('forbidden', demoRefusal);
        if (caller.mustChangePassword && !spec.beforePasswordChange) {
          throw new ApiError(
            'password_change_required',
            'Replace your one-time password first (POST /api/auth/password, or the form the dashboard shows)',
          );
        }
      }
      const url = new URL(request.url);
      const query = parseWith(spec.query, Object.fromEntries(url.searchParams), 'query');
      let text = '';
      let body = undefined as z.infer<B>;
      if (spec.body || spec.rawBody) {
        text = await readBody(request, spec.maxBodyBytes ?? defaultMaxBodyBytes);
        if (!spec.rawBody) {
          if (text && changes && mediaType(request) === null) {
            throw new ApiError('unsupported_media_type', 'Send the JSON body with Content-Type: application/json');
          }
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            throw new ApiError('bad_request', 'The body is not valid JSON');
          }
          body = parseWith(spec.body, json, 'body');
        }
      }
      // authorize returns null only for public routes and an account for role-gated ones
      const narrowed = caller as CallerFor<A>;
      const result = await handler({ request, caller: narrowed, params, query, body, text });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
  const described: DescribedRoute = { routeSpec: spec };
  return Object.assign(handle, described);
}

// Ids are Postgres `integer`s: a larger number is a 400 here, not an out-of-range error in SQL.
export const idParam = z.coerce.number().int().positive().max(2_147_483_647);
export const pagination = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
