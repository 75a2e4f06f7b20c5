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

export async function accountForSession(
  token: string,
): Promise<{ id: number; email: string; role: Role } | null> {
  const session = await getPrisma().session.findUnique({
    where: { tokenHash: hashSecret(token) },
    include: { account: true },
  });
  if (!session || session.expiresAt < new Date() || session.account.disabledAt) return null;
  return { id: session.account.id, email: session.account.email, role: session.account.role as Role };
}

export async function deleteSession(token: string): Promise<void> {
  await getPrisma().session.deleteMany({ where: { tokenHash: hashSecret(token) } });
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
