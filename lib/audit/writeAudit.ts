import type { Caller } from '@/lib/auth/caller';
import { callerName } from '@/lib/auth/caller';
import { getPool } from '@/lib/db/connection';

/** Exports, retrains, erasures, imports and account changes are written here for admins to read. */
export async function writeAudit(actor: Caller | string | null, action: string, target?: string, detail: object = {}) {
  const name = actor === null ? 'system' : typeof actor === 'string' ? actor : callerName(actor);
  await getPool().query('INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4)', [
    name,
    action,
    target ?? null,
    JSON.stringify(detail),
  ]);
}
