import { compileSimd } from '@/lib/ml/runtime/compileSimd';
import { logisticKernelsWasm } from '@/lib/ml/runtime/kernels/logisticKernels.wasm';

/**
 * The two row loops of the logistic regression objective in WebAssembly SIMD, two float64 lanes
 * at a time: every product and sum of the JavaScript loops they replace (dotRow with its four
 * accumulators, addScaledRow), in the same order, so the results are the same to the bit.
 *
 * Memory holds, from byte 0: x (rows × features), weights and feature gradient (outputs × width
 * each, width = features + 1, intercept first), then one value per row and output (the logits'
 * dot products, then the errors in their place).
 *
 * The WebAssembly is kernels/logisticKernels.wat.
 */
export interface LogisticKernels {
  /** the weights the next logits() reads */
  weights: Float64Array;
  /** dots() writes each row's dot products here (rows × outputs); the caller then writes the errors */
  perRow: Float64Array;
  /** accumulateGradient() sums error·x here, row by row (outputs × width; the intercept slots stay 0) */
  gradient: Float64Array;
  dots(): void;
  accumulateGradient(): void;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Kernels for one fit, with `x` (standardised rows, row-major) copied in; null where WebAssembly
 * SIMD is not available (the caller keeps its JavaScript loops).
 */
export function createLogisticKernels(
  x: Float64Array,
  rows: number,
  features: number,
  outputs: number,
): LogisticKernels | null {
  compiled ??= compileSimd(logisticKernelsWasm);
  const module = compiled;
  if (!module) return null;
  const width = features + 1;
  const xBytes = rows * features * 8;
  const weightsAt = xBytes;
  const gradientAt = weightsAt + outputs * width * 8;
  const perRowAt = gradientAt + outputs * width * 8;
  const bytes = perRowAt + rows * outputs * 8;
  if (bytes > 2 ** 31) return null;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as {
    logits: (...args: number[]) => void;
    gradient: (...args: number[]) => void;
  };
  new Float64Array(memory.buffer, 0, rows * features).set(x.subarray(0, rows * features));
  const gradient = new Float64Array(memory.buffer, gradientAt, outputs * width);
  return {
    weights: new Float64Array(memory.buffer, weightsAt, outputs * width),
    perRow: new Float64Array(memory.buffer, perRowAt, rows * outputs),
    gradient,
    dots: () => exports.logits(0, weightsAt, perRowAt, rows, features, outputs, width),
    accumulateGradient: () => {
      gradient.fill(0);
      exports.gradient(0, perRowAt, gradientAt, rows, features, outputs, width);
    },
  };
}
