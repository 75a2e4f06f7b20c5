import { predictCategoryPropensity } from '@/lib/ml/predict/predictCategoryPropensity';
import { propensityTarget } from './propensity';
import {
  type PersonaInputs,
  type ScoreRow,
  skippedRow,
  type TargetRow,
  type TargetTraining,
  targetRow,
  userScores,
  verdictOf,
} from './targetTraining';

type FittedPropensity = Awaited<ReturnType<typeof predictCategoryPropensity>>;

export const propensityTraining: TargetTraining<FittedPropensity> = {
  fitOnEvents: ({ events, items, settings, featureFunction, featureNames, seed, boosting, families }) =>
    predictCategoryPropensity(events, items, settings, featureFunction, {
      featureNames,
      seed,
      boosting,
      families,
      topCategories: 5,
    }),

  behaviourModels: (fitted) =>
    fitted.status === 'ready'
      ? fitted.categories.map((category) => ({
          target: propensityTarget.nameOf(category.category),
          result: category.result,
        }))
      : [],

  async collect(fitted, { events, settings, log }) {
    if (fitted.status !== 'ready') {
      log(`Purchase propensity skipped: ${fitted.reason}`);
      return {
        targets: [skippedRow('propensity', 'binary', fitted.reason)],
        scores: [],
        outcome: { stage: 'propensity', status: 'skipped', reason: fitted.reason },
      };
    }
    const targets: TargetRow[] = [];
    const scores: Iterable<ScoreRow>[] = [];
    const propensity: NonNullable<PersonaInputs['propensity']> = [];
    const notPredictive: string[] = [];
    for (const category of fitted.categories) {
      const name = propensityTarget.nameOf(category.category);
      targets.push(
        targetRow(name, 'binary', category.result, {
          horizonDays: settings.horizonDays,
          split: 'stratified hold-out 20%',
          category: category.category,
        }),
      );
      if (category.result.status === 'trained' && !verdictOf(category.result).predictive) {
        notPredictive.push(category.category);
        continue;
      }
      if (category.probability) {
        propensity.push({ category: category.category, scores: Float32Array.from(category.probability) });
        scores.push(userScores(events, name, category.probability));
      }
    }
    return {
      targets,
      scores,
      outcome: {
        stage: 'propensity',
        status: 'ran',
        ...(notPredictive.length
          ? {
              note: `not predictive for ${notPredictive.join(', ')} (hold-out AUC below 0.55); their scores are not stored`,
            }
          : {}),
      },
      personas: { propensity },
    };
  },
};
