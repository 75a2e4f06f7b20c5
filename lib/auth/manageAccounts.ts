import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { announceChange } from '@/lib/db/changeNotices';
import { getPrisma } from '@/lib/db/prisma';
import { ApiError } from '@/lib/http/apiError';
import { AccountError, type AccountSummary, createAccount, toSummary } from './accounts';
import { hashPassword } from './password';
import type { Role } from './roles';
import { newSecret } from './tokens';

// What an admin does to dashboard accounts from the admin screen or the API. Each change is
// written to the audit log; the last active admin can be neither demoted nor disabled, so an
// install can never lock itself out.

type Actor = Caller | string;

async function requireAccount(id: number) {
  const account = await getPrisma().account.findUnique({ where: { id } });
  if (!account) throw new ApiError('not_found', `Account ${id} does not exist`);
  return account;
}

/** A new account; with no password given, one is generated and returned once. */
export async function createAccountAs(
  actor: Actor,
  input: { email: string; role: Role; password?: string },
): Promise<{ account: AccountSummary; password: string | null }> {
  const password = input.password ?? newSecret(12);
  const email = input.email.trim().toLowerCase();
  if (await getPrisma().account.findUnique({ where: { email } })) {
    throw new ApiError('conflict', `An account for ${email} already exists`);
  }
  let account: AccountSummary;
  try {
    account = await createAccount(email, password, input.role, { oneTimePassword: input.password === undefined });
  } catch (error) {
    if (error instanceof AccountError) throw new ApiError('bad_request', error.message);
    if ((error as { code?: string }).code === 'P2002') {
      throw new ApiError('conflict', `An account for ${email} already exists`);
    }
    throw error;
  }
  await writeAudit(actor, 'account.create', `account:${account.id}`, { email: account.email, role: account.role });
  return { account, password: input.password ? null : password };
}

/**
 * Changes an account's role or disables / re-enables it. A disabled account's sessions are
 * ended at once; a role change applies to its next request (on other server processes within
 * `sessionCacheMs`).
 */
export async function updateAccount(
  actor: Actor,
  id: number,
  change: { role?: Role; disabled?: boolean },
): Promise<AccountSummary> {
  const prisma = getPrisma();
  const before = await requireAccount(id);
  const wasActiveAdmin = before.role === 'admin' && before.disabledAt === null;
  const staysActiveAdmin = (change.role ?? before.role) === 'admin' && !(change.disabled ?? before.disabledAt !== null);
  if (wasActiveAdmin && !staysActiveAdmin) {
    const otherAdmins = await prisma.account.count({ where: { role: 'admin', disabledAt: null, id: { not: id } } });
    if (otherAdmins === 0) {
      throw new ApiError('conflict', `${before.email} is the only active admin: make another admin first`);
    }
  }
  const disabledAt =
    change.disabled === undefined ? before.disabledAt : change.disabled ? (before.disabledAt ?? new Date()) : null;
  const after = await prisma.account.update({ where: { id }, data: { role: change.role ?? before.role, disabledAt } });
  if (after.disabledAt && !before.disabledAt) await prisma.session.deleteMany({ where: { accountId: id } });
  await announceChange('sessions');
  const detail: Record<string, unknown> = { email: after.email };
  if (after.role !== before.role) detail.role = { from: before.role, to: after.role };
  if ((after.disabledAt === null) !== (before.disabledAt === null)) detail.disabled = after.disabledAt !== null;
  if (Object.keys(detail).length > 1) await writeAudit(actor, 'account.update', `account:${id}`, detail);
  return toSummary(after);
}

/**
 * Sets a new generated password (returned once), to be replaced at the account's next sign-in,
 * and signs the account out everywhere.
 */
export async function resetAccountPassword(
  actor: Actor,
  id: number,
): Promise<{ account: AccountSummary; password: string }> {
  const prisma = getPrisma();
  await requireAccount(id);
  const password = newSecret(12);
  const account = await prisma.account.update({
    where: { id },
    data: { passwordHash: await hashPassword(password), mustChangePassword: true },
  });
  await prisma.session.deleteMany({ where: { accountId: id } });
  await announceChange('sessions');
  await writeAudit(actor, 'account.password-reset', `account:${id}`, { email: account.email });
  return { account: toSummary(account), password };
}
