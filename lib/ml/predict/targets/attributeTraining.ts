import { attributeFeatures } from '@/lib/ml/predict/attributeFeatures';
import { type EncodedAttributeTarget, encodeAttributeTarget } from '@/lib/ml/predict/encodeAttributeTarget';
import type { PredictorFamily } from '@/lib/ml/predict/fitPredictor';
import { attributeFamilies, boostingSettings } from '@/lib/ml/predict/modelSettings';
import { argmaxRows } from '@/lib/ml/predict/targetMetrics';
import { selectRows, type TrainedTarget, trainTarget } from '@/lib/ml/predict/trainTarget';
import { withLinearFallback } from '@/lib/ml/predict/withLinearFallback';
import { attributeTarget } from './attribute';
import {
  type CollectContext,
  roundScore,
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
    };
  },
};

/** The stored guess for each user who lacks the attribute: the model's guess (argmax, weighted by its guessWeights) with its probability, or the number. */
function guesses(
  name: string,
  encoded: EncodedAttributeTarget,
  result: TrainedTarget,
  missingRows: Int32Array,
  { events }: CollectContext,
): Iterable<ScoreRow> {
  const predictions = result.predictions as Float64Array;
  const classes = encoded.classNames ?? [];
  // built as written, like the other scores: at a million users these were objects held through the run
  return {
    *[Symbol.iterator]() {
      for (let r = 0; r < missingRows.length; r++) yield guess(missingRows[r], r);
    },
  };

  function guess(u: number, r: number): ScoreRow {
    const userId = events.userIds[u];
    if (encoded.kind === 'multiclass') {
      const row = predictions.subarray(r * classes.length, (r + 1) * classes.length);
      const probabilities = Array.from(row);
      const best = argmaxRows(row, classes.length, result.guessWeights)[0];
      return {
        target: name,
        userId,
        value: roundScore(probabilities[best]),
        detail: {
          predicted: classes[best],
          probabilities: Object.fromEntries(classes.map((c, i) => [c, roundScore(probabilities[i])])),
        },
      };
    }
    if (encoded.kind === 'binary') {
      const p = predictions[r];
      return {
        target: name,
        userId,
        value: roundScore(p),
        detail: { predicted: classes[p >= 0.5 ? 1 : 0] ?? null, positive: classes[1] ?? 'true' },
      };
    }
    return {
      target: name,
      userId,
      value: roundScore(predictions[r]),
      detail: { predicted: roundScore(predictions[r]) },
    };
  }
}
