import { ApiError } from '@/lib/http/apiError';
import { readCookie } from '@/lib/http/readCookie';
import { grantOfApiKey } from './apiKeys';
import type { Caller } from './caller';
import { demoCaller } from './demoCaller';
import { type Role, roleAllows } from './roles';
import { accountForSession, sessionCookieName } from './sessions';

/**
 * Who may call a route: an account of at least a role; an API key with the `ingest` scope (or
 * an admin); an API key with the `profiles:read` scope (or any account: `profilesKey`); or anyone.
 */
export type Access = Role | 'apiKey' | 'profilesKey' | 'public';

const scopeOfAccess: Partial<Record<Access, string>> = { apiKey: 'ingest', profilesKey: 'profiles:read' };

/** The ingest key a request carries (Authorization: Bearer, or X-API-Key), if any. */
export function readApiKey(request: Request): string | undefined {
  const bearer = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? request.headers.get('x-api-key') ?? undefined;
}

export async function identifyCaller(request: Request): Promise<Caller | null> {
  const apiKey = readApiKey(request);
  if (apiKey) {
    const grant = await grantOfApiKey(apiKey);
    if (grant === null) throw new ApiError('unauthorized', 'The API key is unknown or revoked');
    return { kind: 'apiKey', ...grant };
  }
  const token = readCookie(request, sessionCookieName);
  if (token) {
    const account = await accountForSession(token);
    if (account) return { kind: 'account', ...account };
  }
  return demoCaller(request);
}

/**
 * The one check every route goes through. `datasetId` scopes API keys: a key only writes to
 * its own dataset.
 */
export async function authorize(request: Request, access: Access, datasetId?: number): Promise<Caller | null> {
  if (access === 'public') return identifyCaller(request).catch(() => null);
  const caller = await identifyCaller(request);
  if (!caller) throw new ApiError('unauthorized', 'Sign in or send an API key');
  if (caller.kind === 'apiKey') {
    const scope = scopeOfAccess[access];
    if (!scope) throw new ApiError('forbidden', 'API keys can only send events or read profiles (/api/v1)');
    if (!caller.scopes.includes(scope)) {
      throw new ApiError('forbidden', `This API key lacks the ${scope} scope (it has: ${caller.scopes.join(', ')})`);
    }
    if (datasetId !== undefined && caller.datasetId !== datasetId) {
      throw new ApiError('forbidden', 'This API key belongs to another dataset');
    }
    return caller;
  }
  const required: Role = access === 'apiKey' ? 'admin' : access === 'profilesKey' ? 'analyst' : access;
  if (!roleAllows(caller.role, required)) {
    throw new ApiError('forbidden', `This needs the ${required} role; you are ${caller.role}`);
  }
  return caller;
}
