import type { RecommenderSelection } from './selectRecommender';

/**
 * Whether the served recommender is popularity because no trained model beat it on validation
 * (selectRecommender keeps popularity on a tie), and the sentence the run says about it.
 */
export function servedRecommender(selection: RecommenderSelection): {
  replaced: { model: string; validationNdcg: number; popularityNdcg: number } | null;
  note: string;
} {
  const popularity = selection.candidates.find((candidate) => candidate.name === 'popularity');
  const trained = selection.candidates.filter((candidate) => candidate.name !== 'popularity');
  if (selection.winner.name !== 'popularity' || !popularity || trained.length === 0) {
    return { replaced: null, note: `${selection.winner.name} served; it beat popularity on validation` };
  }
  if (selection.validation.users === 0) {
    return {
      replaced: null,
      note: 'popularity served: no user has a second item to validate a trained recommender on',
    };
  }
  const best = trained.reduce((a, b) => (b.validationNdcg > a.validationNdcg ? b : a));
  return {
    replaced: { model: best.name, validationNdcg: best.validationNdcg, popularityNdcg: popularity.validationNdcg },
    note: `popularity served: the best trained recommender, ${best.name} (validation nDCG@10 ${best.validationNdcg.toFixed(4)}), did not beat popularity (${popularity.validationNdcg.toFixed(4)})`,
  };
}
