import { getPool } from '@/lib/db/connection';
import { type RunFreshness, runFreshness } from './runFreshness';
import { type RunRow, type RunSummary, runColumns, runSummaryFrom } from './runSummary';

export interface DatasetSummary {
  id: number;
  name: string;
  createdAt: string;
  counts: { users: number; items: number; events: number };
  eventRange: { first: string | null; last: string | null };
  activeRun: RunSummary | null;
  freshness: RunFreshness;
}

interface DatasetRow extends RunRow {
  id: number;
  name: string;
  created_at: Date;
  users: number;
  items: number;
  events: number;
  first_event: Date | null;
  last_event: Date | null;
  events_after_cutoff: number;
}

/**
 * Every dataset with its counts, event date range and active run. `datasetId` narrows it to one
 * (the overview). One scan of each dataset's events gives the range and the events a run missed.
 */
export async function listDatasets(datasetId?: number): Promise<DatasetSummary[]> {
  const { rows } = await getPool().query<DatasetRow>(
    `SELECT d.id, d.name, d.created_at,
       (SELECT count(*)::int FROM tracked_users u WHERE u.dataset_id = d.id) AS users,
       (SELECT count(*)::int FROM items i WHERE i.dataset_id = d.id) AS items,
       e.events, e.first_event, e.last_event, e.events_after_cutoff,
       ${runColumns('r')}
     FROM datasets d
     LEFT JOIN model_runs r ON r.id = d.active_run_id
     LEFT JOIN LATERAL (
       SELECT count(*)::int AS events, min(ev.ts) AS first_event, max(ev.ts) AS last_event,
         (count(*) FILTER (WHERE ev.ts > r.events_up_to))::int AS events_after_cutoff
       FROM events ev WHERE ev.dataset_id = d.id
     ) e ON true
     WHERE $1::int IS NULL OR d.id = $1
     ORDER BY d.name`,
    [datasetId ?? null],
  );
  return rows.map((row) => {
    const activeRun = runSummaryFrom(row);
    return {
      id: row.id,
      name: row.name,
      createdAt: row.created_at.toISOString(),
      counts: { users: row.users, items: row.items, events: row.events },
      eventRange: { first: row.first_event?.toISOString() ?? null, last: row.last_event?.toISOString() ?? null },
      activeRun,
      freshness: runFreshness(activeRun, row.last_event, row.events_after_cutoff),
    };
  });
}
