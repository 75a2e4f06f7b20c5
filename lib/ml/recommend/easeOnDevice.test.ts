import { describe, expect, it } from 'vitest';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';
import { easeFor, easeResidualTolerance, fitEaseOnDevice } from './easeOnDevice';
import { fitEase, itemGramMatrix } from './easeRecommender';
import type { FittedRecommender } from './recommender';
import { selectTopItems } from './selectTopItems';
import { buildUserItemInteractions } from './userItemInteractions';

const { events } = generatePlantedInteractions({ users: 1500, items: 300, seed: 9 });
const train = buildUserItemInteractions(events);

function topTen(model: FittedRecommender, user: number): number[] {
  const scores = new Float32Array(train.items);
  model.scoreUser(user, scores);
  return Array.from(
    selectTopItems(scores, 10, train.itemIndex.subarray(train.userStart[user], train.userStart[user + 1])),
  );
}

/** Users whose top 10 differ, as a share; and the largest weight difference behind any that do. */
function compare(a: FittedRecommender, b: FittedRecommender) {
  let differing = 0;
  for (let user = 0; user < train.users; user++) {
    const left = topTen(a, user);
    const right = topTen(b, user);
    if (left.join() !== right.join()) differing++;
  }
  return differing / train.users;
}

describe('EASE as an ONNX graph on the CPU provider', () => {
  it('gives every user the same top-10 as the float64 CPU path, forming XᵀX in the graph', async () => {
    const js = fitEase(train, { lambda: 50 });
    const onDevice = await fitEaseOnDevice(train, { lambda: 50, device: 'cpu' });
    expect(onDevice.gram).toBe('graph');
    expect(onDevice.residual).toBeLessThan(easeResidualTolerance);
    expect(compare(js, onDevice.model)).toBe(0);
    expect(onDevice.model.params).toEqual(js.params);
  });

  it('takes a Gram matrix formed on the CPU, and a pruned catalogue, with the same top-10', async () => {
    const js = fitEase(train, { lambda: 100, maxItems: 120 });
    const onDevice = await fitEaseOnDevice(train, { lambda: 100, maxItems: 120, device: 'cpu', maxDenseBytes: 0 });
    expect(onDevice.gram).toBe('cpu');
    expect(compare(js, onDevice.model)).toBe(0);
  });

  it('takes a Gram matrix given by the caller', async () => {
    const gram = itemGramMatrix(train);
    const onDevice = await fitEaseOnDevice(train, { lambda: 50, gram, device: 'cpu' });
    expect(onDevice.gram).toBe('cpu');
    expect(compare(fitEase(train, { lambda: 50 }), onDevice.model)).toBe(0);
  });

  it('stays on the CPU path below the item threshold', async () => {
    const fit = await easeFor(train, { lambda: 50, device: 'webgpu', minItems: 1000 });
    expect(fit.onDevice).toBe(false);
    const js = fitEase(train, { lambda: 50 });
    expect(topTen(fit.model, 3)).toEqual(topTen(js, 3));
  });

  it('runs the graph from the item threshold on, and says so', async () => {
    const fit = await easeFor(train, { lambda: 50, device: 'cpu', minItems: 300 });
    expect(fit).toMatchObject({ onDevice: true });
    expect(compare(fitEase(train, { lambda: 50 }), fit.model)).toBe(0);
  });

  it('falls back to the JavaScript path with its reason when the session cannot start', async () => {
    const fit = await easeFor(train, {
      lambda: 50,
      device: 'not-a-provider' as 'cpu',
      minItems: 0,
    });
    expect(fit.onDevice).toBe(false);
    expect(fit.fallbackReason).toMatch(/^the EASE graph failed on the device: /);
    expect(compare(fitEase(train, { lambda: 50 }), fit.model)).toBe(0);
  });
});
