export interface LbfgsOptions {
  /** remembered curvature pairs (default 10) */
  memory?: number;
  maxIterations?: number;
  /** stop when the largest gradient component falls below this (default 1e-6) */
  gradientTolerance?: number;
  /**
   * also stop when f fell by less than this share of |f| (at least 1) per iteration over the last
   * `improvementWindow` iterations (default 0: only the gradient tolerance and maxIterations stop):
   * the slow tail that fits noise directions of an ill-conditioned loss is cut off
   */
  relativeImprovementTolerance?: number;
  /** iterations the relative improvement is averaged over (default 5) */
  improvementWindow?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such
 * as regularised logistic regression. `objective` returns f(x) and writes ∇f(x) into `gradient`.
 */
export function minimizeLbfgs(
  objective: (x: Float64Array, gradient: Float64Array) => number,
  start: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.gradientTolerance ?? 1e-6;
  const relativeTolerance = options.relativeImprovementTolerance ?? 0;
  const window = options.improvementWindow ?? 5;
  const n = start.length;
  const x = start.slice();
  const gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const history = [value];
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const curvatures: number[] = [];
  const direction = new Float64Array(n);
  const candidate = new Float64Array(n);
  const candidateGradient = new Float64Array(n);
  const alphas = new Float64Array(memory);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(gradient) < tolerance) return { x, value, iterations: iteration, converged: true };
    // two-loop recursion: direction = −H·∇f
    for (let i = 0; i < n; i++) direction[i] = -gradient[i];
    for (let m = steps.length - 1; m >= 0; m--) {
      alphas[m] = dot(steps[m], direction) / curvatures[m];
      axpy(-alphas[m], gradientChanges[m], direction);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      scale(direction, curvatures[last] / dot(gradientChanges[last], gradientChanges[last]));
    } else {
      scale(direction, 1 / Math.max(1, Math.sqrt(dot(gradient, gradient))));
    }
    for (let m = 0; m < steps.length; m++) {
      const beta = dot(gradientChanges[m], direction) / curvatures[m];
      axpy(alphas[m] - beta, steps[m], direction);
    }
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      // the memory went stale (e.g. round-off near the optimum): restart from steepest descent
      for (let i = 0; i < n; i++) direction[i] = -gradient[i];
      slope = dot(direction, gradient);
      steps.length = 0;
      gradientChanges.length = 0;
      curvatures.length = 0;
    }
    let stepSize = 1;
    let candidateValue = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 40; attempt++) {
      for (let i = 0; i < n; i++) candidate[i] = x[i] + stepSize * direction[i];
      candidateValue = objective(candidate, candidateGradient);
      if (candidateValue <= value + 1e-4 * stepSize * slope) break;
      stepSize /= 2;
    }
    if (!(candidateValue <= value)) return { x, value, iterations: iteration, converged: false };
    const step = new Float64Array(n);
    const change = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      step[i] = candidate[i] - x[i];
      change[i] = candidateGradient[i] - gradient[i];
    }
    const curvature = dot(step, change);
    const improvement = value - candidateValue;
    x.set(candidate);
    gradient.set(candidateGradient);
    value = candidateValue;
    if (curvature > 1e-12) {
      steps.push(step);
      gradientChanges.push(change);
      curvatures.push(curvature);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
        curvatures.shift();
      }
    }
    if (improvement <= 1e-12 * Math.max(1, Math.abs(value))) {
      return { x, value, iterations: iteration + 1, converged: true };
    }
    history.push(value);
    if (relativeTolerance > 0 && history.length > window) {
      const earlier = history[history.length - 1 - window];
      if (earlier - value <= relativeTolerance * window * Math.max(1, Math.abs(value))) {
        return { x, value, iterations: iteration + 1, converged: true };
      }
    }
  }
  return { x, value, iterations: maxIterations, converged: maxAbs(gradient) < tolerance };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(factor: number, source: Float64Array, target: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i] += factor * source[i];
}

function scale(target: Float64Array, factor: number): void {
  for (let i = 0; i < target.length; i++) target[i] *= factor;
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  return largest;
}
