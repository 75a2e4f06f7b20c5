import type { PoolClient } from 'pg';
import { getPool } from '@/lib/db/connection';
import { inTransaction } from '@/lib/db/inTransaction';
import { type AudienceContext, loadAudienceContext } from './audienceContext';
import { audienceQuery } from './audienceQuery';
import { type Audience, requireAudience } from './audienceRow';
import { findLookalikes } from './findLookalikes';
import { holdoutExpression } from './holdoutExpression';
import { matchSegmentsToRun } from './matchSegments';

/** Why membership was recomputed, as the change log and size history say it. */
export type RecomputeReason = 'created' | 'edit' | 'retrain' | 'events' | 'holdout';

export interface RecomputeResult {
  audienceId: number;
  runId: number;
  size: number;
  holdout: number;
  entered: number;
  left: number;
}

/**
 * Brings an audience's stored members up to date with the active run and the events, and logs
 * who entered and who left. With `restrictTo`, only those users are re-evaluated (their events
 * just arrived); lookalike audiences change only with a retrain or an edit. Recomputes of one
 * audience run one after the other (the row is locked), so two never log the same change.
 */
export async function recomputeAudience(
  audienceId: number,
  reason: RecomputeReason,
  options: { restrictTo?: string[]; context?: AudienceContext } = {},
): Promise<RecomputeResult> {
  let audience = await requireAudience(audienceId);
  const context = options.context ?? (await loadAudienceContext(audience.datasetId));
  const { root, notes } = await matchSegmentsToRun(audience.definition.root, context.runId);
  if (notes.length) {
    audience = { ...audience, definition: { ...audience.definition, root }, notes };
    await getPool().query('UPDATE audiences SET definition = $2, notes = $3 WHERE id = $1', [
      audienceId,
      JSON.stringify(audience.definition),
      JSON.stringify(notes),
    ]);
  }
  const partial = options.restrictTo !== undefined;
  if (partial && audience.kind === 'lookalike') {
    return { audienceId, runId: context.runId, size: audience.size, holdout: 0, entered: 0, left: 0 };
  }
  if (partial) {
    // Most events change no one's membership: compare first, and write only when it changed.
    const members = audienceQuery(root, context, { restrictTo: options.restrictTo });
    const [now, stored] = await Promise.all([
      getPool().query<{ user_id: string }>(members.text, members.values),
      getPool().query<{ user_id: string }>(
        'SELECT user_id FROM audience_members WHERE audience_id = $1 AND user_id = ANY($2::text[])',
        [audienceId, options.restrictTo],
      ),
    ]);
    const before = new Set(stored.rows.map((row) => row.user_id));
    if (now.rows.length === before.size && now.rows.every((row) => before.has(row.user_id))) {
      return { audienceId, runId: context.runId, size: audience.size, holdout: 0, entered: 0, left: 0 };
    }
  }
  const lookalikes =
    audience.kind === 'lookalike'
      ? await findLookalikes(context, audience.definition.root, audience.definition.lookalike?.size ?? 0)
      : null;

  return inTransaction(async (client) => {
    await client.query('SELECT 1 FROM audiences WHERE id = $1 FOR UPDATE', [audienceId]);
    await client.query('CREATE TEMP TABLE audience_now (user_id text PRIMARY KEY) ON COMMIT DROP');
    if (lookalikes) {
      await client.query('INSERT INTO audience_now SELECT unnest($1::text[])', [lookalikes.userIds]);
    } else {
      const members = audienceQuery(root, context, { restrictTo: options.restrictTo });
      await client.query(`INSERT INTO audience_now ${members.text}`, members.values);
    }
    return applyMembership(client, audience, context, reason, options.restrictTo);
  });
}

async function applyMembership(
  client: PoolClient,
  audience: Audience,
  context: AudienceContext,
  reason: RecomputeReason,
  restrictTo: string[] | undefined,
): Promise<RecomputeResult> {
  const scope = restrictTo ? ' AND m.user_id = ANY($3::text[])' : '';
  const scopeValues = restrictTo ? [restrictTo] : [];
  const left = await client.query(
    `WITH gone AS (
       DELETE FROM audience_members m WHERE m.audience_id = $1${scope}
         AND NOT EXISTS (SELECT 1 FROM audience_now n WHERE n.user_id = m.user_id)
       RETURNING m.user_id)
     INSERT INTO audience_changes (audience_id, user_id, change, reason) SELECT $1, user_id, 'left', $2 FROM gone`,
    [audience.id, reason, ...scopeValues],
  );
  const entered = await client.query(
    `WITH came AS (
       INSERT INTO audience_members (audience_id, user_id, holdout)
       SELECT $1, n.user_id, ${holdoutExpression('n.user_id', '$3', '$4')} FROM audience_now n
       ON CONFLICT (audience_id, user_id) DO NOTHING RETURNING user_id)
     INSERT INTO audience_changes (audience_id, user_id, change, reason) SELECT $1, user_id, 'entered', $2 FROM came`,
    [audience.id, reason, audience.holdoutSeed, audience.holdoutShare],
  );
  if (!restrictTo) {
    // the share or seed may have changed: the control group is the hash's, whatever it was before
    await client.query(
      `UPDATE audience_members SET holdout = ${holdoutExpression('user_id', '$2', '$3')}
       WHERE audience_id = $1 AND holdout <> ${holdoutExpression('user_id', '$2', '$3')}`,
      [audience.id, audience.holdoutSeed, audience.holdoutShare],
    );
  }
  const { rows } = await client.query<{ size: number; holdout: number }>(
    'SELECT count(*)::int AS size, count(*) FILTER (WHERE holdout)::int AS holdout FROM audience_members WHERE audience_id = $1',
    [audience.id],
  );
  const result = {
    audienceId: audience.id,
    runId: context.runId,
    size: rows[0].size,
    holdout: rows[0].holdout,
    entered: entered.rowCount ?? 0,
    left: left.rowCount ?? 0,
  };
  await client.query('UPDATE audiences SET size = $2, run_id = $3, computed_at = now() WHERE id = $1', [
    audience.id,
    result.size,
    context.runId,
  ]);
  if (!restrictTo || result.entered || result.left) {
    await client.query(
      `INSERT INTO audience_sizes (audience_id, size, holdout, entered, "left", reason, run_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [audience.id, result.size, result.holdout, result.entered, result.left, reason, context.runId],
    );
  }
  return result;
}
