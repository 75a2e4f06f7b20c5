import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline, Tensor } from '@huggingface/transformers';
import { chooseDevice, fallBackFrom } from '@/lib/ml/runtime/device/chooseDevice';
import { type ComputeDevice, type DeviceChoice, deviceName } from '@/lib/ml/runtime/device/computeDevice';
import { meanPoolNormalised } from './meanPoolNormalised';
import { availableTextDtype, type TextDtype, textModelId } from './textDtype';
import { looksLikePath, type TextModelConfig } from './textModelConfig';

/** A loaded sentence-embedding model: mean-pooled, L2-normalised vectors. */
export interface TextEmbedder {
  /** the cache key for this model's vectors */
  modelId: string;
  /** the device that runs the model */
  device: ComputeDevice;
  /** how it was chosen: what was asked for and why other devices were passed over */
  deviceChoice: DeviceChoice;
  dimension: number;
  embedBatch(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export type TextEmbedderStatus = { kind: 'ready'; embedder: TextEmbedder } | { kind: 'fallback'; reason: string };

interface ModelLocation {
  /** what transformers.js resolves against env.localModelPath, or a hub id */
  id: string;
  localRoot: string | null;
}

function localFolder(location: ModelLocation): string | null {
  return location.localRoot && path.join(location.localRoot, location.id);
}

function locateModel(config: TextModelConfig): ModelLocation | { error: string } {
  if (looksLikePath(config.model)) {
    const folder = path.resolve(config.model);
    if (!existsSync(path.join(folder, 'config.json')))
      return { error: `model folder ${folder} not found (no config.json)` };
    return { id: path.basename(folder), localRoot: path.dirname(folder) };
  }
  if (config.modelDir && existsSync(path.join(config.modelDir, config.model, 'config.json'))) {
    return { id: config.model, localRoot: path.resolve(config.modelDir) };
  }
  if (!config.allowDownload) {
    return {
      error: `model ${config.model} is not in PORTRAIT_MODEL_DIR (${config.modelDir ?? 'unset'}) and downloads are off`,
    };
  }
  return { id: config.model, localRoot: null };
}

async function createExtractor(
  location: ModelLocation,
  config: TextModelConfig,
  device: ComputeDevice,
  dtype: TextDtype,
) {
  // imported when a model is loaded, not with this module: transformers.js and onnxruntime take
  // about 170 MB of RSS in every process that imports them (measured), which a worker or a run
  // without a text model never uses
  const { env, pipeline } = await import('@huggingface/transformers');
  if (location.localRoot) {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = `${location.localRoot}${path.sep}`;
  } else {
    env.allowRemoteModels = true;
    if (config.modelDir) env.cacheDir = path.resolve(config.modelDir);
  }
  return (await pipeline('feature-extraction', location.id, { device, dtype })) as FeatureExtractionPipeline;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads the configured sentence-embedding model through transformers.js on onnxruntime-node, on
 * the device chooseDevice picks for PORTRAIT_DEVICE (or `deviceChoice`, decided by the caller).
 * A GPU that cannot load the model falls back to the CPU with a warning, and the choice records
 * why. When no model can be loaded (no folder, no network) the result says why, and the caller
 * computes TF-IDF + SVD vectors instead. PORTRAIT_TEXT_DTYPE's variant is loaded where the folder
 * has it (else fp32, with a warning); a hub model whose variant fails to load is retried in fp32.
 */
export async function loadTextEmbedder(
  config: TextModelConfig,
  warn: (message: string) => void = console.warn,
  deviceChoice?: DeviceChoice,
): Promise<TextEmbedderStatus> {
  const location = locateModel(config);
  if ('error' in location) return { kind: 'fallback', reason: location.error };
  let choice = deviceChoice ?? (await chooseDevice(config.device));
  for (const skipped of choice.skipped)
    if (choice.requested !== 'auto')
      warn(`${deviceName(skipped.device)} is not available for text embeddings (${skipped.reason}); using the CPU`);
  const folder = localFolder(location);
  let dtype = config.dtype;
  if (folder) {
    const available = availableTextDtype(folder, dtype);
    if (available.warning) warn(available.warning);
    dtype = available.dtype;
  }
  const create = async (device: ComputeDevice) => {
    try {
      return await createExtractor(location, config, device, dtype);
    } catch (error) {
      if (dtype === 'fp32' || folder) throw error;
      warn(`text model ${config.model} could not be loaded as ${dtype} (${message(error)}); loading fp32`);
      dtype = 'fp32';
      return createExtractor(location, config, device, dtype);
    }
  };
  let extractor: FeatureExtractionPipeline;
  try {
    try {
      extractor = await create(choice.device);
    } catch (error) {
      if (choice.device === 'cpu') throw error;
      warn(`${deviceName(choice.device)} could not load the text model (${message(error)}); using the CPU`);
      choice = fallBackFrom(choice, choice.device, `could not load the text model: ${message(error)}`);
      extractor = await create('cpu');
    }
  } catch (error) {
    // a hub id not found locally is downloaded: offline, the library only says "fetch failed"
    const reason = folder
      ? `could not load text model ${config.model}: ${message(error)}`
      : `could not download text model ${config.model} (${message(error)}); put its folder in PORTRAIT_MODEL_DIR to use it offline`;
    return { kind: 'fallback', reason };
  }
  const device = choice.device;

  // The pipeline's own steps (tokenise with padding and truncation, run, take the token
  // vectors), with the pooling done by meanPoolNormalised, which is much faster than the
  // pipeline's generic tensor code and gives the same vectors.
  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const inputs = extractor.tokenizer(texts, { padding: true, truncation: true });
    const outputs = await extractor.model(inputs);
    const output = (outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings) as Tensor;
    // an fp16 model's token vectors come back as float16
    const tokens = output.type === 'float32' ? output : output.to('float32');
    const [batch, length, width] = tokens.dims;
    const mask = (inputs as unknown as { attention_mask: Tensor }).attention_mask;
    return meanPoolNormalised(tokens.data as Float32Array, mask.data as BigInt64Array, batch, length, width);
  };
  let dimension: number;
  try {
    dimension = (await embedBatch(['dimension probe']))[0].length;
  } catch (error) {
    await extractor.dispose();
    return { kind: 'fallback', reason: `text model ${config.model} loaded but failed to run: ${message(error)}` };
  }
  return {
    kind: 'ready',
    embedder: {
      modelId: textModelId(config.model, dtype),
      device,
      deviceChoice: choice,
      dimension,
      embedBatch,
      dispose: () => extractor.dispose(),
    },
  };
}
