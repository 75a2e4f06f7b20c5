import { writeAudit } from '@/lib/audit/writeAudit';
import { announceChange } from '@/lib/db/changeNotices';
import { getPool } from '@/lib/db/connection';
import { getPrisma } from '@/lib/db/prisma';
import { ApiError } from '@/lib/http/apiError';
import type { Caller } from './caller';
import { hashPassword, verifyPassword } from './password';
import { hashSecret } from './tokens';

export const minPasswordLength = 8;

/**
 * The signed-in account replaces its own password (a one-time one must be replaced this way
 * before anything else). Its other sessions end; the one making the change stays signed in.
 */
export async function changeOwnPassword(
  caller: Caller,
  input: { currentPassword: string; newPassword: string },
  sessionToken: string | undefined,
): Promise<{ changed: true }> {
  if (caller.kind !== 'account' || caller.demo) {
    throw new ApiError('forbidden', 'Only a signed-in account has a password to change');
  }
  const account = await getPrisma().account.findUnique({ where: { id: caller.id } });
  if (!account) throw new ApiError('not_found', 'Your account no longer exists');
  if (!(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw new ApiError('bad_request', 'The current password is wrong');
  }
  if (input.newPassword.length < minPasswordLength) {
    throw new ApiError('bad_request', `The new password needs at least ${minPasswordLength} characters`);
  }
  if (input.newPassword === input.currentPassword) {
    throw new ApiError('bad_request', 'The new password must differ from the current one');
  }
  await getPrisma().account.update({
    where: { id: account.id },
    data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false },
  });
  await getPool().query('DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2', [
    account.id,
    sessionToken ? hashSecret(sessionToken) : '',
  ]);
  await announceChange('sessions');
  await writeAudit(caller, 'account.password-change', `account:${account.id}`, {
    email: account.email,
    wasOneTime: account.mustChangePassword,
  });
  return { changed: true };
}
