import type { AudienceContext } from './audienceContext';
import type { AudienceCondition } from './audienceDefinition';
import { compileAudience } from './compileAudience';

/**
 * A statement selecting the members of `root` (user_id, and whatever else `columns` names of the
 * profile `p`) from the context's run. `restrictTo` limits it to some users, for events that
 * arrived for them.
 */
export function audienceQuery(
  root: AudienceCondition,
  context: AudienceContext,
  options: { columns?: string; restrictTo?: string[] } = {},
): { text: string; values: unknown[] } {
  const compiled = compileAudience(root);
  const values: unknown[] = [context.datasetId, context.runId, context.asOf, ...compiled.values];
  let restriction = '';
  if (options.restrictTo) {
    values.push(options.restrictTo);
    restriction = ` AND p.user_id = ANY($${values.length}::text[])`;
  }
  // $1 and $3 appear in the text whatever the conditions use, so their types are always known.
  const text = `SELECT p.user_id${options.columns ? `, ${options.columns}` : ''} FROM user_profiles p
    WHERE p.run_id = $2::int AND $1::int IS NOT NULL AND $3::timestamptz IS NOT NULL${restriction} AND ${compiled.where}`;
  return { text, values };
}
