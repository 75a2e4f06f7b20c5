import type { RecommenderSelection } from './selectRecommender';

/**
 * Whether the served recommender is popularity because no trained model beat it on validation
 * by more than chance (selectRecommender keeps popularity on a tie or a gain within chance), and
 * the sentence the run says about it.
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
  const measured = `the best trained recommender, ${best.name} (validation nDCG@10 ${best.validationNdcg.toFixed(4)})`;
  const popularityNdcg = popularity.validationNdcg.toFixed(4);
  return {
    replaced: { model: best.name, validationNdcg: best.validationNdcg, popularityNdcg: popularity.validationNdcg },
    note:
      best.validationNdcg > popularity.validationNdcg
        ? `popularity served: ${measured}, was above popularity (${popularityNdcg}) by no more than chance on ${selection.validation.users} users`
        : `popularity served: ${measured}, did not beat popularity (${popularityNdcg})`,
  };
}
