import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { accountForSession, sessionCookieName } from '@/lib/auth/sessions';
import { chooseLocale, isLocale, localeCookie } from '@/lib/i18n/locales';

/** The language a signed-in account chose (kept on the account, so it follows it across devices). */
async function accountLocale(token: string | undefined): Promise<string | null> {
  if (!token) return null;
  try {
    const account = await accountForSession(token);
    return account?.locale ?? null;
  } catch {
    // no database (a build, a page rendered while it restarts): the browser's choice decides
    return null;
  }
}

// No locale in the URL: every existing link and bookmark keeps working, and the language follows
// the account (when signed in and it chose one), else the switch's cookie (per browser), else the
// browser's Accept-Language.
export default getRequestConfig(async () => {
  const jar = await cookies();
  const chosen = await accountLocale(jar.get(sessionCookieName)?.value);
  const locale = isLocale(chosen)
    ? chosen
    : chooseLocale(jar.get(localeCookie)?.value, (await headers()).get('accept-language'));
  return { locale, messages: (await import(`../messages/${locale}.json`)).default };
});
