import type { FeatureColumn } from '@/lib/ml/features/featureColumn';

/** Per column, how raw values become standardised ones. */
export interface ColumnStandardisation {
  /** per column: the value a missing one takes (the population median), before the transform */
  fill: number[];
  mean: number[];
  /** 1 / standard deviation; 0 for a column that did not vary */
  scale: number[];
}

/**
 * The users x columns matrices of raw values and of standardised ones: missing values take the
 * fill, log1p columns are transformed, and every column is centred and scaled, by statistics fitted
 * on these users or by the given ones.
 */
export function standardiseFeatureColumns(
  columns: FeatureColumn[],
  users: number,
  fitted?: ColumnStandardisation,
): { raw: Float32Array; matrix: Float32Array; standardisation: ColumnStandardisation } {
  const width = columns.length;
  const fill: number[] = [];
  const mean: number[] = [];
  const scale: number[] = [];
  const standardised = columns.map(({ description, values, spreadFrom }, column) => {
    fill.push(fitted ? fitted.fill[column] : hasNaN(values) ? median(values) : 0);
    const transformed = new Float64Array(users);
    const logScaled = description.transform === 'log1p';
    for (let u = 0; u < users; u++) {
      const value = Number.isNaN(values[u]) ? fill[column] : values[u];
      transformed[u] = logScaled ? Math.log1p(Math.max(0, value)) : value;
    }
    const statistics = fitted
      ? { mean: fitted.mean[column], scale: fitted.scale[column] }
      : { mean: meanAndScale(transformed).mean, scale: meanAndScale(spreadFrom ?? transformed).scale };
    mean.push(statistics.mean);
    scale.push(statistics.scale);
    for (let u = 0; u < users; u++) transformed[u] = (transformed[u] - statistics.mean) * statistics.scale;
    return transformed;
  });
  // Columns are built contiguous; one row-major pass then writes both matrices sequentially.
  const raw = new Float32Array(users * width);
  const matrix = new Float32Array(users * width);
  for (let u = 0; u < users; u++) {
    const offset = u * width;
    for (let column = 0; column < width; column++) {
      raw[offset + column] = columns[column].values[u];
      matrix[offset + column] = standardised[column][u];
    }
  }
  return { raw, matrix, standardisation: { fill, mean, scale } };
}

function meanAndScale(values: Float64Array): { mean: number; scale: number } {
  const n = values.length;
  let mean = 0;
  for (let u = 0; u < n; u++) mean += values[u];
  mean /= n;
  let variance = 0;
  for (let u = 0; u < n; u++) variance += (values[u] - mean) ** 2;
  const sd = Math.sqrt(variance / n);
  // A column that does not vary carries no information; zero keeps it out of every distance.
  return { mean, scale: sd > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / sd : 0 };
}

function hasNaN(values: Float64Array): boolean {
  for (let u = 0; u < values.length; u++) if (Number.isNaN(values[u])) return true;
  return false;
}

/** Median of the non-NaN values; 0 when there are none. */
function median(values: Float64Array): number {
  let count = 0;
  for (let u = 0; u < values.length; u++) if (!Number.isNaN(values[u])) count++;
  const present = new Float64Array(count);
  count = 0;
  for (let u = 0; u < values.length; u++) if (!Number.isNaN(values[u])) present[count++] = values[u];
  present.sort();
  if (present.length === 0) return 0;
  const middle = present.length >> 1;
  return present.length % 2 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
}
