import { announceChange, onChange } from '@/lib/db/changeNotices';
import { getPool } from '@/lib/db/connection';
import { getPrisma } from '@/lib/db/prisma';
import type { Role } from './roles';
import { hashSecret, newSecret } from './tokens';

export const sessionCookieName = 'portrait_session';
const sessionDays = 14;

export async function createSession(accountId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + sessionDays * 24 * 3600 * 1000);
  await getPrisma().session.create({ data: { tokenHash: hashSecret(token), accountId, expiresAt } });
  return { token, expiresAt };
}

type SessionAccount = { id: number; email: string; role: Role; mustChangePassword: boolean; locale: string | null };

// Every signed-in request asks who it is, and on these machines each database round trip costs
// more CPU than the rest of a read request. So answers are kept this long per process. A sign-out,
// role change, password reset or disabling is announced (announceChange): this process forgets at
// once, and web processes listening for changes (instrumentation.ts) a moment later; a process
// that is not listening forgets within this many milliseconds.
export const sessionCacheMs = 5_000;
const sessionCacheLimit = 10_000;
const sessionCache = new Map<string, { account: SessionAccount | null; until: number }>();

/** Drops every cached session answer in this process. */
export function forgetCachedSessions(): void {
  sessionCache.clear();
}
onChange('sessions', forgetCachedSessions);

export async function accountForSession(token: string): Promise<SessionAccount | null> {
  const tokenHash = hashSecret(token);
  const cached = sessionCache.get(tokenHash);
  if (cached && cached.until > Date.now()) return cached.account;
  const { rows } = await getPool().query<{
    id: number;
    email: string;
    role: string;
    must_change_password: boolean;
    locale: string | null;
    expires_at: Date;
  }>({
    name: 'portrait_account_for_session_locale',
    text: `SELECT a.id, a.email, a.role, a.must_change_password, a.locale, s.expires_at
     FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.expires_at >= now() AND a.disabled_at IS NULL`,
    values: [tokenHash],
  });
  const row = rows[0];
  const account = row
    ? {
        id: row.id,
        email: row.email,
        role: row.role as Role,
        mustChangePassword: row.must_change_password,
        locale: row.locale,
      }
    : null;
  const until = Math.min(Date.now() + sessionCacheMs, row ? row.expires_at.getTime() : Number.POSITIVE_INFINITY);
  sessionCache.delete(tokenHash);
  sessionCache.set(tokenHash, { account, until });
  if (sessionCache.size > sessionCacheLimit) sessionCache.delete(sessionCache.keys().next().value as string);
  return account;
}

export async function deleteSession(token: string): Promise<void> {
  await getPrisma().session.deleteMany({ where: { tokenHash: hashSecret(token) } });
  await announceChange('sessions');
}

/**
 * Secure cookies when the browser reached the dashboard over HTTPS: directly, through a proxy
 * that says so in X-Forwarded-Proto, or when PORTRAIT_PUBLIC_URL is an https address.
 */
export function wantsSecureCookies(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  if (request.headers.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase() === 'https') return true;
  return (process.env.PORTRAIT_PUBLIC_URL ?? '').trim().toLowerCase().startsWith('https:');
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${sessionCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(): string {
  return `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
