import { createRequire } from 'node:module';
import path from 'node:path';
import type { DenseMatrix } from '@/lib/ml/types';

export type BoostingTask = 'binary' | 'multiclass' | 'regression';

export interface GradientBoostingOptions {
  /** number of classes, for multiclass */
  classes?: number;
  /** boosting rounds (default 150) */
  rounds?: number;
  maxDepth?: number;
  learningRate?: number;
  /** row and column sampling per tree (default 0.8 each) */
  subsample?: number;
  columnSample?: number;
  minChildWeight?: number;
  /** XGBoost's split finder: exact, approx or hist (default hist, see below) */
  treeMethod?: 'exact' | 'approx' | 'hist';
  seed?: number;
}

export interface GradientBoostingModel {
  task: BoostingTask;
  classes: number;
  /**
   * binary: P(y = 1) per row; multiclass: rows × classes probabilities, row-major;
   * regression: the predicted value per row
   */
  predict(matrix: DenseMatrix): Float64Array;
  /** total split gain per feature, summing to 1 (all zeros when no tree split) */
  featureImportance(): Float64Array;
  /** the model lives in WebAssembly memory that the garbage collector never frees */
  free(): void;
  /** ml-xgboost's own form of the model (its bytes as numbers), which loadGradientBoosting reads back */
  toJSON(): object;
}

interface XGBoostBooster {
  train(rows: number[][], labels: ArrayLike<number>): void;
  predict(rows: number[][]): (number | number[])[];
  toJSON(): { model: number[] };
  free(): void;
}
type XGBoostConstructor = (new (
  options: Record<string, string | number>,
) => XGBoostBooster) & { load(model: object): XGBoostBooster };

let loading: Promise<XGBoostConstructor> | null = null;
/** what `loading` resolved to, to tell the instance that trapped from a fresh one */
let loaded: XGBoostConstructor | null = null;

/**
 * Runs `use` on the module instance; when it traps (its bounded heap exhausted: "memory access
 * out of bounds"), the instance is left half-way through a call and every later call on it traps
 * too, so it is dropped and the next loadXGBoost instantiates a fresh one. Measured: after the
 * attribute models' boosted trees ran out of heap at 20,000 users (caught, linear fallback), the
 * same process could no longer load the run's stored churn models for its own chunk jobs.
 */
function withTrapDiscard<T>(XGBoost: XGBoostConstructor, use: (XGBoost: XGBoostConstructor) => T): T {
  try {
    return use(XGBoost);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) discardXGBoost(XGBoost);
    throw error;
  }
}

function discardXGBoost(trapped: XGBoostConstructor): void {
  if (loaded !== trapped) return;
  loading = null;
  loaded = null;
  const require = createRequire(import.meta.url);
  const folder = `${path.sep}ml-xgboost${path.sep}`;
  for (const key of Object.keys(require.cache)) if (key.includes(folder)) delete require.cache[key];
}

/**
 * ml-xgboost (XGBoost 0.7 compiled to WebAssembly) resolves its CommonJS export to a promise of
 * the class. Its loader first tries WebAssembly.instantiateStreaming on a file path, which always
 * fails in Node and prints a misleading error before falling back, so streaming is hidden while
 * the module initialises.
 */
export function loadXGBoost(): Promise<XGBoostConstructor> {
  if (!loading) {
    loading = (async () => {
      const webAssembly = WebAssembly as unknown as Record<string, unknown>;
      const streaming = webAssembly.instantiateStreaming;
      webAssembly.instantiateStreaming = undefined;
      try {
        // createRequire, not import(): the export is a promise, and ESM interop turns its `then`
        // into a named export, making the module namespace itself a broken thenable
        const require = createRequire(import.meta.url);
        loaded = (await require('ml-xgboost')) as XGBoostConstructor;
        return loaded;
      } finally {
        webAssembly.instantiateStreaming = streaming;
      }
    })();
  }
  return loading;
}

/**
 * The WebAssembly build aborts the whole process on NaN input, so non-finite values become a
 * sentinel far below any real feature value: trees can still split "missing" off on its own.
 */
const missingSentinel = -1e30;

function toRows(matrix: DenseMatrix): number[][] {
  const rows: number[][] = new Array(matrix.rows);
  for (let r = 0; r < matrix.rows; r++) {
    const row = new Array<number>(matrix.cols);
    for (let c = 0; c < matrix.cols; c++) {
      const value = matrix.data[r * matrix.cols + c];
      row[c] = Number.isFinite(value) ? value : missingSentinel;
    }
    rows[r] = row;
  }
  return rows;
}

/**
 * Gradient-boosted trees through ml-xgboost: logistic loss for binary targets (labels 0/1),
 * softmax probabilities for multi-class (labels 0..K−1), squared error for regression.
 */
const predictRowsPerCall = 2000;

function sliceRows(matrix: DenseMatrix, from: number, to: number): DenseMatrix {
  return { rows: to - from, cols: matrix.cols, data: matrix.data.subarray(from * matrix.cols, to * matrix.cols) };
}

export async function fitGradientBoosting(
  matrix: DenseMatrix,
  labels: ArrayLike<number>,
  task: BoostingTask,
  options: GradientBoostingOptions = {},
): Promise<GradientBoostingModel> {
  if (matrix.rows === 0) throw new Error('no rows to train on');
  const XGBoost = await loadXGBoost();
  let classes = task === 'multiclass' ? (options.classes ?? 0) : task === 'binary' ? 2 : 1;
  if (task === 'multiclass') for (let r = 0; r < matrix.rows; r++) classes = Math.max(classes, labels[r] + 1);
  const parameters: Record<string, string | number> = {
    booster: 'gbtree',
    objective: task === 'binary' ? 'binary:logistic' : task === 'multiclass' ? 'multi:softprob' : 'reg:linear',
    max_depth: options.maxDepth ?? 4,
    eta: options.learningRate ?? 0.1,
    subsample: options.subsample ?? 0.8,
    colsample_bytree: options.columnSample ?? 0.8,
    min_child_weight: options.minChildWeight ?? 1,
    ...splitFinder(options.treeMethod ?? 'hist'),
    seed: options.seed ?? 0,
    silent: 1,
    iterations: options.rounds ?? 150,
  };
  if (task === 'multiclass') parameters.num_class = classes;
  const booster = withTrapDiscard(XGBoost, (Booster) => {
    const created = new Booster(parameters);
    created.train(
      toRows(matrix),
      Float32Array.from({ length: matrix.rows }, (_, r) => labels[r]),
    );
    return created;
  });
  return boostingModel(booster, task, classes, matrix.cols);
}

/** A model fitted by fitGradientBoosting and stored with its toJSON(), ready to predict again. */
export async function loadGradientBoosting(
  json: object,
  task: BoostingTask,
  classes: number,
  features: number,
): Promise<GradientBoostingModel> {
  try {
    return boostingModel(
      withTrapDiscard(await loadXGBoost(), (XGBoost) => XGBoost.load(json)),
      task,
      classes,
      features,
    );
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    // the instance an earlier fit broke is gone now: a stored model loads into a fresh one
    return boostingModel(
      withTrapDiscard(await loadXGBoost(), (XGBoost) => XGBoost.load(json)),
      task,
      classes,
      features,
    );
  }
}

function boostingModel(
  booster: XGBoostBooster,
  task: BoostingTask,
  classes: number,
  features: number,
): GradientBoostingModel {
  return {
    task,
    classes,
    toJSON: () => booster.toJSON(),
    predict(input) {
      const width = task === 'multiclass' ? classes : 1;
      const out = new Float64Array(input.rows * width);
      // The WebAssembly heap is bounded: scoring every user in one call ran out of it (10,000
      // users), so rows go through in slices.
      for (let from = 0; from < input.rows; from += predictRowsPerCall) {
        const slice = sliceRows(input, from, Math.min(input.rows, from + predictRowsPerCall));
        const predictions = booster.predict(toRows(slice));
        for (let r = 0; r < slice.rows; r++) {
          if (width === 1) out[from + r] = predictions[r] as number;
          else out.set(predictions[r] as number[], (from + r) * width);
        }
      }
      return out;
    },
    featureImportance() {
      const bytes = Uint8Array.from(booster.toJSON().model, (value) => value & 255);
      const gain = treeGainByFeature(bytes, features);
      let total = 0;
      for (const value of gain) total += value;
      if (total > 0) for (let f = 0; f < features; f++) gain[f] /= total;
      return gain;
    },
    free() {
      try {
        booster.free();
      } catch (error) {
        // a model of an instance that trapped: its memory went with the instance (withTrapDiscard)
        if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      }
    },
  };
}

/**
 * Sums each feature's split gain (loss_chg) over every tree of an XGBoost 0.7 binary model:
 * LearnerModelParam (136 bytes), objective and booster names, GBTreeModelParam (160 bytes), then
 * per tree a TreeParam (148 bytes), its nodes (20 bytes each) and node stats (16 bytes each).
 * ml-xgboost exposes no importance call, and this layout is fixed for that XGBoost version.
 */
export function treeGainByFeature(bytes: Uint8Array, features: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 136;
  for (let name = 0; name < 2; name++) {
    const length = Number(view.getBigUint64(offset, true));
    offset += 8 + length;
  }
  const trees = view.getInt32(offset, true);
  offset += 160;
  const gain = new Float64Array(features);
  for (let tree = 0; tree < trees; tree++) {
    const nodes = view.getInt32(offset + 4, true);
    const leafVectorSize = view.getInt32(offset + 20, true);
    offset += 148;
    const statsOffset = offset + nodes * 20;
    for (let node = 0; node < nodes; node++) {
      const nodeOffset = offset + node * 20;
      const leftChild = view.getInt32(nodeOffset + 4, true);
      if (leftChild === -1) continue;
      const feature = view.getUint32(nodeOffset + 12, true) & 0x7fffffff;
      if (feature < features) gain[feature] += view.getFloat32(statsOffset + node * 16, true);
    }
    offset = statsOffset + nodes * 16;
    if (leafVectorSize !== 0) offset += 8 + 4 * Number(view.getBigUint64(offset, true));
  }
  if (offset + 4 * trees !== bytes.length) throw new Error('unexpected XGBoost model layout');
  return gain;
}

/**
 * The histogram updater fits 1.5-2x faster than exact greedy here (10k × 60, 60 rounds) at the
 * same AUC. Naming the updater instead of setting tree_method=hist selects the same code without
 * XGBoost printing a notice to the console on every fit.
 */
function splitFinder(method: 'exact' | 'approx' | 'hist'): Record<string, string> {
  return method === 'hist' ? { updater: 'grow_fast_histmaker' } : { tree_method: method };
}
