import { getPool } from '@/lib/db/connection';

// Failed sign-ins are counted per email (whether or not an account has it, so a refusal tells
// nothing about which accounts exist) and per client address, over a sliding window, in
// PostgreSQL so that every web process sees the same count.

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}

function positiveWhole(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number from 1 up, not "${raw}"`);
  return value;
}

export function signInLimits(): SignInLimits {
  return {
    perAccount: positiveWhole('PORTRAIT_SIGNIN_MAX_FAILURES_PER_ACCOUNT', 10),
    perAddress: positiveWhole('PORTRAIT_SIGNIN_MAX_FAILURES_PER_ADDRESS', 50),
    windowSeconds: positiveWhole('PORTRAIT_SIGNIN_WINDOW_MINUTES', 15) * 60,
  };
}

export type Attempt =
  | { allowed: true; id: string }
  | { allowed: false; retryAfterSeconds: number; limitedBy: 'account' | 'address' };

/**
 * Counts this attempt as a failure before the password is checked, so that guesses sent in
 * parallel cannot all pass under the limit; a successful attempt forgets itself (and the
 * account's earlier failures), a refused one too, so waiting out the window always works.
 */
export async function beginSignInAttempt(email: string, address: string, limits = signInLimits()): Promise<Attempt> {
  const pool = getPool();
  const window = `${limits.windowSeconds} seconds`;
  await pool.query(`DELETE FROM sign_in_failures WHERE failed_at < now() - $1::interval`, [window]);
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO sign_in_failures (email, address) VALUES ($1, $2) RETURNING id',
    [email, address],
  );
  const id = rows[0].id;
  for (const [limitedBy, column, limit] of [
    ['account', 'email', limits.perAccount],
    ['address', 'address', limits.perAddress],
  ] as const) {
    // the limit-th newest earlier failure: once it leaves the window, fewer than `limit` remain
    const found = await pool.query<{ failures: string; retry_after: number | null }>(
      `SELECT (SELECT count(*) FROM sign_in_failures
                WHERE ${column} = $1 AND id <> $2 AND failed_at >= now() - $3::interval) AS failures,
              (SELECT ceil(extract(epoch FROM failed_at + $3::interval - now()))::int FROM sign_in_failures
                WHERE ${column} = $1 AND id <> $2 AND failed_at >= now() - $3::interval
                ORDER BY failed_at DESC, id DESC OFFSET $4 - 1 LIMIT 1) AS retry_after`,
      [limitedBy === 'account' ? email : address, id, window, limit],
    );
    if (Number(found.rows[0].failures) >= limit) {
      await forgetSignInAttempt(id);
      return { allowed: false, retryAfterSeconds: Math.max(1, found.rows[0].retry_after ?? 1), limitedBy };
    }
  }
  return { allowed: true, id };
}

export async function forgetSignInAttempt(id: string): Promise<void> {
  await getPool().query('DELETE FROM sign_in_failures WHERE id = $1', [id]);
}

/** After a good password: the account's earlier failures no longer count against it. */
export async function clearAccountFailures(email: string): Promise<void> {
  await getPool().query('DELETE FROM sign_in_failures WHERE email = $1', [email]);
}
