import { describe, expect, it } from 'vitest';
import {
  type TrainAndRecommendInput,
  trainAndRecommend,
  trainAndRecommendInThread,
} from '@/lib/ml/recommend/trainAndRecommend';
import { buildUserItemInteractionsWithKinds } from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

function plantedInput(): TrainAndRecommendInput {
  const planted = generatePlantedInteractions({ users: 600, items: 120, seed: 5 });
  const { interactions, kinds } = buildUserItemInteractionsWithKinds(planted.events, { purchaseTypes: ['purchase'] });
  return {
    interactions,
    kinds,
    eventTypes: planted.events.types,
    itemTitles: planted.events.itemIds.map((id) => `Item ${id}`),
    itemIds: planted.events.itemIds,
    segmentOfUser: Int32Array.from(planted.userGroup),
    n: 5,
    seed: 3,
  };
}

describe('trainAndRecommend', () => {
  it('gives every user n unseen items with a reason, from the model chosen on validation', () => {
    const input = plantedInput();
    const output = trainAndRecommend(input);
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
    const here = trainAndRecommend(input);
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
    const here = trainAndRecommend({ ...withoutSegments, segmentOfUser });
    expect(Array.from(threaded.items)).toEqual(Array.from(here.items));
    expect(Array.from(threaded.scores)).toEqual(Array.from(here.scores));
    expect(threaded.reasons).toEqual(here.reasons);
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
