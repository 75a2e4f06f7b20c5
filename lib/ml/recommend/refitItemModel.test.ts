import { describe, expect, it } from 'vitest';
import { fitImplicitAls } from '@/lib/ml/recommend/alsRecommender';
import { fitEase } from '@/lib/ml/recommend/easeRecommender';
import { fitPopularity } from '@/lib/ml/recommend/popularityRecommender';
import { startItemModelRefit } from '@/lib/ml/recommend/refitItemModel';
import type { ServedItemModel } from '@/lib/ml/recommend/servedItemModel';
import {
  buildUserItemInteractions,
  interactionsFromLists,
  type UserItemInteractions,
} from '@/lib/ml/recommend/userItemInteractions';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';

const everyone = buildUserItemInteractions(generatePlantedInteractions({ users: 1500, items: 120, seed: 4 }).events);

/** Users [from, to) of `interactions` as a set of their own. */
function usersOf(interactions: UserItemInteractions, from: number, to: number): UserItemInteractions {
  const lists = [];
  for (let u = from; u < to; u++)
    lists.push(interactions.itemIndex.subarray(interactions.userStart[u], interactions.userStart[u + 1]));
  return interactionsFromLists(lists, interactions.items);
}

function refitInChunks(model: ServedItemModel, fittedPairs: number, chunkUsers: number): ServedItemModel {
  const refit = startItemModelRefit(model);
  if (!refit) throw new Error(`${model.name} is not refitted`);
  for (let from = 0; from < everyone.users; from += chunkUsers)
    refit.add(usersOf(everyone, from, Math.min(everyone.users, from + chunkUsers)));
  return refit.finish(fittedPairs);
}

describe('refitting a sample-fitted item side on every user, chunk by chunk', () => {
  const sample = usersOf(everyone, 0, 500);

  it("gives EASE's item side fitted on every user at once, λ scaled from the sample's pairs to everyone's", () => {
    const onSample = fitEase(sample, { lambda: 40 }).itemModel?.() as ServedItemModel;
    const refitted = refitInChunks(onSample, sample.itemIndex.length, 170);
    const lambda = Math.round((40 * everyone.itemIndex.length) / sample.itemIndex.length);
    expect(refitted.params).toEqual({ lambda });
    const direct = fitEase(everyone, { lambda }).itemModel?.() as ServedItemModel & { name: 'ease' };
    expect(refitted.name).toBe('ease');
    expect((refitted as typeof direct).weights).toEqual(direct.weights);
    expect((refitted as typeof direct).modelled).toEqual(direct.modelled);
    expect(refitted.popularity).toEqual(direct.popularity);
  });

  it('keeps the modelled items of a pruned EASE and refits their weights', () => {
    const onSample = fitEase(sample, { lambda: 40, maxItems: 60 }).itemModel?.() as ServedItemModel & { name: 'ease' };
    const refitted = refitInChunks(onSample, sample.itemIndex.length, 400) as typeof onSample;
    expect(refitted.modelled).toEqual(onSample.modelled);
    expect(refitted.weights).not.toEqual(onSample.weights);
    expect(refitted.params.items).toBe(60);
  });

  it("gives popularity's counts over every user", () => {
    const onSample = fitPopularity(sample).itemModel?.() as ServedItemModel;
    expect(refitInChunks(onSample, sample.itemIndex.length, 300).popularity).toEqual(
      fitPopularity(everyone).itemModel?.().popularity,
    );
  });

  it("leaves ALS to the sample: its item factors depend on every user's own factors", () => {
    const onSample = fitImplicitAls(sample, { factors: 4, seed: 1 }).itemModel?.() as ServedItemModel;
    expect(startItemModelRefit(onSample)).toBeNull();
  });
});
