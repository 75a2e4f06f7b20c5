import { useQuery } from '@tanstack/react-query';
import type { SegmentDetail } from '@/lib/queries/getSegmentDetail';
import { datasetPath, fetchJson } from './fetchJson';

export function useSegmentQuery(datasetId: number | undefined, index: number) {
  return useQuery({
    queryKey: ['segment', datasetId, index],
    queryFn: ({ signal }) => fetchJson<SegmentDetail>(`${datasetPath(datasetId as number)}/segments/${index}`, signal),
    enabled: datasetId !== undefined,
  });
}
