import * as ort from 'onnxruntime-node';
import type { ComputeDevice } from '@/lib/ml/runtime/device/computeDevice';

export type OnnxSession = ort.InferenceSession;

/**
 * A session for a graph built in code, on `device`; nodes its provider lacks run on the CPU
 * provider, which onnxruntime adds behind every other.
 */
export function createOnnxSession(model: Uint8Array, device: ComputeDevice): Promise<OnnxSession> {
  return ort.InferenceSession.create(model, {
    executionProviders: [device],
    graphOptimizationLevel: 'all',
  });
}

export function float32Tensor(data: Float32Array, dims: number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}
