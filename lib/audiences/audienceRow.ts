import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { type AudienceDefinition, audienceDefinition } from './audienceDefinition';
import type { SegmentMatchNote } from './matchSegments';

export interface Audience {
  id: number;
  datasetId: number;
  name: string;
  description: string;
  kind: 'rules' | 'lookalike';
  definition: AudienceDefinition;
  holdoutShare: number;
  holdoutSeed: number;
  runId: number | null;
  notes: SegmentMatchNote[];
  size: number;
  computedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const audienceColumns = `id, dataset_id, name, description, kind, definition, holdout_share, holdout_seed, run_id,
  notes, size, computed_at, created_by, created_at, updated_at`;

export interface AudienceDbRow {
  id: number;
  dataset_id: number;
  name: string;
  description: string;
  kind: string;
  definition: unknown;
  holdout_share: number;
  holdout_seed: number;
  run_id: number | null;
  notes: SegmentMatchNote[];
  size: number;
  computed_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export function audienceOf(row: AudienceDbRow): Audience {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    description: row.description,
    kind: row.kind === 'lookalike' ? 'lookalike' : 'rules',
    definition: audienceDefinition.parse(row.definition),
    holdoutShare: row.holdout_share,
    holdoutSeed: row.holdout_seed,
    runId: row.run_id,
    notes: row.notes ?? [],
    size: row.size,
    computedAt: row.computed_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function requireAudience(audienceId: number, datasetId?: number): Promise<Audience> {
  const { rows } = await getPool().query<AudienceDbRow>(`SELECT ${audienceColumns} FROM audiences WHERE id = $1`, [
    audienceId,
  ]);
  const row = rows[0];
  if (!row || (datasetId !== undefined && row.dataset_id !== datasetId)) {
    throw new ApiError(
      'not_found',
      `Audience ${audienceId} does not exist${datasetId === undefined ? '' : ` in dataset ${datasetId}`}`,
    );
  }
  return audienceOf(row);
}
