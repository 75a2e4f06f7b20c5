import { attributeFeatures } from '@/lib/ml/predict/attributeFeatures';
import { attributeGuess } from '@/lib/ml/predict/attributeGuess';
import type { StoredAttributeModel } from '@/lib/ml/predict/attributeModels';
import { type EncodedAttributeTarget, encodeAttributeTarget } from '@/lib/ml/predict/encodeAttributeTarget';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import { attributeFamilies, boostingSettings } from '@/lib/ml/predict/modelSettings';
import { selectRows, type TrainedTarget, trainTarget } from '@/lib/ml/predict/trainTarget';
import { withLinearFallback } from '@/lib/ml/predict/withLinearFallback';
import { attributeTarget } from './attribute';
import {
  type CollectContext,
  type ScoreRow,
  skippedRow,
  type TargetRow,
  type TargetTraining,
  targetRow,
  verdictOf,
} from './targetTraining';

/** Attributes need the run's profiles: nothing is fitted on the event thread. */
export const attributeTraining: TargetTraining<undefined> = {
  async collect(_fitted, context) {
    const { events, settings, seed, log, progress } = context;
    const users = events.userIds.length;
    const { matrix, names } = attributeFeatures({
      profile: context.profile,
      itemFactors: context.itemFactors,
      interactions: context.interactions,
      itemIds: events.itemIds,
      profileColumnNames: context.profileColumnNames,
    });
    const targets: TargetRow[] = [];
    const scoreBlocks: Iterable<ScoreRow>[] = [];
    const metrics: Record<string, object> = {};
    const storedModels: StoredAttributeModel[] = [];
    const outcome = { trained: 0, notPredictive: [] as string[] };
    const predicted = context.attributes.filter((column) => !settings.evaluationOnlyAttributes.includes(column.name));
    for (const [columnIndex, column] of predicted.entries()) {
      progress(
        columnIndex / predicted.length,
        `attribute models: ${column.name} (${columnIndex + 1} of ${predicted.length})`,
      );
      const encoded = encodeAttributeTarget(column, { sensitiveAttributes: settings.sensitiveAttributes });
      const name = attributeTarget.nameOf(column.name);
      if (encoded.status === 'skipped') {
        targets.push(skippedRow(name, 'multiclass', encoded.reason));
        continue;
      }
      const choice = attributeFamilies(encoded.kind, encoded.classNames?.length ?? 0, users);
      const has = new Uint8Array(users);
      for (const row of encoded.rows) has[row] = 1;
      const missingRows = Int32Array.from({ length: users }, (_, u) => u).filter((u) => has[u] === 0);
      const train = (families: PredictorFamily[]) =>
        trainTarget({
          features: selectRows(matrix, encoded.rows),
          labels: encoded.labels,
          kind: encoded.kind,
          featureNames: names,
          classNames: encoded.classNames,
          predictFeatures: missingRows.length ? selectRows(matrix, missingRows) : undefined,
          seed,
          boosting: boostingSettings,
          families,
        });
      const { result, families, note } = await withLinearFallback(choice.families, train);
      if (note) log(`${name}: ${note}`);
      const familiesNote = note ?? choice.reason;
      targets.push(
        targetRow(name, encoded.kind, result, {
          split: 'stratified hold-out 20%',
          familiesTried: families,
          ...(familiesNote ? { familiesNote } : {}),
        }),
      );
      if (result.status !== 'trained') continue;
      const verdict = verdictOf(result);
      outcome.trained++;
      if (!verdict.predictive) outcome.notPredictive.push(column.name);
      metrics[column.name] = {
        metric: result.holdout.metric,
        value: result.holdout.value,
        baseline: result.holdout.baseline,
        predictive: verdict.predictive,
      };
      if (result.predictions && verdict.predictive)
        scoreBlocks.push(guesses(name, encoded, result, missingRows, context));
      // stored by the rule the guesses follow, so a user the run did not fit gets a guess only where the run's users do
      if (verdict.predictive && result.persisted)
        storedModels.push({
          target: name,
          attribute: column.name,
          kind: encoded.kind,
          ...(encoded.classNames ? { classNames: encoded.classNames } : {}),
          ...(result.guessWeights ? { guessWeights: Array.from(result.guessWeights) } : {}),
          model: result.persisted,
        });
    }
    return {
      targets,
      scores: scoreBlocks,
      outcome:
        predicted.length === 0
          ? { stage: 'attributes', status: 'skipped', reason: 'no user attributes in this dataset' }
          : outcome.trained === 0
            ? { stage: 'attributes', status: 'skipped', reason: 'no attribute has enough labelled users' }
            : {
                stage: 'attributes',
                status: 'ran',
                ...(outcome.notPredictive.length
                  ? { note: `not predictive for ${outcome.notPredictive.join(', ')}; their guesses are not stored` }
                  : {}),
              },
      metrics: { attributes: metrics },
      attributeModels: storedModels,
    };
  },
};

/** The stored guess for each user who lacks the attribute (attributeGuess of the model's predictions). */
function guesses(
  name: string,
  encoded: EncodedAttributeTarget,
  result: TrainedTarget,
  missingRows: Int32Array,
  { events }: CollectContext,
): Iterable<ScoreRow> {
  const predictions = result.predictions as Float64Array;
  const model = { kind: encoded.kind, classNames: encoded.classNames, guessWeights: result.guessWeights };
  // built as written, like the other scores: at a million users these were objects held through the run
  return {
    *[Symbol.iterator]() {
      for (let r = 0; r < missingRows.length; r++)
        yield { target: name, userId: events.userIds[missingRows[r]], ...attributeGuess(model, predictions, r) };
    },
  };
}
