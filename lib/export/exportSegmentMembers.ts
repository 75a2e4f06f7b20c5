import { writeAudit } from '@/lib/audit/writeAudit';
import type { Caller } from '@/lib/auth/caller';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { churnTarget } from '@/lib/ml/predict/targets/churn';
import { requireRun } from '@/lib/queries/requireRun';
import type { PersonaTrait } from '@/lib/runs/persona.types';
import { type CsvValue, csvRow } from './csvCell';
import { exportFileName } from './exportFileName';
import { sensitiveNames } from './sensitiveNames';

/** rows read per query; the file is written page by page, never held whole */
export const memberPageSize = 2000;
/** attribute columns at most, so a dataset with hundreds of columns still gives a usable sheet */
const maxAttributeColumns = 30;

export interface SegmentMembersFile {
  fileName: string;
  contentType: string;
  runId: number;
  users: number;
  /** the CSV, header first, one chunk per page of members */
  chunks: AsyncGenerator<string>;
}

interface MemberRow {
  user_id: string;
  distance: number;
  churn: number | null;
  features: Record<string, unknown> | null;
  attributes: Record<string, string | number | null> | null;
}

function cellOf(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

async function* memberChunks(
  runId: number,
  datasetId: number,
  segmentIndex: number,
  featureKeys: string[],
  attributeNames: string[],
  pageSize: number,
): AsyncGenerator<string> {
  yield csvRow([
    'user_id',
    'distance_to_centre',
    'churn_score',
    ...featureKeys,
    ...attributeNames.map((n) => `attribute:${n}`),
  ]);
  // Keyset paging on (distance, user_id), the order of the profiles index, so each page is an
  // index range scan however deep into a large segment it is.
  let after: { distance: number; userId: string } | null = null;
  for (;;) {
    const page = await getPool().query<MemberRow>(
      `SELECT p.user_id, p.distance, c.value AS churn, p.features,
         (SELECT jsonb_object_agg(a.name, CASE WHEN a.kind = 'number' THEN to_jsonb(a.value_num) ELSE to_jsonb(a.value_text) END)
          FROM user_attributes a
          WHERE a.dataset_id = $3 AND a.user_id = p.user_id AND a.name = ANY($4::text[])) AS attributes
       FROM user_profiles p
       LEFT JOIN scores c ON c.run_id = p.run_id AND c.target = $8 AND c.user_id = p.user_id
       WHERE p.run_id = $1 AND p.segment_index = $2
         AND ($5::real IS NULL OR (p.distance, p.user_id) > ($5::real, $6::text))
       ORDER BY p.distance, p.user_id
       LIMIT $7`,
      [
        runId,
        segmentIndex,
        datasetId,
        attributeNames,
        after?.distance ?? null,
        after?.userId ?? null,
        pageSize,
        churnTarget.nameOf(''),
      ],
    );
    const rows: MemberRow[] = page.rows;
    if (rows.length === 0) return;
    let chunk = '';
    for (const row of rows) {
      chunk += csvRow([
        row.user_id,
        Number(row.distance.toFixed(4)),
        row.churn === null ? null : Number(row.churn.toFixed(4)),
        ...featureKeys.map((key) => cellOf(row.features?.[key])),
        ...attributeNames.map((name) => cellOf(row.attributes?.[name])),
      ]);
    }
    yield chunk;
    if (rows.length < pageSize) return;
    const last: MemberRow = rows[rows.length - 1];
    after = { distance: last.distance, userId: last.user_id };
  }
}

/**
 * A shown segment's members as CSV, nearest the segment's centre first: user id, distance,
 * churn score, the persona's trait features, and the dataset's user attributes except those
 * marked sensitive. A segment under the size floor is answered like a missing one. The export
 * is written to the audit log when it starts.
 */
export async function exportSegmentMembers(
  datasetId: number,
  segmentIndex: number,
  options: { actor: Caller | string | null; runId?: number; pageSize?: number },
): Promise<SegmentMembersFile> {
  const run = await requireRun(datasetId, options.runId);
  const settings = await readPipelineSettings(datasetId);
  const pool = getPool();
  const { rows } = await pool.query<{ size: number; below_floor: boolean; traits: PersonaTrait[] | null }>(
    `SELECT size, below_floor, persona->'traits' AS traits FROM segments WHERE run_id = $1 AND index = $2`,
    [run.runId, segmentIndex],
  );
  const segment = rows[0];
  if (!segment || segment.below_floor || segment.size < settings.segmentSizeFloor) {
    throw new ApiError('not_found', `Segment ${segmentIndex} does not exist in run ${run.runId}`);
  }
  const isSensitive = sensitiveNames([...settings.sensitiveAttributes, ...settings.evaluationOnlyAttributes]);
  const names = await pool.query<{ name: string }>(
    'SELECT DISTINCT name FROM user_attributes WHERE dataset_id = $1 ORDER BY name',
    [datasetId],
  );
  const attributeNames = names.rows
    .map((row) => row.name)
    .filter((name) => !isSensitive(name))
    .slice(0, maxAttributeColumns);
  const featureKeys = [...new Set((Array.isArray(segment.traits) ? segment.traits : []).map((trait) => trait.feature))];
  const users = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM user_profiles WHERE run_id = $1 AND segment_index = $2',
    [run.runId, segmentIndex],
  );
  await writeAudit(options.actor, 'export.members', `dataset:${datasetId}`, {
    runId: run.runId,
    segmentIndex,
    users: users.rows[0].n,
    attributes: attributeNames,
  });
  return {
    fileName: exportFileName(run.dataset.name, run.runId, `segment${segmentIndex}-members`, 'csv'),
    contentType: 'text/csv; charset=utf-8',
    runId: run.runId,
    users: users.rows[0].n,
    chunks: memberChunks(
      run.runId,
      datasetId,
      segmentIndex,
      featureKeys,
      attributeNames,
      options.pageSize ?? memberPageSize,
    ),
  };
}
