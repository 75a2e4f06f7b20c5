import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { chooseLocale, localeCookie } from '@/lib/i18n/locales';

// No locale in the URL: every existing link and bookmark keeps working, and the language follows
// the user (the switch's cookie) or, until they choose, the browser.
export default getRequestConfig(async () => {
  const locale = chooseLocale((await cookies()).get(localeCookie)?.value, (await headers()).get('accept-language'));
  return { locale, messages: (await import(`../messages/${locale}.json`)).default };
});
