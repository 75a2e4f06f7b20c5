import { getPool } from '@/lib/db/connection';
import { withCurrentSize } from '@/lib/ml/persona/segmentSizeSentence';
import type { Persona } from '@/lib/runs/persona.types';

/** A run's segments as stored (the description's size as it is now), including those under the size floor, largest first. */
export interface SegmentRow {
  index: number;
  name: string;
  description: string;
  size: number;
  share: number;
  below_floor: boolean;
  persona: Partial<Persona>;
}

export async function loadSegmentRows(runId: number): Promise<SegmentRow[]> {
  const { rows } = await getPool().query<SegmentRow>(
    `SELECT index, name, description, size, share, below_floor, persona
     FROM segments WHERE run_id = $1 ORDER BY size DESC, index`,
    [runId],
  );
  return rows.map((row) => ({ ...row, description: withCurrentSize(row.description, row.size, row.share) }));
}
