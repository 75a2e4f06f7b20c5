import { getPool } from '@/lib/db/connection';

/**
 * Statistics for the running-state tables after a retrain bulk-wrote them, before the first
 * update reads them: planned on tables never analyzed, updating the 100,000-user demo's first
 * batches took 1.3 s per 600 users instead of 65 ms per 100, and fell further behind until
 * autovacuum came by (on a server without it, never).
 */
export async function analyzeUserStateTables(): Promise<void> {
  await getPool().query('ANALYZE user_event_state');
  await getPool().query('ANALYZE user_item_state');
}
