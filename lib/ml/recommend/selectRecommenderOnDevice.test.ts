import { describe, expect, it } from 'vitest';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';
import { selectRecommender } from './selectRecommender';
import { describeEaseDevice, selectRecommenderOnDevice } from './selectRecommenderOnDevice';
import { buildUserItemInteractions } from './userItemInteractions';

const { events } = generatePlantedInteractions({ users: 800, items: 300, seed: 9 });
const interactions = buildUserItemInteractions(events);
// 150 stands in for the CPU path's 3,000-item cap, 300 for the GPU's
const options = {
  models: ['popularity' as const, 'ease' as const],
  easeModelledItems: 150,
  easeLambdas: [60],
  seed: 2,
};

describe('selectRecommenderOnDevice', () => {
  it('models the whole catalogue past the CPU cap on the device and records the fits', async () => {
    const cpu = selectRecommender(interactions, options);
    expect(cpu.selection.winner).toEqual({ name: 'ease', params: { lambda: 60, items: 150 } });
    const chosen = await selectRecommenderOnDevice(interactions, options, {
      device: 'cpu',
      minItems: 200,
      modelledItems: 300,
    });
    expect(chosen.selection.winner).toEqual({ name: 'ease', params: { lambda: 60 } });
    expect(chosen.selection.easeDevice).toEqual({ device: 'cpu', modelledItems: 300, fitsOnDevice: 2, fitsOnCpu: 0 });
    expect(describeEaseDevice(chosen.selection.easeDevice ?? ({} as never))).toBe(
      'EASE on CPU: 2 of 2 fits on the device (Gram matrix and inverse as an ONNX graph), 300 items modelled',
    );
  });

  it('keeps the CPU path and its cap when the catalogue is below the device threshold', async () => {
    const chosen = await selectRecommenderOnDevice(interactions, options, {
      device: 'webgpu',
      minItems: 301,
      modelledItems: 300,
    });
    expect(chosen.selection.easeDevice).toBeUndefined();
    expect(chosen.selection.winner.params).toEqual({ lambda: 60, items: 150 });
  });

  it('fits on the CPU after the device fails, saying why', async () => {
    const chosen = await selectRecommenderOnDevice(interactions, options, {
      device: 'no-such-provider' as 'cpu',
      minItems: 0,
      modelledItems: 300,
    });
    expect(chosen.selection.easeDevice).toMatchObject({ fitsOnDevice: 0, fitsOnCpu: 2 });
    expect(chosen.selection.easeDevice?.fallbackReason).toMatch(/^the EASE graph failed on the device: /);
    expect(chosen.selection.winner).toEqual({ name: 'ease', params: { lambda: 60 } });
  });
});
