import { useHydrated } from './useHydrated';
import { useSessionQuery } from './useSessionQuery';

/** Whether the signed-in account is an admin; false while the session loads or the page hydrates. */
export function useIsAdmin(): boolean {
  const hydrated = useHydrated();
  const session = useSessionQuery();
  return hydrated && session.data?.role === 'admin';
}
