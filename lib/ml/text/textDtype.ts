import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The weight formats transformers.js loads from a model folder's onnx/ subfolder, with the file
 * suffix it looks for (its DEFAULT_DTYPE_SUFFIX_MAPPING): fp16 halves the weights and, on a GPU,
 * the arithmetic; q8 and the 4-bit ones shrink the weights for the CPU.
 */
export const textDtypeSuffixes = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;
export type TextDtype = keyof typeof textDtypeSuffixes;
export const textDtypes = Object.keys(textDtypeSuffixes) as TextDtype[];

/** Reads PORTRAIT_TEXT_DTYPE (fp32 when unset); throws naming the setting and what it accepts. */
export function parseTextDtype(value: string | undefined, source = 'PORTRAIT_TEXT_DTYPE'): TextDtype {
  const dtype = (value ?? '').trim().toLowerCase() || 'fp32';
  if (!(textDtypes as string[]).includes(dtype))
    throw new Error(`${source} must be one of ${textDtypes.join(', ')}, not "${value}"`);
  return dtype as TextDtype;
}

/** The ONNX file transformers.js loads for `dtype`, relative to the model folder. */
export function textDtypeFile(dtype: TextDtype): string {
  return path.join('onnx', `model${textDtypeSuffixes[dtype]}.onnx`);
}

/**
 * The dtype to load from a local model folder: `dtype` when the folder has its file, else fp32
 * with the sentence to warn with. (A hub model is not checked: its download fails instead.)
 */
export function availableTextDtype(folder: string, dtype: TextDtype): { dtype: TextDtype; warning?: string } {
  if (dtype === 'fp32' || existsSync(path.join(folder, textDtypeFile(dtype)))) return { dtype };
  return {
    dtype: 'fp32',
    warning: `PORTRAIT_TEXT_DTYPE=${dtype} asks for ${textDtypeFile(dtype)}, which ${folder} does not have; embedding with the fp32 model`,
  };
}

/** The cache key of a model's vectors, `<configured model>:<dtype>`: vectors of another dtype differ slightly. */
export function textModelId(model: string, dtype: TextDtype): string {
  return `${model}:${dtype}`;
}

/** The configured model and dtype back from a run's stored textModelId (fp32 for an id without one). */
export function parseTextModelId(id: string): { model: string; dtype: TextDtype } {
  const at = id.lastIndexOf(':');
  const suffix = at >= 0 ? id.slice(at + 1) : '';
  if ((textDtypes as string[]).includes(suffix)) return { model: id.slice(0, at), dtype: suffix as TextDtype };
  return { model: id, dtype: 'fp32' };
}
