import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { type ProfileUpdateStats, profileUpdateStats } from '@/lib/realtime/profileUpdateStats';
import { type DatasetSummary, listDatasets } from './listDatasets';

export interface SegmentSize {
  index: number;
  name: string;
  size: number;
  share: number;
}

export interface DatasetOverview extends DatasetSummary {
  /** users with a profile in the active run */
  profiledUsers: number;
  /** shown segments, largest first */
  segments: SegmentSize[];
  /** segments under the size floor: counted, never named */
  hiddenSegments: { count: number; users: number };
  /** how far profiles are behind accepted events, and the last hour's update throughput; null without an active run */
  profileUpdates: ProfileUpdateStats | null;
}

export async function getDatasetOverview(datasetId: number): Promise<DatasetOverview> {
  const [dataset] = await listDatasets(datasetId);
  if (!dataset) throw new ApiError('not_found', `Dataset ${datasetId} does not exist`);
  const runId = dataset.activeRun?.id;
  if (runId === undefined) {
    return { ...dataset, profiledUsers: 0, segments: [], hiddenSegments: { count: 0, users: 0 }, profileUpdates: null };
  }
  const pool = getPool();
  const [segments, profiles, profileUpdates] = await Promise.all([
    pool.query<SegmentSize & { below_floor: boolean }>(
      'SELECT index, name, size, share, below_floor FROM segments WHERE run_id = $1 ORDER BY size DESC, index',
      [runId],
    ),
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM user_profiles WHERE run_id = $1', [runId]),
    profileUpdateStats(datasetId),
  ]);
  const hidden = segments.rows.filter((segment) => segment.below_floor);
  return {
    ...dataset,
    profiledUsers: profiles.rows[0].n,
    segments: segments.rows
      .filter((segment) => !segment.below_floor)
      .map(({ index, name, size, share }) => ({ index, name, size, share })),
    hiddenSegments: { count: hidden.length, users: hidden.reduce((sum, segment) => sum + segment.size, 0) },
    profileUpdates,
  };
}
