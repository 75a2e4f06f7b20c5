import { z } from 'zod';
import { setAccountLocale } from '@/lib/auth/accountLocale';
import { route } from '@/lib/http/route';
import { locales } from '@/lib/i18n/locales';

const body = z.object({ locale: z.enum(locales) });

/** The signed-in account's dashboard language, kept on the account (the header's switch sends it). */
export const PUT = route(
  { access: 'analyst', body, beforePasswordChange: true, demoMayCall: true },
  ({ caller, body }) => setAccountLocale(caller, body.locale),
);
