import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendJson } from './sendJson';
import type { AccountView } from './useAccountsQuery';
import { auditKey } from './useAuditLogQuery';

/** A new generated password for an account, in the answer only; the account is signed out. */
export function useResetPasswordMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      sendJson<{ account: AccountView; password: string }>('POST', `/api/accounts/${id}/password`),
    onSuccess: () => client.invalidateQueries({ queryKey: auditKey }),
  });
}
