import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableTextDtype, parseTextDtype, parseTextModelId, textModelId } from './textDtype';
import { textModelConfig } from './textModelConfig';

describe('PORTRAIT_TEXT_DTYPE', () => {
  it('is fp32 when unset or empty, and reads a known variant in any case', () => {
    expect(parseTextDtype(undefined)).toBe('fp32');
    expect(parseTextDtype(' ')).toBe('fp32');
    expect(parseTextDtype('FP16')).toBe('fp16');
    expect(parseTextDtype('q8')).toBe('q8');
    expect(textModelConfig({}).dtype).toBe('fp32');
    expect(textModelConfig({ PORTRAIT_TEXT_DTYPE: 'fp16' }).dtype).toBe('fp16');
  });

  it('names the setting and the accepted values for anything else', () => {
    expect(() => textModelConfig({ PORTRAIT_TEXT_DTYPE: 'bf16' })).toThrow(
      'PORTRAIT_TEXT_DTYPE must be one of fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4, not "bf16"',
    );
  });
});

describe('availableTextDtype', () => {
  it('takes the variant when the folder has its file, else fp32 with a warning naming the file', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'portrait-dtype-'));
    try {
      await mkdir(path.join(folder, 'onnx'));
      await writeFile(path.join(folder, 'onnx', 'model_quantized.onnx'), '');
      expect(availableTextDtype(folder, 'q8')).toEqual({ dtype: 'q8' });
      expect(availableTextDtype(folder, 'fp32')).toEqual({ dtype: 'fp32' });
      const missing = availableTextDtype(folder, 'fp16');
      expect(missing.dtype).toBe('fp32');
      expect(missing.warning).toBe(
        `PORTRAIT_TEXT_DTYPE=fp16 asks for onnx/model_fp16.onnx, which ${folder} does not have; embedding with the fp32 model`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('text model ids', () => {
  it('round-trip the configured model and dtype, and read an id without one as fp32', () => {
    expect(parseTextModelId(textModelId('Xenova/paraphrase-multilingual-MiniLM-L12-v2', 'fp16'))).toEqual({
      model: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
      dtype: 'fp16',
    });
    expect(parseTextModelId('/models/m:fp32')).toEqual({ model: '/models/m', dtype: 'fp32' });
    expect(parseTextModelId('C:\\models\\m')).toEqual({ model: 'C:\\models\\m', dtype: 'fp32' });
  });
});
