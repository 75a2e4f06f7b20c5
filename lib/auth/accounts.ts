import { writeAudit } from '@/lib/audit/writeAudit';
import { getPrisma } from '@/lib/db/prisma';
import { hashPassword, verifyPassword } from './password';
import type { Role } from './roles';
import { newSecret } from './tokens';

export interface AccountSummary {
  id: number;
  email: string;
  role: Role;
  createdAt: Date;
  disabled: boolean;
}

export class AccountError extends Error {}

export function toSummary(account: {
  id: number;
  email: string;
  role: string;
  createdAt: Date;
  disabledAt: Date | null;
}) {
  return {
    id: account.id,
    email: account.email,
    role: account.role as Role,
    createdAt: account.createdAt,
    disabled: account.disabledAt !== null,
  };
}

/** `oneTimePassword`: a generated password someone else saw, to be replaced at first sign-in. */
export async function createAccount(
  email: string,
  password: string,
  role: Role,
  options: { oneTimePassword?: boolean } = {},
): Promise<AccountSummary> {
  const normalised = email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(normalised)) throw new AccountError(`Not an email address: ${email}`);
  if (password.length < 8) throw new AccountError('Passwords need at least 8 characters');
  const prisma = getPrisma();
  const existing = await prisma.account.findUnique({ where: { email: normalised } });
  if (existing) throw new AccountError(`An account for ${normalised} already exists`);
  const account = await prisma.account.create({
    data: {
      email: normalised,
      passwordHash: await hashPassword(password),
      role,
      mustChangePassword: options.oneTimePassword ?? false,
    },
  });
  return toSummary(account);
}

export type AuthenticationResult =
  | { ok: true; account: AccountSummary & { mustChangePassword: boolean } }
  | { ok: false; reason: 'unknown_email' | 'disabled' | 'wrong_password'; accountId?: number };

let dummyHash: Promise<string> | undefined;

/**
 * An unknown email is checked against this hash (of a random password, at the configured cost),
 * so it costs one bcrypt comparison like a known one: the time of the answer does not tell
 * which accounts exist.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(newSecret(12));
  return dummyHash;
}

/** Whether the email and password match an active account, and if not, why. */
export async function authenticate(email: string, password: string): Promise<AuthenticationResult> {
  const account = await getPrisma().account.findUnique({ where: { email: email.trim().toLowerCase() } });
  const matches = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
  if (!account) return { ok: false, reason: 'unknown_email' };
  if (account.disabledAt) return { ok: false, reason: 'disabled', accountId: account.id };
  if (!matches) return { ok: false, reason: 'wrong_password', accountId: account.id };
  return { ok: true, account: { ...toSummary(account), mustChangePassword: account.mustChangePassword } };
}

export async function listAccounts(): Promise<AccountSummary[]> {
  const accounts = await getPrisma().account.findMany({ orderBy: { id: 'asc' } });
  return accounts.map(toSummary);
}

export async function countAdmins(): Promise<number> {
  return getPrisma().account.count({ where: { role: 'admin', disabledAt: null } });
}

/** The first admin on a fresh install, with a one-time password printed by the caller. */
export async function ensureFirstAdmin(email = 'admin@localhost'): Promise<{ email: string; password: string } | null> {
  if ((await countAdmins()) > 0) return null;
  const password = newSecret(12);
  const account = await createAccount(email, password, 'admin', { oneTimePassword: true });
  await writeAudit('system', 'account.create', `account:${account.id}`, { email, role: 'admin', firstStart: true });
  return { email, password };
}
