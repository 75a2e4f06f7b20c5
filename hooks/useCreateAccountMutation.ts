import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@/lib/auth/roles';
import { sendJson } from './sendJson';
import { type AccountView, accountsKey } from './useAccountsQuery';
import { auditKey } from './useAuditLogQuery';

/** `password` in the answer is the generated one, shown once; null when the admin chose one. */
export function useCreateAccountMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role; password?: string }) =>
      sendJson<{ account: AccountView; password: string | null }>('POST', '/api/accounts', input),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: accountsKey });
      client.invalidateQueries({ queryKey: auditKey });
    },
  });
}
