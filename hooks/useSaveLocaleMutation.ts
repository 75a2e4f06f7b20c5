import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Locale } from '@/lib/i18n/locales';
import { sendJson } from './sendJson';

/** Keeps the signed-in account's dashboard language on the account (PUT /api/auth/locale). */
export function useSaveLocaleMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (locale: Locale) =>
      sendJson<{ locale: Locale; keptOn: 'account' | 'browser' }>('PUT', '/api/auth/locale', { locale }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['session'] }),
  });
}
