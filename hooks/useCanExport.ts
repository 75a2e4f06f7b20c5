import { roleAllows } from '@/lib/auth/roles';
import { useHydrated } from './useHydrated';
import { useSessionQuery } from './useSessionQuery';

/** Whether the signed-in account may download exports (pm or admin); false while the session loads or the page hydrates. */
export function useCanExport(): boolean {
  const hydrated = useHydrated();
  const session = useSessionQuery();
  return hydrated && session.data ? roleAllows(session.data.role, 'pm') : false;
}
