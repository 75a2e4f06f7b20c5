import { getPool } from '@/lib/db/connection';
import { ApiError } from '@/lib/http/apiError';
import { predictiveVerdict } from '@/lib/ml/predict/predictiveVerdict';
import { type AudienceCondition, leafConditions } from './audienceDefinition';
import { numericValue } from './numericValue';

/** A target's hold-out block, in either shape the run stores it (flat, or under `holdout`). */
export function holdoutOf(
  quality: Record<string, unknown>,
): { metric: string; value: number; baseline: number; auc?: number } | null {
  const block = (quality.holdout ?? quality) as Record<string, unknown>;
  const { metric, value, baseline, auc } = block;
  if (typeof metric !== 'string' || typeof value !== 'number' || typeof baseline !== 'number') return null;
  return typeof auc === 'number' ? { metric, value, baseline, auc } : { metric, value, baseline };
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
 * them), a target it never trained, a user attribute the dataset lacks or a comparison its kind
 * does not have (a text attribute is equal to a value or not; only a number is at least one).
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
  const attributes = leaves.flatMap((leaf) => (leaf.kind === 'attribute' ? [leaf] : []));
  if (attributes.length) {
    const { rows } = await pool.query<{ name: string; kind: string | null }>(
      `SELECT n.name, (SELECT a.kind FROM user_attributes a WHERE a.dataset_id = r.dataset_id AND a.name = n.name LIMIT 1) AS kind
       FROM unnest($2::text[]) AS n(name), model_runs r WHERE r.id = $1`,
      [runId, [...new Set(attributes.map((leaf) => leaf.name))]],
    );
    const kindOf = new Map(rows.map((row) => [row.name, row.kind]));
    for (const leaf of attributes) {
      const kind = kindOf.get(leaf.name);
      if (!kind) throw new ApiError('unprocessable', `This dataset has no user attribute "${leaf.name}"`);
      if (leaf.op === 'eq') continue;
      if (kind !== 'number')
        throw new ApiError(
          'unprocessable',
          `"${leaf.name}" is ${kind === 'boolean' ? 'yes or no' : 'text'}: an audience can ask whether it equals a value, not whether it is at least or at most one`,
        );
      if (numericValue(leaf.value) === null)
        throw new ApiError(
          'unprocessable',
          `"${leaf.name}" is a number: compare it with a number, not "${leaf.value}"`,
        );
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
