import {
  add,
  and,
  compileSimd,
  f32Add,
  f32Load,
  f32Store,
  f32x4Add,
  f32Zero,
  geS,
  get,
  geU,
  i32,
  i32Const,
  i32Load,
  increment,
  set,
  shl,
  v128Load,
  v128Store,
  v128Zero,
  wasmModule,
  whileNot,
} from '@/lib/ml/runtime/wasmAssembly';

/**
 * EASE scoring in WebAssembly SIMD, four float32 lanes at a time: a user's scores are the sum of
 * the weight rows of the user's items, added one row at a time in the user's item order, every
 * add rounded to float32. That is the value of the JavaScript loop's float64 add stored into a
 * Float32Array (float64 carries more than twice float32's precision, so rounding twice lands
 * on the same float32), so the scores are the same to the bit.
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

// sumRows(local, rows, count, n)
const [LOCAL, ROWS, COUNT, N] = [0, 1, 2, 3];
const [Q, P, S, END4, END] = [4, 5, 6, 7, 8];
const sumRowsBody = [
  ...get(LOCAL),
  ...get(N),
  ...i32Const(-4),
  ...and,
  ...i32Const(2),
  ...shl,
  ...add,
  ...set(END4),
  ...get(LOCAL),
  ...get(N),
  ...i32Const(2),
  ...shl,
  ...add,
  ...set(END),
  ...get(LOCAL),
  ...set(P),
  ...whileNot([...get(P), ...get(END4), ...geU], [...get(P), ...v128Zero, ...v128Store, ...increment(P, 16)]),
  ...whileNot([...get(P), ...get(END), ...geU], [...get(P), ...f32Zero, ...f32Store, ...increment(P, 4)]),
  ...whileNot(
    [...get(Q), ...get(COUNT), ...geS],
    [
      ...get(ROWS),
      ...get(Q),
      ...i32Const(2),
      ...shl,
      ...add,
      ...i32Load,
      ...set(S),
      ...get(LOCAL),
      ...set(P),
      ...whileNot(
        [...get(P), ...get(END4), ...geU],
        [
          ...get(P),
          ...get(P),
          ...v128Load(),
          ...get(S),
          ...v128Load(),
          ...f32x4Add,
          ...v128Store,
          ...increment(P, 16),
          ...increment(S, 16),
        ],
      ),
      ...whileNot(
        [...get(P), ...get(END), ...geU],
        [
          ...get(P),
          ...get(P),
          ...f32Load,
          ...get(S),
          ...f32Load,
          ...f32Add,
          ...f32Store,
          ...increment(P, 4),
          ...increment(S, 4),
        ],
      ),
      ...increment(Q, 1),
    ],
  ),
];

let compiled: WebAssembly.Module | null | undefined;

/**
 * Kernels for a model of `items` items whose users have at most `maxRows` items each; null where
 * WebAssembly SIMD is not available (the caller keeps its JavaScript loop).
 */
export function createEaseKernels(items: number, maxRows: number): EaseKernels | null {
  compiled ??= compileSimd(wasmModule(4, [{ name: 'sumRows', locals: [i32, i32, i32, i32, i32], code: sumRowsBody }]));
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
