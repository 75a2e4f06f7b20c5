import { getPool } from '@/lib/db/connection';

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  /** what the target names, read from its table: a dataset's or audience's name, an account's email, a job's type and dataset */
  targetLabel: string | null;
  detail: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
  /** everyone who has an entry, for the actor filter */
  actors: string[];
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  /** an action (`user.erase`) or its family (`export`, matching `export.*`) */
  action?: string;
  actor?: string;
  target?: string;
}

// Targets are written as `kind:id`; a deleted object keeps its entry and shows no label.
const targetId = `CASE WHEN split_part(a.target, ':', 2) ~ '^[0-9]{1,9}$' THEN split_part(a.target, ':', 2)::int END`;
const targetLabelSql = `CASE split_part(a.target, ':', 1)
    WHEN 'dataset' THEN (SELECT name FROM datasets WHERE id = ${targetId})
    WHEN 'account' THEN (SELECT email FROM accounts WHERE id = ${targetId})
    WHEN 'audience' THEN (SELECT name FROM audiences WHERE id = ${targetId})
    WHEN 'job' THEN (SELECT j.type || ' job of ' || coalesce(d.name, j.payload->>'datasetName', 'no dataset')
                     FROM jobs j LEFT JOIN datasets d ON d.id = j.dataset_id WHERE j.id = ${targetId})
  END`;

/** The audit log, newest first, one page at a time. */
export async function listAuditLog(filter: AuditFilter): Promise<AuditPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.action) {
    values.push(filter.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}.%`);
    where.push(`(action = $${values.length - 1} OR action LIKE $${values.length})`);
  }
  if (filter.actor) {
    values.push(filter.actor);
    where.push(`actor = $${values.length}`);
  }
  if (filter.target) {
    values.push(filter.target);
    where.push(`target = $${values.length}`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const pool = getPool();
  const [rows, total, actors] = await Promise.all([
    pool.query<AuditEntry>(
      `SELECT id, at, actor, action, target, ${targetLabelSql} AS "targetLabel", detail
       FROM (SELECT * FROM audit_log ${clause}
             ORDER BY at DESC, id DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}) a
       ORDER BY at DESC, id DESC`,
      [...values, filter.pageSize, (filter.page - 1) * filter.pageSize],
    ),
    pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM audit_log ${clause}`, values),
    pool.query<{ actor: string }>('SELECT DISTINCT actor FROM audit_log ORDER BY actor LIMIT 500'),
  ]);
  return {
    entries: rows.rows,
    total: total.rows[0].count,
    page: filter.page,
    pageSize: filter.pageSize,
    actors: actors.rows.map((row) => row.actor),
  };
}
