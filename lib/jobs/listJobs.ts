import { getPool } from '@/lib/db/connection';
import { NotFoundError } from '@/lib/errors/domainError';
import { type Job, type JobRow, type JobStatus, jobFromRow } from './jobTypes';
import { jobColumns } from './queue';

export interface SegmentMetrics {
  k: number | null;
  silhouette: number | null;
  daviesBouldin: number | null;
  users: number | null;
}

export interface JobRun {
  id: number;
  status: string;
  active: boolean;
  metrics: SegmentMetrics;
  /** the dataset's previous succeeded run, which this one is compared with */
  previous: { id: number; metrics: SegmentMetrics } | null;
  /** this run's metrics minus the previous run's (null where either is missing) */
  change: SegmentMetrics | null;
}

export interface JobView extends Omit<Job, 'log'> {
  datasetName: string | null;
  /** the newest log line; the full log comes with one job */
  lastLog: string | null;
  /** seconds since a running job's last heartbeat, by the database clock */
  silentForSec: number | null;
  run: JobRun | null;
}

export interface JobDetail extends JobView {
  log: string[];
}

export interface ListJobsFilter {
  /** one status, or `active` for queued and running */
  status?: JobStatus | 'active';
  datasetId?: number;
  limit?: number;
}

interface JobListRow extends JobRow {
  dataset_name: string | null;
  silent_for_sec: number | null;
  run_id: number | null;
  run_status: string | null;
  run_active: boolean | null;
  run_segments: Record<string, unknown> | null;
  previous_id: number | null;
  previous_segments: Record<string, unknown> | null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function segmentMetrics(segments: Record<string, unknown> | null): SegmentMetrics {
  return {
    k: numberOrNull(segments?.k),
    silhouette: numberOrNull(segments?.silhouette),
    daviesBouldin: numberOrNull(segments?.daviesBouldin),
    users: numberOrNull(segments?.users),
  };
}

function difference(a: SegmentMetrics, b: SegmentMetrics): SegmentMetrics {
  const minus = (x: number | null, y: number | null) => (x === null || y === null ? null : x - y);
  return {
    k: minus(a.k, b.k),
    silhouette: minus(a.silhouette, b.silhouette),
    daviesBouldin: minus(a.daviesBouldin, b.daviesBouldin),
    users: minus(a.users, b.users),
  };
}

function viewFrom(row: JobListRow): JobDetail {
  let run: JobRun | null = null;
  if (row.run_id !== null) {
    const metrics = segmentMetrics(row.run_segments);
    const previous =
      row.previous_id !== null ? { id: row.previous_id, metrics: segmentMetrics(row.previous_segments) } : null;
    run = {
      id: row.run_id,
      status: row.run_status ?? 'unknown',
      active: row.run_active === true,
      metrics,
      previous,
      change: previous ? difference(metrics, previous.metrics) : null,
    };
  }
  const job = jobFromRow(row);
  return {
    ...job,
    datasetName: row.dataset_name,
    lastLog: job.log.at(-1) ?? null,
    silentForSec: row.silent_for_sec === null ? null : Math.round(row.silent_for_sec),
    run,
  };
}

// The pipeline stores clustering metrics under `segments`; older or hand-written runs at the top
// level or under `clustering` (as runSummary reads them).
// An import into a new dataset has no dataset id until it commits: its payload names the dataset.
const listSql = `SELECT ${jobColumns
  .split(',')
  .map((column) => `j.${column.trim()}`)
  .join(', ')},
    coalesce(d.name, j.payload->>'datasetName') AS dataset_name,
    CASE WHEN j.status = 'running' THEN extract(epoch FROM now() - j.heartbeat_at)::float8 END AS silent_for_sec,
    r.id AS run_id, r.status AS run_status, (d.active_run_id = r.id) AS run_active, coalesce(r.metrics->'segments', r.metrics->'clustering', r.metrics) AS run_segments,
    p.id AS previous_id, coalesce(p.metrics->'segments', p.metrics->'clustering', p.metrics) AS previous_segments
  FROM jobs j
  LEFT JOIN datasets d ON d.id = j.dataset_id
  LEFT JOIN model_runs r ON j.type = 'train' AND r.id = CASE WHEN jsonb_typeof(j.result->'runId') = 'number'
    THEN (j.result->>'runId')::int END
  LEFT JOIN LATERAL (
    SELECT id, metrics FROM model_runs p
    WHERE p.dataset_id = r.dataset_id AND p.status = 'succeeded' AND p.id < r.id
    ORDER BY p.id DESC LIMIT 1
  ) p ON true`;

/** Jobs newest first, with progress, and for finished retrains their run's metrics beside the previous run's. */
export async function listJobs(filter: ListJobsFilter = {}): Promise<JobView[]> {
  const statuses = filter.status === 'active' ? ['queued', 'running'] : filter.status ? [filter.status] : null;
  const { rows } = await getPool().query<JobListRow>(
    `${listSql}
     WHERE ($1::text[] IS NULL OR j.status = ANY($1::text[])) AND ($2::int IS NULL OR j.dataset_id = $2)
     ORDER BY j.id DESC LIMIT $3`,
    [statuses, filter.datasetId ?? null, filter.limit ?? 50],
  );
  return rows.map((row) => {
    const { log: _log, ...view } = viewFrom(row);
    return view;
  });
}

/** One job with its whole log. */
export async function getJobDetail(jobId: number): Promise<JobDetail> {
  const { rows } = await getPool().query<JobListRow>(`${listSql} WHERE j.id = $1`, [jobId]);
  if (!rows[0]) throw new NotFoundError(`Job ${jobId} does not exist`);
  return viewFrom(rows[0]);
}
