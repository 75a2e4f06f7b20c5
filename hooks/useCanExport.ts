import { roleAllows } from '@/lib/auth/roles';
import { useSessionQuery } from './useSessionQuery';

/** Whether the signed-in account may download exports (pm or admin); false while the session loads. */
export function useCanExport(): boolean {
  const session = useSessionQuery();
  return session.data ? roleAllows(session.data.role, 'pm') : false;
}
