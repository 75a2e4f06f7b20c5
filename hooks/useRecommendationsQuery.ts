import { useQuery } from '@tanstack/react-query';
import { userIdSegment } from '@/lib/http/userIdSegment';
import type { UserRecommendations } from '@/lib/queries/listUserRecommendations';
import { datasetPath, fetchJson } from './fetchJson';

export function useRecommendationsQuery(datasetId: number | undefined, userId: string, limit = 10) {
  return useQuery({
    queryKey: ['recommendations', datasetId, userId, limit],
    queryFn: ({ signal }) =>
      fetchJson<UserRecommendations>(
        `${datasetPath(datasetId as number)}/users/${userIdSegment(userId)}/recommendations?limit=${limit}`,
        signal,
      ),
    enabled: datasetId !== undefined,
  });
}
