import { useQuery } from '@tanstack/react-query';
import type { Role } from '@/lib/auth/roles';
import { fetchJson } from './fetchJson';

/** A dashboard account as the API sends it (dates as ISO strings). */
export interface AccountView {
  id: number;
  email: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
}

export const accountsKey = ['accounts'] as const;

export function useAccountsQuery() {
  return useQuery({
    queryKey: accountsKey,
    queryFn: ({ signal }) =>
      fetchJson<{ accounts: AccountView[] }>('/api/accounts', signal).then((body) => body.accounts),
  });
}
