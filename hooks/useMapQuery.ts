import { useQuery } from '@tanstack/react-query';
import type { MapSample } from '@/lib/queries/getMapSample';
import { datasetPath, fetchJson } from './fetchJson';

export const mapPointLimit = 5000;

export function useMapQuery(datasetId: number | undefined, limit = mapPointLimit) {
  return useQuery({
    queryKey: ['map', datasetId, limit],
    queryFn: ({ signal }) => fetchJson<MapSample>(`${datasetPath(datasetId as number)}/map?limit=${limit}`, signal),
    enabled: datasetId !== undefined,
  });
}
