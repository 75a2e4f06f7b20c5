import { useSessionQuery } from './useSessionQuery';

/** Whether the signed-in account is an admin; false while the session loads. */
export function useIsAdmin(): boolean {
  return useSessionQuery().data?.role === 'admin';
}
