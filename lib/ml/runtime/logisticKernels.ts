import {
  add,
  and,
  compileSimd,
  f64,
  f64Add,
  f64Load,
  f64Mul,
  f64Store,
  f64x2Add,
  f64x2Mul,
  f64x2Splat,
  geS,
  get,
  geU,
  i32,
  i32Const,
  increment,
  lane,
  mul,
  set,
  shl,
  v128,
  v128Load,
  v128Store,
  v128Zero,
  wasmModule,
  whileNot,
} from '@/lib/ml/runtime/wasmAssembly';

/**
 * The two row loops of the logistic regression objective in WebAssembly SIMD, two float64 lanes
 * at a time: every product and sum of the JavaScript loops they replace (dotRow with its four
 * accumulators, addScaledRow), in the same order, so the results are the same to the bit.
 *
 * Memory holds, from byte 0: x (rows × features), weights and feature gradient (outputs × width
 * each, width = features + 1, intercept first), then one value per row and output (the logits'
 * dot products, then the errors in their place).
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

// parameters of both functions: x, weights or errors, out or gradient, rows, features, outputs, width
const [X, W, OUT, ROWS, FEATURES, OUTPUTS, WIDTH] = [0, 1, 2, 3, 4, 5, 6];
const [R, K, XR, PW, PX, END4, END, O, ACC01, ACC23, S0] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
/** byte address of element (k·width + 1) of the weights or gradient at `base` */
const featureStart = (base: number) => [
  ...get(base),
  ...get(K),
  ...get(WIDTH),
  ...mul,
  ...i32Const(1),
  ...add,
  ...i32Const(3),
  ...shl,
  ...add,
];
const rowStart = [...get(X), ...get(R), ...get(FEATURES), ...mul, ...i32Const(3), ...shl, ...add, ...set(XR)];

/** out[r·outputs + k] = dotRow(weights, k·width + 1, x, r·features, features) */
const logitsBody = [
  ...get(OUT),
  ...set(O),
  ...whileNot(
    [...get(R), ...get(ROWS), ...geS],
    [
      ...rowStart,
      ...i32Const(0),
      ...set(K),
      ...whileNot(
        [...get(K), ...get(OUTPUTS), ...geS],
        [
          ...featureStart(W),
          ...set(PW),
          ...get(XR),
          ...set(PX),
          ...get(XR),
          ...get(FEATURES),
          ...i32Const(-4),
          ...and,
          ...i32Const(3),
          ...shl,
          ...add,
          ...set(END4),
          ...get(XR),
          ...get(FEATURES),
          ...i32Const(3),
          ...shl,
          ...add,
          ...set(END),
          ...v128Zero,
          ...set(ACC01),
          ...v128Zero,
          ...set(ACC23),
          ...whileNot(
            [...get(PX), ...get(END4), ...geU],
            [
              ...get(ACC01),
              ...get(PW),
              ...v128Load(),
              ...get(PX),
              ...v128Load(),
              ...f64x2Mul,
              ...f64x2Add,
              ...set(ACC01),
              ...get(ACC23),
              ...get(PW),
              ...v128Load(16),
              ...get(PX),
              ...v128Load(16),
              ...f64x2Mul,
              ...f64x2Add,
              ...set(ACC23),
              ...increment(PW, 32),
              ...increment(PX, 32),
            ],
          ),
          ...get(ACC01),
          ...lane(0),
          ...set(S0),
          ...whileNot(
            [...get(PX), ...get(END), ...geU],
            [
              ...get(S0),
              ...get(PW),
              ...f64Load,
              ...get(PX),
              ...f64Load,
              ...f64Mul,
              ...f64Add,
              ...set(S0),
              ...increment(PW, 8),
              ...increment(PX, 8),
            ],
          ),
          // (sum0 + sum1) + (sum2 + sum3)
          ...get(O),
          ...get(S0),
          ...get(ACC01),
          ...lane(1),
          ...f64Add,
          ...get(ACC23),
          ...lane(0),
          ...get(ACC23),
          ...lane(1),
          ...f64Add,
          ...f64Add,
          ...f64Store,
          ...increment(O, 8),
          ...increment(K, 1),
        ],
      ),
      ...increment(R, 1),
    ],
  ),
];

// gradient(x, errors, gradient, ...): locals reuse the slots above; PW walks the gradient, O the errors
const [F, FV] = [17, 15];
/** for each row in order, for each output: gradient[k·width + 1 + c] += error[r·outputs + k]·x[r·features + c] */
const gradientBody = [
  ...get(W),
  ...set(O),
  ...whileNot(
    [...get(R), ...get(ROWS), ...geS],
    [
      ...rowStart,
      ...i32Const(0),
      ...set(K),
      ...whileNot(
        [...get(K), ...get(OUTPUTS), ...geS],
        [
          ...get(O),
          ...f64Load,
          ...set(F),
          ...increment(O, 8),
          ...get(F),
          ...f64x2Splat,
          ...set(FV),
          ...featureStart(OUT),
          ...set(PW),
          ...get(XR),
          ...set(PX),
          ...get(XR),
          ...get(FEATURES),
          ...i32Const(-2),
          ...and,
          ...i32Const(3),
          ...shl,
          ...add,
          ...set(END4),
          ...get(XR),
          ...get(FEATURES),
          ...i32Const(3),
          ...shl,
          ...add,
          ...set(END),
          ...whileNot(
            [...get(PX), ...get(END4), ...geU],
            [
              ...get(PW),
              ...get(PW),
              ...v128Load(),
              ...get(FV),
              ...get(PX),
              ...v128Load(),
              ...f64x2Mul,
              ...f64x2Add,
              ...v128Store,
              ...increment(PW, 16),
              ...increment(PX, 16),
            ],
          ),
          ...whileNot(
            [...get(PX), ...get(END), ...geU],
            [
              ...get(PW),
              ...get(PW),
              ...f64Load,
              ...get(F),
              ...get(PX),
              ...f64Load,
              ...f64Mul,
              ...f64Add,
              ...f64Store,
              ...increment(PW, 8),
              ...increment(PX, 8),
            ],
          ),
          ...increment(K, 1),
        ],
      ),
      ...increment(R, 1),
    ],
  ),
];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const locals = [i32, i32, i32, i32, i32, i32, i32, i32, v128, v128, f64];
  return wasmModule(7, [
    { name: 'logits', locals, code: logitsBody },
    { name: 'gradient', locals, code: gradientBody },
  ]);
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
  compiled ??= compileSimd(moduleBytes());
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
