import type { AudienceCondition, ProfileCondition } from './audienceDefinition';
import { numericValue } from './numericValue';

/**
 * The SQL of an audience: a boolean expression over `p`, a row of user_profiles of the run, with
 * every value a bind parameter. Identifiers come only from this file; user input never becomes
 * SQL text. The caller's statement binds $1 = dataset id, $2 = run id, $3 = the as-of time (the
 * dataset's newest event); the condition values follow from $4.
 */
export interface CompiledAudience {
  where: string;
  values: unknown[];
}

export const fixedParameterCount = 3;

/** The stored feature names a profile field reads, first found wins (the pipeline's, then older ones). */
export const profileFieldKeys: Record<Exclude<ProfileCondition['field'], 'categoryAffinity' | 'feature'>, string[]> = {
  recency: ['recency_days', 'days_since_last'],
  frequency: ['purchase_count', 'orders'],
  spend: ['monetary_total', 'spend_total'],
  tenure: ['active_span_days', 'tenure_days'],
};

export function profileKeys(condition: Pick<ProfileCondition, 'field' | 'name'>): string[] {
  if (condition.field === 'categoryAffinity') return [`category_share_${condition.name ?? ''}`];
  if (condition.field === 'feature') return [condition.name ?? ''];
  return profileFieldKeys[condition.field];
}

const operators = { gte: '>=', lte: '<=', eq: '=' } as const;

export function compileAudience(root: AudienceCondition, firstParameter = fixedParameterCount + 1): CompiledAudience {
  const values: unknown[] = [];
  const bind = (value: unknown, cast: string) => {
    values.push(value);
    return `$${firstParameter + values.length - 1}::${cast}`;
  };

  const numericFeature = (key: string) => {
    const k = bind(key, 'text');
    return `CASE WHEN jsonb_typeof(p.features -> ${k}) = 'number' THEN (p.features ->> ${k})::float8 END`;
  };

  const leaf = (node: AudienceCondition): string => {
    switch (node.kind) {
      case 'segment':
        return `p.segment_index = ${bind(node.segmentIndex, 'int')}`;
      case 'score': {
        const predicted =
          node.predicted === undefined ? '' : ` AND s.detail ->> 'predicted' = ${bind(node.predicted, 'text')}`;
        // IN (subquery) rather than EXISTS: under OR and NOT, PostgreSQL hashes the subquery once
        // instead of probing it for every profile.
        return `p.user_id IN (SELECT s.user_id FROM scores s WHERE s.run_id = $2 AND s.target = ${bind(node.target, 'text')}
          AND s.value ${operators[node.op]} ${bind(node.value, 'float8')}${predicted})`;
      }
      case 'profile': {
        const keys = profileKeys(node).map(numericFeature);
        const value = keys.length === 1 ? keys[0] : `coalesce(${keys.join(', ')})`;
        return `${value} ${operators[node.op]} ${bind(node.value, 'float8')}`;
      }
      case 'attribute': {
        const name = bind(node.name, 'text');
        const number = numericValue(node.value);
        // At least / at most a text is refused on save (checkAudienceDefinition); audiences saved
        // before that check asked for equality with it, and go on doing so when recomputed.
        const test =
          number === null
            ? `a.value_text = ${bind(node.value, 'text')}`
            : node.op !== 'eq'
              ? `a.value_num ${operators[node.op]} ${bind(number, 'float8')}`
              : `(a.value_num = ${bind(number, 'float8')} OR a.value_text = ${bind(String(node.value), 'text')})`;
        return `p.user_id IN (SELECT a.user_id FROM user_attributes a WHERE a.dataset_id = $1 AND a.name = ${name} AND ${test})`;
      }
      case 'behaviour': {
        const filters = [
          'e.dataset_id = $1',
          `e.type_key = event_type_key(${bind(node.eventType, 'text')})`,
          `e.ts > $3::timestamptz - make_interval(days => ${bind(node.withinDays, 'int')})`,
          'e.ts <= $3::timestamptz',
        ];
        if (node.minValue !== undefined) filters.push(`e.value > ${bind(node.minValue, 'float8')}`);
        const category =
          node.category === undefined
            ? ''
            : ` JOIN items i ON i.dataset_id = e.dataset_id AND i.item_id = e.item_id AND ${bind(node.category, 'text')} = ANY(i.categories)`;
        const having = node.atLeast > 1 ? ` GROUP BY e.user_id HAVING count(*) >= ${bind(node.atLeast, 'int')}` : '';
        const did = `p.user_id IN (SELECT e.user_id FROM events e${category} WHERE ${filters.join(' AND ')}${having})`;
        return node.did ? did : `NOT (${did})`;
      }
      default:
        throw new Error(`Not a leaf condition: ${(node as { kind: string }).kind}`);
    }
  };

  const walk = (node: AudienceCondition): string => {
    if (node.kind === 'and' || node.kind === 'or') {
      return `(${node.conditions.map(walk).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    if (node.kind === 'not') return `(NOT ${walk(node.condition)})`;
    // A user without a profile value is outside the condition, and so inside its NOT: never
    // unknown. The other leaves are never null.
    return node.kind === 'profile' ? `coalesce(${leaf(node)}, false)` : leaf(node);
  };

  return { where: walk(root), values };
}
