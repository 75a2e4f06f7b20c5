import { writeAudit } from '@/lib/audit/writeAudit';
import { ApiError } from '@/lib/http/apiError';
import { authenticate } from './accounts';
import { createSession } from './sessions';
import { beginSignInAttempt, clearAccountFailures, forgetSignInAttempt } from './signInThrottle';

/**
 * Signs in with an email and password, from a client address: too many recent failures for the
 * email or the address answer 429 with Retry-After before any password is checked; a failure is
 * audited (unknown email, disabled account or wrong password, told apart only in the audit log).
 */
export async function signIn(email: string, password: string, address: string) {
  const normalised = email.trim().toLowerCase();
  const attempt = await beginSignInAttempt(normalised, address);
  if (!attempt.allowed) {
    throw new ApiError(
      'too_many_requests',
      `Too many failed sign-ins for this ${attempt.limitedBy === 'account' ? 'account' : 'address'}: ` +
        `try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} minute(s)`,
      undefined,
      { 'retry-after': String(attempt.retryAfterSeconds) },
    );
  }
  const result = await authenticate(normalised, password);
  if (!result.ok) {
    await writeAudit(
      `sign-in from ${address}`,
      'auth.sign-in-failed',
      result.accountId ? `account:${result.accountId}` : undefined,
      {
        email: normalised,
        address,
        reason: result.reason,
      },
    );
    throw new ApiError('unauthorized', 'Wrong email or password');
  }
  await forgetSignInAttempt(attempt.id);
  await clearAccountFailures(normalised);
  const session = await createSession(result.account.id);
  return { account: result.account, ...session };
}
