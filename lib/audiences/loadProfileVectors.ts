import { getPool } from '@/lib/db/connection';

export interface ProfileVectors {
  userIds: string[];
  dims: number;
  /** row-major, userIds.length x dims */
  vectors: Float32Array;
}

/** Every profile vector of a run, as one dense matrix (read as text: faster to parse than real[]). */
export async function loadProfileVectors(runId: number): Promise<ProfileVectors> {
  const { rows } = await getPool().query<{ user_id: string; v: string }>(
    `SELECT user_id, array_to_string(vector, ',') AS v FROM user_profiles WHERE run_id = $1 ORDER BY user_id`,
    [runId],
  );
  const dims = rows.length ? rows[0].v.split(',').length : 0;
  const vectors = new Float32Array(rows.length * dims);
  const userIds: string[] = new Array(rows.length);
  rows.forEach((row, r) => {
    userIds[r] = row.user_id;
    const parts = row.v.split(',');
    for (let d = 0; d < dims; d++) vectors[r * dims + d] = Number(parts[d]);
  });
  return { userIds, dims, vectors };
}
