import { announceChange } from '@/lib/db/changeNotices';
import { getPool } from '@/lib/db/connection';
import type { Locale } from '@/lib/i18n/locales';
import type { Caller } from './caller';

/**
 * Keeps the dashboard language on the signed-in account, so it follows the account to every
 * browser it signs in on (the cookie alone is per browser). The automatic demo admin is no stored
 * account: its choice stays in the browser's cookie.
 */
export async function setAccountLocale(
  caller: Extract<Caller, { kind: 'account' }>,
  locale: Locale,
): Promise<{ locale: Locale; keptOn: 'account' | 'browser' }> {
  if (caller.demo) return { locale, keptOn: 'browser' };
  await getPool().query('UPDATE accounts SET locale = $1 WHERE id = $2', [locale, caller.id]);
  // sessions are cached per process with their account's language: forget them everywhere
  await announceChange('sessions');
  return { locale, keptOn: 'account' };
}
