import { useQuery } from '@tanstack/react-query';
import type { SegmentList } from '@/lib/queries/listSegments';
import { datasetPath, fetchJson } from './fetchJson';

export function useSegmentsQuery(datasetId: number | undefined) {
  return useQuery({
    queryKey: ['segments', datasetId],
    queryFn: ({ signal }) => fetchJson<SegmentList>(`${datasetPath(datasetId as number)}/segments`, signal),
    enabled: datasetId !== undefined,
  });
}
