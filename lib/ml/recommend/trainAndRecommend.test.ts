import { describe, expect, it } from 'vitest';
import {
  type TrainAndRecommendInput,
  trainAndRecommend,
  trainAndRecommendInThread,
} from '@/lib/ml/recommend/trainAndRecommend';
import { buildUserItemInteractionsWithKinds } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

function plantedInput(shop = { users: 600, items: 120, seed: 5 }, n = 5): TrainAndRecommendInput {
  const planted = generatePlantedInteractions(shop);
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(planted.events, { purchaseTypes: ['purchase'] });
  return {
    interactions,
    kinds,
    eventTypes: planted.events.types,
    itemTitles: planted.events.itemIds.map((id) => `Item ${id}`),
    itemIds: planted.events.itemIds,
    segmentOfUser: Int32Array.from(planted.userGroup),
    n,
    seed: 3,
  };
}

describe('trainAndRecommend', () => {
  it('gives every user n unseen items with a reason, from the model chosen on validation', async () => {
    const input = plantedInput();
    const output = await trainAndRecommend(input);
    expect(output.users).toHaveLength(600);
    expect(output.items).toHaveLength(600 * 5);
    expect(output.reasons).toHaveLength(600 * 5);
    expect(output.selection.winner.name).not.toBe('popularity');
    const { userStart, itemIndex } = input.interactions;
    for (let r = 0; r < 600; r++) {
      const own = itemIndex.subarray(userStart[r], userStart[r + 1]);
      for (let slot = 0; slot < 5; slot++) {
        const item = output.items[r * 5 + slot];
        expect(item).toBeGreaterThanOrEqual(0);
        expect(own.includes(item)).toBe(false);
        expect(output.reasons[r * 5 + slot].length).toBeGreaterThan(0);
      }
    }
  });

  it('on its own thread answers exactly as on this one, without falling back', async () => {
    const input = plantedInput();
    const lines: string[] = [];
    const threaded = await trainAndRecommendInThread(input, (line) => lines.push(line)).result;
    expect(lines).toEqual([]);
    const here = await trainAndRecommend(input);
    expect(Array.from(threaded.items)).toEqual(Array.from(here.items));
    expect(Array.from(threaded.scores)).toEqual(Array.from(here.scores));
    expect(threaded.reasons).toEqual(here.reasons);
    // everything but the fit times, which are the thread's own
    const withoutTimes = (selection: typeof here.selection) => ({
      ...selection,
      candidates: selection.candidates.map(({ fitMs, ...candidate }) => candidate),
    });
    expect(withoutTimes(threaded.selection)).toEqual(withoutTimes(here.selection));
  });

  it('started before the segments exist, waits for them and answers exactly as on this one', async () => {
    const { segmentOfUser, ...withoutSegments } = plantedInput();
    const lines: string[] = [];
    const running = trainAndRecommendInThread(withoutSegments, (line) => lines.push(line));
    const early = await Promise.race([
      running.result.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), 300)),
    ]);
    expect(early).toBe('waiting');
    running.giveSegments(segmentOfUser);
    const threaded = await running.result;
    expect(lines).toEqual([]);
    const here = await trainAndRecommend({ ...withoutSegments, segmentOfUser });
    expect(Array.from(threaded.items)).toEqual(Array.from(here.items));
    expect(Array.from(threaded.scores)).toEqual(Array.from(here.scores));
    expect(threaded.reasons).toEqual(here.reasons);
  });

  it('with EASE forced onto the graph (the CPU provider standing in for a GPU) serves the same top-10 as the JavaScript path, and says where EASE ran', async () => {
    // a shop where EASE beats item-kNN and ALS on validation, so EASE's recommendations are served
    const input = plantedInput({ users: 1000, items: 200, seed: 3 }, 10);
    const js = await trainAndRecommend(input);
    expect(js.selection.winner.name).toBe('ease');
    expect(js.selection.easeDevice).toBeUndefined();
    const lines: string[] = [];
    const onDevice = await trainAndRecommendInThread({ ...input, ease: { device: 'cpu', minItems: 0 } }, (line) =>
      lines.push(line),
    ).result;
    expect(lines).toEqual([]);
    const easeFits = js.selection.candidates.filter((candidate) => candidate.name === 'ease').length + 1;
    expect(onDevice.selection.easeDevice).toEqual({
      device: 'cpu',
      modelledItems: 200,
      fitsOnDevice: easeFits,
      fitsOnCpu: 0,
    });
    expect(onDevice.selection.winner).toEqual(js.selection.winner);
    expect(Array.from(onDevice.items)).toEqual(Array.from(js.items));
    expect(onDevice.reasons).toEqual(js.reasons);
  });

  it('keeps a catalogue below the device threshold on the JavaScript path, unrecorded', async () => {
    const input = plantedInput();
    const output = await trainAndRecommend({ ...input, ease: { device: 'webgpu', minItems: 3000 } });
    expect(output.selection.easeDevice).toBeUndefined();
    expect(Array.from(output.items)).toEqual(Array.from((await trainAndRecommend(input)).items));
  });

  it('stop() ends the thread and the result never settles into an unhandled failure', async () => {
    const running = trainAndRecommendInThread(plantedInput());
    running.result.catch(() => {});
    running.stop();
    const outcome = await Promise.race([
      running.result.then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((resolve) => setTimeout(() => resolve('stopped quietly'), 1500)),
    ]);
    expect(outcome).toBe('stopped quietly');
  });
});
