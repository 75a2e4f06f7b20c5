import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import { type AudienceCondition, leafConditions } from './audienceDefinition';

/** A target's hold-out block, in either shape the run stores it (flat, or under `holdout`). */
export function holdoutOf(
  quality: Record<string, unknown>,
): { metric: string; value: number; baseline: number } | null {
  const block = (quality.holdout ?? quality) as Record<string, unknown>;
  const { metric, value, baseline } = block;
  if (typeof metric !== 'string' || typeof value !== 'number' || typeof baseline !== 'number') return null;
  return { metric, value, baseline };
}

export function targetVerdict(row: { status: string; quality: Record<string, unknown> }): {
  predictive: boolean;
  reason?: string;
} {
  if (row.status !== 'trained') return { predictive: false, reason: 'not trained' };
  const holdout = holdoutOf(row.quality);
  if (!holdout) return { predictive: false, reason: 'no hold-out quality stored' };
  return predictiveVerdict(holdout as Parameters<typeof predictiveVerdict>[0]);
}

/**
 * Refuses (422) a definition that names what the run does not have: a segment it lacks, a score
 * whose model does not beat its baseline (its numbers are not insight, so no audience rests on
 * them), a target it never trained.
 */
export async function checkAudienceDefinition(root: AudienceCondition, runId: number): Promise<void> {
  const leaves = leafConditions(root);
  const pool = getPool();
  const segments = leaves.filter((leaf) => leaf.kind === 'segment');
  if (segments.length) {
    const { rows } = await pool.query<{ index: number }>('SELECT index FROM segments WHERE run_id = $1', [runId]);
    const known = new Set(rows.map((row) => row.index));
    for (const leaf of segments) {
      if (leaf.runId === runId && !known.has(leaf.segmentIndex)) {
        throw new ApiError('unprocessable', `Run ${runId} has no segment ${leaf.segmentIndex}`);
      }
    }
  }
  const targets = [...new Set(leaves.flatMap((leaf) => (leaf.kind === 'score' ? [leaf.target] : [])))];
  if (targets.length) {
    const { rows } = await pool.query<{ target: string; status: string; quality: Record<string, unknown> }>(
      'SELECT target, status, quality FROM prediction_targets WHERE run_id = $1 AND target = ANY($2::text[])',
      [runId, targets],
    );
    const byTarget = new Map(rows.map((row) => [row.target, row]));
    for (const target of targets) {
      const row = byTarget.get(target);
      if (!row) throw new ApiError('unprocessable', `The active run has no prediction target "${target}"`);
      const verdict = targetVerdict(row);
      if (!verdict.predictive) {
        throw new ApiError(
          'unprocessable',
          `"${target}" cannot select an audience: ${verdict.reason ?? 'its model does not beat its baseline'}`,
          { reason: 'not_predictive', target },
        );
      }
    }
  }
}
