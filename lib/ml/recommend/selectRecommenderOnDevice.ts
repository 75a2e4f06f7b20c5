import { type ComputeDevice, deviceName } from '@/lib/ml/runtime/device/computeDevice';
import { easeFor } from './easeOnDevice';
import type { FittedRecommender } from './recommender';
import {
  fitRecommender,
  type RecommenderSelection,
  type SelectRecommenderOptions,
  selectRecommender,
  selectRecommenderWith,
} from './selectRecommender';
import type { UserItemInteractions } from './userItemInteractions';

/**
 * How many items EASE models when its matrix is inverted on a GPU (the CPU path's cap is 3,000).
 * Not the GPU's limit (the H200 inverts 20,000 items in 0.6 s) but the dense float32 items² weight
 * matrix the served model carries: it crosses from the recommender's thread, is scored in
 * WebAssembly memory, and is stored as base64 in a jsonb run artifact, whose values stop at
 * 255 MB. 6,000 items are 144 MB of weights (192 MB of base64); 7,000 would be 261 MB of base64
 * and 20,000 would be 2.1 GB, past V8's longest string as well.
 */
export const gpuEaseModelledItems = 6_000;

/** Where EASE's fits go when the run's device is a GPU. */
export interface EaseDeviceSettings {
  /** the run's device; 'cpu' runs the graph on onnxruntime's CPU provider (tests) */
  device: ComputeDevice;
  /** the least modelled items for which the device is used (PORTRAIT_GPU_EASE_MIN_ITEMS) */
  minItems: number;
  /** the cap on modelled items when the device is used (default gpuEaseModelledItems) */
  modelledItems?: number;
}

/** What the run says about EASE on the device (metrics.recommend.easeDevice). */
export interface EaseDeviceRecord {
  device: ComputeDevice;
  /** items EASE modelled in its fits */
  modelledItems: number;
  fitsOnDevice: number;
  fitsOnCpu: number;
  /** why fits meant for the device were made on the CPU */
  fallbackReason?: string;
}

/**
 * selectRecommender with EASE's Gram matrix and inverse on `ease.device` once the catalogue EASE
 * would model there reaches ease.minItems; then EASE models up to ease.modelledItems items
 * instead of the CPU path's 3,000. Smaller catalogues take selectRecommender's path unchanged.
 * After one failure on the device the remaining EASE fits stay on the CPU.
 */
export async function selectRecommenderOnDevice(
  interactions: UserItemInteractions,
  options: SelectRecommenderOptions,
  ease: EaseDeviceSettings,
): Promise<{ model: FittedRecommender; selection: RecommenderSelection }> {
  const modelledItems = Math.min(interactions.items, ease.modelledItems ?? gpuEaseModelledItems);
  const easeTried =
    (options.models ?? ['ease']).includes('ease') && interactions.items <= (options.easeMaxItems ?? 20_000);
  if (!easeTried || modelledItems < ease.minItems) return selectRecommender(interactions, options);
  const record: EaseDeviceRecord = { device: ease.device, modelledItems, fitsOnDevice: 0, fitsOnCpu: 0 };
  const chosen = await selectRecommenderWith(
    interactions,
    { ...options, easeModelledItems: modelledItems },
    async ({ train, candidate, gram }) => {
      if (candidate.name !== 'ease') return fitRecommender(train, candidate);
      const settings = { lambda: candidate.params.lambda, maxItems: candidate.params.items };
      if (record.fallbackReason) {
        record.fitsOnCpu++;
        return fitRecommender(train, candidate, gram?.());
      }
      // the graph forms XᵀX itself from the dense users × items matrix where that fits, faster
      // than the sparse CPU Gram matrix selectRecommender shares between λ
      const fit = await easeFor(train, { ...settings, device: ease.device, minItems: 0 });
      if (fit.onDevice) record.fitsOnDevice++;
      else {
        record.fitsOnCpu++;
        record.fallbackReason = fit.fallbackReason;
      }
      return fit.model;
    },
  );
  return { ...chosen, selection: { ...chosen.selection, easeDevice: record } };
}

/** One line for the run log. */
export function describeEaseDevice(record: EaseDeviceRecord): string {
  const where = deviceName(record.device);
  const fits = `${record.fitsOnDevice} of ${record.fitsOnDevice + record.fitsOnCpu} fits`;
  return record.fallbackReason
    ? `EASE on ${where}: ${fits} on the device, ${record.modelledItems} items; the rest on the CPU because ${record.fallbackReason}`
    : `EASE on ${where}: ${fits} on the device (Gram matrix and inverse as an ONNX graph), ${record.modelledItems} items modelled`;
}
