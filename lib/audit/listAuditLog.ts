import { getPool } from '@/lib/db/connection';

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  /** an action (`user.erase`) or its family (`export`, matching `export.*`) */
  action?: string;
  actor?: string;
  target?: string;
}

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
  const [rows, total] = await Promise.all([
    pool.query<AuditEntry>(
      `SELECT id, at, actor, action, target, detail FROM audit_log ${clause}
       ORDER BY at DESC, id DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, filter.pageSize, (filter.page - 1) * filter.pageSize],
    ),
    pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM audit_log ${clause}`, values),
  ]);
  return { entries: rows.rows, total: total.rows[0].count, page: filter.page, pageSize: filter.pageSize };
}
