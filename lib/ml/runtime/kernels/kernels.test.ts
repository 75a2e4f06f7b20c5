import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generatedKernelModules } from '@/scripts/build-kernels';

describe('the WebAssembly kernels', () => {
  it('ship as assembled from their .wat sources (run npm run build:kernels after editing one)', async () => {
    const modules = await generatedKernelModules();
    expect(modules.map((module) => module.path.split('/').at(-1))).toEqual([
      'easeKernels.wasm.ts',
      'logisticKernels.wasm.ts',
    ]);
    for (const module of modules) {
      expect(await readFile(module.path, 'utf8'), `${module.path} is older than its .wat`).toBe(module.text);
    }
  });
});
