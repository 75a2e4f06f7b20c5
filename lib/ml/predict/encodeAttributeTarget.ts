import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import type { AttributeColumn } from '@/lib/ml/types';

export interface EncodedAttributeTarget {
  status: 'ready';
  name: string;
  kind: TargetKind;
  /** users (indexes into EventTable.userIds) that have the attribute */
  rows: Int32Array;
  labels: Float64Array;
  /** class per label index (binary: [negative, positive]); absent for numeric */
  classNames?: string[];
}

export interface EncodeAttributeOptions {
  /** never inferred (PipelineSettings.sensitiveAttributes) */
  sensitiveAttributes?: string[];
  /** most frequent string values kept as classes; the rest become "other" (default 10) */
  maxClasses?: number;
  /** string values rarer than this join "other" (default 20) */
  minClassSize?: number;
}

/**
 * Turns a user attribute column into a prediction target over the users who have it: booleans
 * and two-valued strings become binary, other strings multiclass (rare values pooled as "other"),
 * numbers numeric.
 */
export function encodeAttributeTarget(
  column: AttributeColumn,
  options: EncodeAttributeOptions = {},
): EncodedAttributeTarget | { status: 'skipped'; reason: string } {
  const sensitive = new Set((options.sensitiveAttributes ?? []).map((name) => name.toLowerCase()));
  if (sensitive.has(column.name.toLowerCase())) {
    return { status: 'skipped', reason: `${column.name} is marked sensitive and is never inferred` };
  }
  const rows: number[] = [];
  column.values.forEach((value, user) => {
    if (value !== null && value !== '' && !(typeof value === 'number' && !Number.isFinite(value))) rows.push(user);
  });
  const base = { status: 'ready' as const, name: column.name, rows: Int32Array.from(rows) };
  if (column.kind === 'number') {
    return { ...base, kind: 'numeric', labels: Float64Array.from(rows, (user) => Number(column.values[user])) };
  }
  if (column.kind === 'boolean') {
    return {
      ...base,
      kind: 'binary',
      labels: Float64Array.from(rows, (user) =>
        column.values[user] === true || column.values[user] === 'true' ? 1 : 0,
      ),
      classNames: ['false', 'true'],
    };
  }
  const counts = new Map<string, number>();
  for (const user of rows) {
    const value = String(column.values[user]);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (ranked.length === 2) {
    const classNames = ranked.map((entry) => entry[0]).sort();
    return {
      ...base,
      kind: 'binary',
      labels: Float64Array.from(rows, (user) => (String(column.values[user]) === classNames[1] ? 1 : 0)),
      classNames,
    };
  }
  const minClassSize = options.minClassSize ?? 20;
  const kept = ranked
    .filter((entry) => entry[1] >= minClassSize)
    .slice(0, options.maxClasses ?? 10)
    .map((entry) => entry[0]);
  const classNames = kept.length < ranked.length ? [...kept, 'other'] : kept;
  const classOf = new Map(kept.map((name, index) => [name, index]));
  return {
    ...base,
    kind: 'multiclass',
    labels: Float64Array.from(rows, (user) => classOf.get(String(column.values[user])) ?? kept.length),
    classNames,
  };
}
