import path from 'node:path';
import { type DeviceRequest, parseDeviceRequest } from '@/lib/ml/runtime/device/computeDevice';
import { parseTextDtype, type TextDtype } from './textDtype';

export const defaultTextModel = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';

export interface TextModelConfig {
  /** PORTRAIT_TEXT_MODEL: a local model folder or a hub id */
  model: string;
  /** PORTRAIT_MODEL_DIR: where local model folders (and downloads) live */
  modelDir: string | null;
  /** PORTRAIT_DEVICE: auto (CUDA, then WebGPU, then the CPU), cpu, webgpu or cuda */
  device: DeviceRequest;
  /** PORTRAIT_TEXT_BATCH */
  batchSize: number;
  /** PORTRAIT_TEXT_DTYPE: the model variant to load (fp32 default; fp16, q8, … where the folder has it) */
  dtype: TextDtype;
  /** PORTRAIT_OFFLINE=1 forbids downloads even when a network is there */
  allowDownload: boolean;
}

/** True for "./m", "../m", "/models/m" and Windows paths: a folder, not a hub id. */
export function looksLikePath(model: string): boolean {
  return model.startsWith('.') || path.isAbsolute(model) || /^[a-zA-Z]:[\\/]/.test(model);
}

export function textModelConfig(env: Record<string, string | undefined> = process.env): TextModelConfig {
  const device = parseDeviceRequest(env.PORTRAIT_DEVICE);
  const dtype = parseTextDtype(env.PORTRAIT_TEXT_DTYPE);
  const batchSize = Number(env.PORTRAIT_TEXT_BATCH ?? 32);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('PORTRAIT_TEXT_BATCH must be a positive integer');
  return {
    model: env.PORTRAIT_TEXT_MODEL || defaultTextModel,
    modelDir: env.PORTRAIT_MODEL_DIR || null,
    device,
    batchSize,
    dtype,
    allowDownload: env.PORTRAIT_OFFLINE !== '1',
  };
}
