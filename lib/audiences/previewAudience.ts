import { getPool } from '@/lib/db/connection';
import { loadAudienceContext } from './audienceContext';
import type { AudienceDefinition } from './audienceDefinition';
import { audienceQuery } from './audienceQuery';
import { checkAudienceDefinition } from './checkAudienceDefinition';
import { matchSegmentsToRun, type SegmentMatchNote } from './matchSegments';

export interface AudiencePreview {
  runId: number;
  asOf: string;
  size: number;
  /** users the run profiled: the most any audience can hold */
  population: number;
  /** a stable sample of members (by the run's sample key) with their segments */
  sample: { userId: string; segmentIndex: number; segment: string }[];
  notes: SegmentMatchNote[];
  ms: number;
}

export const previewSampleSize = 10;

/** The live size and a sample of a definition that is not saved yet, for the editor. */
export async function previewAudience(datasetId: number, definition: AudienceDefinition): Promise<AudiencePreview> {
  const started = performance.now();
  const context = await loadAudienceContext(datasetId);
  const { root, notes } = await matchSegmentsToRun(definition.root, context.runId);
  await checkAudienceDefinition(root, context.runId);
  const members = audienceQuery(root, context, { columns: 'p.sample_key, p.segment_index' });
  const values = [...members.values, previewSampleSize];
  const { rows } = await getPool().query<{
    size: number;
    population: number;
    sample: { user_id: string; segment_index: number; name: string }[];
  }>(
    `WITH m AS MATERIALIZED (${members.text})
     SELECT (SELECT count(*)::int FROM m) AS size,
       (SELECT coalesce(sum(size), 0)::int FROM segments WHERE run_id = $2) AS population,
       (SELECT coalesce(json_agg(x ORDER BY x.sample_key), '[]') FROM (
          SELECT m.user_id, m.segment_index, m.sample_key, s.name FROM m
          JOIN segments s ON s.run_id = $2 AND s.index = m.segment_index
          ORDER BY m.sample_key LIMIT $${values.length}) x) AS sample`,
    values,
  );
  return {
    runId: context.runId,
    asOf: context.asOf.toISOString(),
    size: rows[0].size,
    population: rows[0].population,
    sample: rows[0].sample.map((row) => ({ userId: row.user_id, segmentIndex: row.segment_index, segment: row.name })),
    notes,
    ms: Math.round(performance.now() - started),
  };
}
