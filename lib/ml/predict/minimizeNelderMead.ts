export interface NelderMeadOptions {
  maxIterations?: number;
  /** stop when the simplex's values differ by less than this (default 1e-9) */
  tolerance?: number;
  /** size of the first simplex's steps from the start (default 0.5) */
  step?: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Derivative-free minimisation by the Nelder–Mead simplex (reflection 1, expansion 2,
 * contraction ½, shrink ½), for small smooth problems such as the few parameters of a
 * customer-value model's likelihood. Non-finite values count as +∞, so the simplex backs away
 * from them.
 */
export function minimizeNelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 2000;
  const tolerance = options.tolerance ?? 1e-9;
  const step = options.step ?? 0.5;
  const value = (x: Float64Array) => {
    const f = objective(x);
    return Number.isFinite(f) ? f : Number.POSITIVE_INFINITY;
  };
  const points: Float64Array[] = [Float64Array.from(start)];
  for (let i = 0; i < n; i++) {
    const point = Float64Array.from(start);
    point[i] += step;
    points.push(point);
  }
  const values = points.map(value);
  const centroid = new Float64Array(n);
  const along = (from: Float64Array, to: Float64Array, factor: number) =>
    Float64Array.from(from, (f, i) => f + factor * (to[i] - f));
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sortedPoints = order.map((i) => points[i]);
    const sortedValues = order.map((i) => values[i]);
    points.splice(0, points.length, ...sortedPoints);
    values.splice(0, values.length, ...sortedValues);
    if (Math.abs(values[n] - values[0]) <= tolerance * (1 + Math.abs(values[0]))) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let p = 0; p < n; p++) for (let i = 0; i < n; i++) centroid[i] += points[p][i] / n;
    const worst = points[n];
    const reflected = along(centroid, worst, -1);
    const reflectedValue = value(reflected);
    if (reflectedValue < values[0]) {
      const expanded = along(centroid, worst, -2);
      const expandedValue = value(expanded);
      if (expandedValue < reflectedValue) {
        points[n] = expanded;
        values[n] = expandedValue;
      } else {
        points[n] = reflected;
        values[n] = reflectedValue;
      }
      continue;
    }
    if (reflectedValue < values[n - 1]) {
      points[n] = reflected;
      values[n] = reflectedValue;
      continue;
    }
    const contracted = reflectedValue < values[n] ? along(centroid, reflected, 0.5) : along(centroid, worst, 0.5);
    const contractedValue = value(contracted);
    if (contractedValue < Math.min(reflectedValue, values[n])) {
      points[n] = contracted;
      values[n] = contractedValue;
      continue;
    }
    for (let p = 1; p <= n; p++) {
      points[p] = along(points[0], points[p], 0.5);
      values[p] = value(points[p]);
    }
  }
  let best = 0;
  for (let p = 1; p < values.length; p++) if (values[p] < values[best]) best = p;
  return { x: points[best], value: values[best], iterations, converged };
}
