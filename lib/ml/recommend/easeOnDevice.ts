import type { ComputeDevice } from '@/lib/ml/runtime/device/computeDevice';
import { easeInverseGraph, easeIterations } from '@/lib/ml/runtime/onnx/easeInverseGraph';
import { createOnnxSession, float32Tensor } from '@/lib/ml/runtime/onnx/onnxSession';
import { type EaseOptions, easeFromInverse, easeItems, fitEase, itemGramMatrix } from './easeRecommender';
import type { FittedRecommender } from './recommender';
import type { UserItemInteractions } from './userItemInteractions';

export interface EaseOnDeviceOptions extends EaseOptions {
  device: ComputeDevice;
  /** the dense users x items matrix goes to the graph, which forms XᵀX itself, up to this size (default 1 GiB) */
  maxDenseBytes?: number;
}

export interface EaseOnDeviceResult {
  model: FittedRecommender;
  /** max |I − A P| of the float32 inverse */
  residual: number;
  /** where XᵀX was formed: in the graph (from the dense matrix) or sparse on the CPU */
  gram: 'graph' | 'cpu';
  iterations: number;
}

/** Above this residual the float32 inverse is not trusted and easeFor refits on the CPU. */
export const easeResidualTolerance = 1e-3;

/**
 * EASE with XᵀX and its inverse computed by an ONNX graph on `device` (easeInverseGraph), in
 * float32; the item-item weights and scoring are the CPU path's (easeFromInverse).
 */
export async function fitEaseOnDevice(
  train: UserItemInteractions,
  options: EaseOnDeviceOptions,
): Promise<EaseOnDeviceResult> {
  const lambda = options.lambda ?? 100;
  const modelled = easeItems(train, options.maxItems);
  const n = modelled.length;
  const localOf = new Int32Array(train.items).fill(-1);
  modelled.forEach((item, local) => {
    localOf[item] = local;
  });
  // Row sums of XᵀX without forming it: item i gains the size of each of its users' baskets.
  const rowSums = new Float64Array(n);
  for (let u = 0; u < train.users; u++) {
    let basket = 0;
    for (let p = train.userStart[u]; p < train.userStart[u + 1]; p++) if (localOf[train.itemIndex[p]] >= 0) basket++;
    for (let p = train.userStart[u]; p < train.userStart[u + 1]; p++) {
      const local = localOf[train.itemIndex[p]];
      if (local >= 0) rowSums[local] += basket;
    }
  }
  let maxRowSum = lambda;
  for (let i = 0; i < n; i++) maxRowSum = Math.max(maxRowSum, rowSums[i] + lambda);
  const iterations = easeIterations(maxRowSum, lambda);
  const dense = !options.gram && train.users * n * 4 <= (options.maxDenseBytes ?? 2 ** 30);
  const session = await createOnnxSession(easeInverseGraph(iterations, dense), options.device);
  try {
    const feeds: Record<string, ReturnType<typeof float32Tensor>> = {
      lambda: float32Tensor(Float32Array.of(lambda), []),
      alpha: float32Tensor(Float32Array.of(1 / maxRowSum), []),
    };
    if (dense) {
      const x = new Float32Array(train.users * n);
      for (let u = 0; u < train.users; u++)
        for (let p = train.userStart[u]; p < train.userStart[u + 1]; p++) {
          const local = localOf[train.itemIndex[p]];
          if (local >= 0) x[u * n + local] = 1;
        }
      feeds.x = float32Tensor(x, [train.users, n]);
    } else {
      feeds.gram = float32Tensor(Float32Array.from(options.gram ?? itemGramMatrix(train, modelled)), [n, n]);
    }
    const out = await session.run(feeds);
    const residual = (out.residual.data as Float32Array)[0];
    return {
      model: easeFromInverse(train, modelled, out.inverse.data as Float32Array, lambda),
      residual,
      gram: dense ? 'graph' : 'cpu',
      iterations,
    };
  } finally {
    await session.release();
  }
}

export interface EaseFit {
  model: FittedRecommender;
  /** the ONNX graph on the device gave the model (else the float64 JavaScript path did) */
  onDevice: boolean;
  /** why a fit meant for the device was made on the CPU after all */
  fallbackReason?: string;
}

/**
 * EASE as an ONNX graph on `device` for catalogues of at least `minItems` modelled items, else
 * (or when the session fails, or the float32 inverse misses easeResidualTolerance) the float64
 * CPU path. The caller decides that the device is worth it: `device: 'cpu'` here runs the graph
 * on onnxruntime's CPU provider, which is how tests check the GPU path on a machine without one.
 */
export async function easeFor(
  train: UserItemInteractions,
  options: EaseOptions & { device: ComputeDevice; minItems: number },
): Promise<EaseFit> {
  const items = Math.min(train.items, options.maxItems ?? train.items);
  if (items < options.minItems) return { model: fitEase(train, options), onDevice: false };
  let onDevice: EaseOnDeviceResult;
  try {
    onDevice = await fitEaseOnDevice(train, options);
  } catch (error) {
    const reason = `the EASE graph failed on the device: ${error instanceof Error ? error.message : String(error)}`;
    return { model: fitEase(train, options), onDevice: false, fallbackReason: reason };
  }
  if (onDevice.residual <= easeResidualTolerance) return { model: onDevice.model, onDevice: true };
  return {
    model: fitEase(train, options),
    onDevice: false,
    fallbackReason: `the float32 inverse missed its tolerance (residual ${onDevice.residual.toExponential(2)} > ${easeResidualTolerance})`,
  };
}
