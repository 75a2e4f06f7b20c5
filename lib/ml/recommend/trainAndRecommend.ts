import { Worker } from 'node:worker_threads';
import { recommendForUsers } from '@/lib/ml/recommend/recommendForUsers';
import { type RecommenderSelection, selectRecommender } from '@/lib/ml/recommend/selectRecommender';
import type { InteractionKinds, UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';

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
}

/** Chooses and fits the recommender on `interactions`, then recommends n items to every user. */
export function trainAndRecommend(input: TrainAndRecommendInput): TrainAndRecommendOutput {
  const { model, selection } = selectRecommender(input.interactions, { seed: input.seed });
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
  };
}

export interface RecommendationsInProgress {
  result: Promise<TrainAndRecommendOutput>;
  /** ends the thread early (the caller failed and no longer needs the result) */
  stop(): void;
}

/**
 * trainAndRecommend on a thread of its own, so the recommender (the longest single step of the
 * prediction stage: EASE and ALS fits) runs beside the churn, propensity and attribute models on
 * the other core. When the thread cannot start or fails, the same work runs here instead.
 */
export function trainAndRecommendInThread(
  input: TrainAndRecommendInput,
  log: (line: string) => void = () => {},
): RecommendationsInProgress {
  let thread: Worker | null = null;
  let stopped = false;
  const inline = () => trainAndRecommend(input);
  const result = new Promise<TrainAndRecommendOutput>((resolve, reject) => {
    try {
      thread = new Worker(new URL('./trainAndRecommendThread.mjs', import.meta.url), { workerData: input });
    } catch (error) {
      log(`Recommender thread did not start (${(error as Error).message}); recommending on the main thread`);
      // a macrotask, so the caller's other work is already under way
      setImmediate(() => {
        try {
          resolve(inline());
        } catch (inlineError) {
          reject(inlineError);
        }
      });
      return;
    }
    let settled = false;
    thread.once('message', (message: TrainAndRecommendOutput) => {
      settled = true;
      resolve(message);
      void thread?.terminate();
    });
    thread.once('error', (error) => {
      if (settled || stopped) return;
      settled = true;
      log(`Recommender thread failed (${error.message}); recommending on the main thread`);
      try {
        resolve(inline());
      } catch (inlineError) {
        reject(inlineError);
      }
    });
    thread.once('exit', (code) => {
      if (settled || stopped) return;
      settled = true;
      reject(new Error(`the recommender thread exited with code ${code} before it answered`));
    });
  });
  return {
    result,
    stop() {
      stopped = true;
      void (thread as Worker | null)?.terminate();
    },
  };
}
