import { attributeGuess } from '@/lib/ml/predict/attributeGuess';
import { concatenateColumns } from '@/lib/ml/predict/concatenateColumns';
import type { TargetKind } from '@/lib/ml/predict/fitPredictor';
import { hashedItemFeatures } from '@/lib/ml/predict/hashedItemFeatures';
import { projectOntoItemSide } from '@/lib/ml/predict/interactionSvdFeatures';
import { type PersistedPredictor, type RestoredPredictor, restorePredictor } from '@/lib/ml/predict/persistedPredictor';
import { type FeatureRows, selectFeatureRows } from '@/lib/ml/predict/sparseRows';
import type { ScoreRow } from '@/lib/ml/predict/targets/targetTraining';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix } from '@/lib/ml/types';

/** One attribute's model, as a run stores it when the model is predictive on its hold-out. */
export interface StoredAttributeModel {
  /** the scores row's target: attr:<name> */
  target: string;
  attribute: string;
  kind: TargetKind;
  /** binary: [negative, positive]; multiclass: name per class index */
  classNames?: string[];
  /** multiclass: what each class's probability is multiplied by before the guess */
  guessWeights?: number[];
  model: PersistedPredictor;
}

/**
 * A run's attribute models with what their features need beside a user's profile vector: the
 * fit's items, the rows of the SVD item side and the columns of the items models.
 */
export interface AttributeModels {
  itemIds: string[];
  /** items × factors: a user's item factors are the sum of their items' rows (interactionSvd) */
  itemSide: DenseMatrix;
  models: StoredAttributeModel[];
}

/** Attribute models ready to predict (free them when done). */
export interface LoadedAttributeModels {
  stored: AttributeModels;
  itemOf: Map<string, number>;
  predictors: { model: StoredAttributeModel; predictor: RestoredPredictor }[];
  free(): void;
}

export async function restoreAttributeModels(stored: AttributeModels): Promise<LoadedAttributeModels> {
  const predictors = await Promise.all(
    stored.models.map(async (model) => ({ model, predictor: await restorePredictor(model.model) })),
  );
  return {
    stored,
    itemOf: new Map(stored.itemIds.map((id, i) => [id, i])),
    predictors,
    free() {
      for (const { predictor } of predictors) predictor.free();
    },
  };
}

/**
 * The attribute models' feature rows of some users, as attributeFeatures builds them in training:
 * their profile vectors, their item factors (x·V on the stored item side), their items hashed into
 * buckets (every item, known to the fit or not), and their items of the fit as the items models'
 * rows. `interactions` and `itemIds` are the users' own (their item index → id).
 */
export function attributeModelFeatures(
  loaded: LoadedAttributeModels,
  profile: DenseMatrix,
  interactions: UserItemInteractions,
  itemIds: string[],
): FeatureRows {
  const users = interactions.users;
  const fitItemOf = Int32Array.from(itemIds, (id) => loaded.itemOf.get(id) ?? -1);
  const rowStart = new Int32Array(users + 1);
  const known: number[] = [];
  for (let u = 0; u < users; u++) {
    const mine: number[] = [];
    for (let p = interactions.userStart[u]; p < interactions.userStart[u + 1]; p++) {
      const item = fitItemOf[interactions.itemIndex[p]];
      if (item >= 0) mine.push(item);
    }
    // ascending, as the fit's rows are: the items model sums in this order
    mine.sort((a, b) => a - b);
    known.push(...mine);
    rowStart[u + 1] = known.length;
  }
  const index = Int32Array.from(known);
  const { itemSide } = loaded.stored;
  const matrix = concatenateColumns(
    profile,
    projectOntoItemSide(itemSide, rowStart, index),
    hashedItemFeatures(interactions, itemIds),
  );
  return {
    ...matrix,
    itemRows: {
      rows: users,
      cols: loaded.stored.itemIds.length,
      rowStart,
      index,
      value: new Float32Array(index.length).fill(1),
    },
  };
}

/**
 * Each model's stored guess for the users of `features` who lack its attribute (`lacks`), as
 * training stores them; a model on other dense columns (an older profile model) guesses for nobody.
 */
export function guessAttributes(
  loaded: LoadedAttributeModels,
  features: FeatureRows,
  userIds: string[],
  lacks: (attribute: string, user: number) => boolean,
): ScoreRow[] {
  const rows: ScoreRow[] = [];
  for (const { model, predictor } of loaded.predictors) {
    if (model.model.features !== features.cols) continue;
    const users = Int32Array.from(userIds.keys()).filter((u) => lacks(model.attribute, u));
    if (users.length === 0) continue;
    const predictions = predictor.predict(selectFeatureRows(features, users));
    for (let r = 0; r < users.length; r++)
      rows.push({ target: model.target, userId: userIds[users[r]], ...attributeGuess(model, predictions, r) });
  }
  return rows;
}
