import { userIdSegment } from '@/lib/http/userIdSegment';

/** A dashboard link that keeps the chosen dataset, e.g. withDataset('/segments/2', 5) -> '/segments/2?dataset=5'. */
export function withDataset(path: string, datasetId: number | string | null | undefined): string {
  if (datasetId === null || datasetId === undefined || datasetId === '') return path;
  const [base, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  params.set('dataset', String(datasetId));
  return `${base}?${params}`;
}

export function userHref(userId: string, datasetId: number): string {
  return withDataset(`/users/${userIdSegment(userId)}`, datasetId);
}

export function segmentHref(index: number, datasetId: number): string {
  return withDataset(`/segments/${index}`, datasetId);
}
