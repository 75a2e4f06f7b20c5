import { recommendForUsers } from '@/lib/ml/recommend/recommendForUsers';
import { type RecommenderSelection, selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import { type EaseDeviceSettings, selectRecommenderOnDevice } from '@/lib/ml/recommend/selectRecommenderOnDevice';
import type { ServedItemModel } from '@/lib/ml/recommend/servedItemModel';
import type { RecommendSplitKind } from '@/lib/ml/recommend/splitUserItems';
import type { InteractionKinds, UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { runOnThread, type ThreadRun } from '@/lib/ml/runtime/runOnThread';

export interface TrainAndRecommendInput {
  interactions: UserItemInteractions;
  kinds: InteractionKinds;
  /** EventTable.types */
  eventTypes: string[];
  itemTitles: (string | null)[];
  itemIds: string[];
  /** segment per user, for segment co-purchase reasons */
  segmentOfUser: Int32Array;
  /** items per user */
  n: number;
  seed: number;
  /** how candidates are validated: each user's latest items held out, or a random share (default time) */
  split?: RecommendSplitKind;
  /** EASE on a GPU (the run's device, when it is one); left out, every fit is the CPU path's */
  ease?: EaseDeviceSettings;
}

/** The chosen recommender's top-n per user, as plain arrays (what crosses a thread cheaply). */
export interface TrainAndRecommendOutput {
  selection: RecommenderSelection;
  n: number;
  users: Int32Array;
  /** users.length × n item indexes, −1 where fewer than n were left */
  items: Int32Array;
  scores: Float32Array;
  /** the reason sentence per slot, users.length × n ('' for empty slots) */
  reasons: string[];
  /** the served model's item side, for users' recommendations to follow new events */
  itemModel: ServedItemModel | null;
}

export type RecommenderChoice = ReturnType<typeof selectRecommender>;

/** Chooses and fits the recommender on `input.interactions` (the long part; no segments needed). */
export async function chooseRecommender(
  input: Omit<TrainAndRecommendInput, 'segmentOfUser'>,
): Promise<RecommenderChoice> {
  const options = { seed: input.seed, split: input.split };
  return input.ease
    ? selectRecommenderOnDevice(input.interactions, options, input.ease)
    : selectRecommender(input.interactions, options);
}

/** The chosen model's top-n items per user, with reasons that may name the user's segment. */
export function recommendWithChoice(choice: RecommenderChoice, input: TrainAndRecommendInput): TrainAndRecommendOutput {
  const { model, selection } = choice;
  const recommended = recommendForUsers({
    model,
    kinds: input.kinds,
    eventTypes: input.eventTypes,
    itemTitles: input.itemTitles,
    itemIds: input.itemIds,
    segmentOfUser: input.segmentOfUser,
    n: input.n,
  });
  const reasons = new Array<string>(recommended.users.length * recommended.n).fill('');
  recommended.reasons.forEach((userReasons, r) => {
    userReasons.forEach((reason, slot) => {
      reasons[r * recommended.n + slot] = reason?.text ?? '';
    });
  });
  return {
    selection,
    n: recommended.n,
    users: recommended.users,
    items: recommended.items,
    scores: recommended.scores,
    reasons,
    itemModel: model.itemModel?.() ?? null,
  };
}

/** Chooses and fits the recommender on `interactions`, then recommends n items to every user. */
export async function trainAndRecommend(input: TrainAndRecommendInput): Promise<TrainAndRecommendOutput> {
  return recommendWithChoice(await chooseRecommender(input), input);
}

export interface RecommendationsInProgress extends ThreadRun<TrainAndRecommendOutput> {
  /** hands over the segment per user when the thread was started without it */
  giveSegments(segmentOfUser: Int32Array): void;
}

/**
 * trainAndRecommend on a thread of its own, so the recommender (EASE and ALS fits, the longest
 * single step of training) runs beside the main thread's work on the other core. It can start
 * before the segments exist: it chooses and fits the model, then waits for giveSegments (which
 * only its reasons need). When the thread cannot start or fails, the same work runs here instead.
 */
export function trainAndRecommendInThread(
  input: TrainAndRecommendInput | Omit<TrainAndRecommendInput, 'segmentOfUser'>,
  log: (line: string) => void = () => {},
): RecommendationsInProgress {
  let stopped = false;
  let giveSegments: (segmentOfUser: Int32Array) => void = () => {};
  const segments =
    'segmentOfUser' in input
      ? Promise.resolve(input.segmentOfUser)
      : new Promise<Int32Array>((resolve) => {
          giveSegments = resolve;
        });
  const run = runOnThread<TrainAndRecommendOutput>(new URL('./trainAndRecommendThread.mjs', import.meta.url), input, {
    name: 'Recommender',
    fallback: 'recommending on the main thread',
    inline: async () => {
      const segmentOfUser = await segments;
      if (stopped) throw new Error('stopped');
      return trainAndRecommend({ ...input, segmentOfUser });
    },
    log,
    onStart: (thread) => {
      void segments.then((segmentOfUser) => {
        if (!('segmentOfUser' in input)) thread.postMessage(segmentOfUser);
      });
    },
  });
  return {
    result: run.result,
    giveSegments: (segmentOfUser) => giveSegments(segmentOfUser),
    stop() {
      stopped = true;
      run.stop();
    },
  };
}
