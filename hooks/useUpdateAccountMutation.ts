import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@/lib/auth/roles';
import { sendJson } from './sendJson';
import { type AccountView, accountsKey } from './useAccountsQuery';
import { auditKey } from './useAuditLogQuery';

/** Changes an account's role or disables / re-enables it. */
export function useUpdateAccountMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: { id: number; role?: Role; disabled?: boolean }) =>
      sendJson<{ account: AccountView }>('PATCH', `/api/accounts/${id}`, change).then((body) => body.account),
    onSettled: () => {
      client.invalidateQueries({ queryKey: accountsKey });
      client.invalidateQueries({ queryKey: auditKey });
      // an admin who changed their own role sees the screens of the new one
      client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}
