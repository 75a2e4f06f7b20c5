import { useQuery } from '@tanstack/react-query';
import { userIdSegment } from '@/lib/http/userIdSegment';
import type { UserProfile } from '@/lib/queries/getUserProfile';
import { datasetPath, fetchJson } from './fetchJson';

export function useUserProfileQuery(datasetId: number | undefined, userId: string) {
  return useQuery({
    queryKey: ['user', datasetId, userId],
    queryFn: ({ signal }) =>
      fetchJson<UserProfile>(`${datasetPath(datasetId as number)}/users/${userIdSegment(userId)}`, signal),
    enabled: datasetId !== undefined,
  });
}
