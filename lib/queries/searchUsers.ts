import { getPool } from '@/lib/db/connection';
import { requireDataset } from './requireRun';

export interface UserSearchHit {
  userId: string;
  /** null when the active run has no profile for the user (no events, or not trained) */
  segmentIndex: number | null;
  segmentName: string | null;
}

export interface UserSearchResult {
  datasetId: number;
  prefix: string;
  users: UserSearchHit[];
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** User ids that start with `prefix`, in id order, with their segment in the active run. */
export async function searchUsers(datasetId: number, prefix: string, limit: number): Promise<UserSearchResult> {
  const dataset = await requireDataset(datasetId);
  const { rows } = await getPool().query<{
    user_id: string;
    segment_index: number | null;
    name: string | null;
    below_floor: boolean | null;
  }>(
    `SELECT u.user_id, p.segment_index, s.name, s.below_floor
     FROM tracked_users u
     LEFT JOIN user_profiles p ON p.run_id = $2 AND p.user_id = u.user_id
     LEFT JOIN segments s ON s.run_id = p.run_id AND s.index = p.segment_index
     WHERE u.dataset_id = $1 AND u.user_id LIKE $3
     ORDER BY u.user_id LIMIT $4`,
    [datasetId, dataset.activeRunId, likePrefix(prefix), limit],
  );
  return {
    datasetId,
    prefix,
    users: rows.map((row) => ({
      userId: row.user_id,
      segmentIndex: row.below_floor ? null : row.segment_index,
      segmentName: row.below_floor ? null : row.name,
    })),
  };
}
