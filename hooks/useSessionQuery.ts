import { useQuery } from '@tanstack/react-query';
import { ApiRequestError, fetchJson } from './fetchJson';

export interface SessionAccount {
  email: string;
  role: 'analyst' | 'pm' | 'admin';
  demo: boolean;
  /** signed in with a one-time password: the dashboard asks for a new one before anything else */
  mustChangePassword: boolean;
  /** the language kept on the account; null: the browser decides */
  locale: string | null;
}

/** The signed-in account, or null when nobody is signed in. */
export function useSessionQuery() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async ({ signal }) => {
      try {
        return await fetchJson<SessionAccount>('/api/auth/me', signal);
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}
