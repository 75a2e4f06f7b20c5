import { compileSimd } from '@/lib/ml/runtime/compileSimd';
import { easeKernelsWasm } from '@/lib/ml/runtime/kernels/easeKernels.wasm';

/**
 * EASE scoring in WebAssembly SIMD, four float32 lanes at a time: a user's scores are the sum of
 * the weight rows of the user's items, added one row at a time in the user's item order, every
 * add rounded to float32. That is the value of the JavaScript loop's float64 add stored into a
 * Float32Array (float64 carries more than twice float32's precision, so rounding twice lands
 * on the same float32), so the scores are the same to the bit.
 *
 * The WebAssembly is kernels/easeKernels.wat.
 */
export interface EaseKernels {
  /** items × items weights, row-major, in the kernels' memory */
  weights: Float32Array;
  /** byte offsets (row × items × 4) of the weight rows sumRows adds */
  rows: Int32Array;
  /** sumRows's result, one score per item */
  local: Float32Array;
  /** local = the sum of the first `count` rows named in `rows`, in that order */
  sumRows(count: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Kernels for a model of `items` items whose users have at most `maxRows` items each; null where
 * WebAssembly SIMD is not available (the caller keeps its JavaScript loop).
 */
export function createEaseKernels(items: number, maxRows: number): EaseKernels | null {
  compiled ??= compileSimd(easeKernelsWasm);
  if (!compiled) return null;
  const weightsAt = 0;
  const localAt = items * items * 4;
  const rowsAt = localAt + items * 4;
  const bytes = rowsAt + Math.max(1, maxRows) * 4;
  if (bytes > 2 ** 31) return null;
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  const sumRows = instance.exports.sumRows as (...args: number[]) => void;
  return {
    weights: new Float32Array(memory.buffer, weightsAt, items * items),
    rows: new Int32Array(memory.buffer, rowsAt, Math.max(1, maxRows)),
    local: new Float32Array(memory.buffer, localAt, items),
    sumRows: (count) => sumRows(localAt, rowsAt, count, items),
  };
}
