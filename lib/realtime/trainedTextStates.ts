import type { ProfileModel } from '@/lib/ml/features/profileModel';
import type { TextFeatures } from '@/lib/ml/text/textFeatures';
import { countTermMatrixRow } from '@/lib/ml/text/tfidfSvdTextVectors';
import type { UserEventStates } from './userEventState';

/**
 * Puts into `states` (users `start` .. `start + states.userIds.length - 1` of the training's text
 * stage, in its order) the text part of their running states as that stage counted it: sentiment
 * sums and counts, and the text block's term counts (TF-IDF runs) or sentence-vector sums
 * (transformers runs, the stage's normalised mean times the sum's length). So a retrain can write
 * the states of users with text without keeping every event's text until then.
 */
export function putTrainedTextStates(
  states: UserEventStates,
  text: TextFeatures,
  model: ProfileModel,
  start: number,
): void {
  const users = states.userIds.length;
  const dimension = model.text?.method === 'transformers' ? model.text.dimension : 0;
  for (let k = 0; k < users; k++) {
    const u = start + k;
    states.sentimentSum[k] = text.sentimentSum[u];
    states.sentimentCount[k] = text.sentimentTexts[u];
    if (text.hasText[u] === 0) continue;
    if (model.text?.method === 'tfidf-svd') {
      states.textTermCounts[k] = countTermMatrixRow(text.userTerms, u, model.text.tfidf);
    } else if (dimension > 0 && text.vectorSumLengths) {
      const length = text.vectorSumLengths[u];
      for (let d = 0; d < dimension; d++) {
        states.textVectorSums[k * dimension + d] = text.vectors.data[u * dimension + d] * length;
      }
    }
  }
}
