import { numberArrayLiteral } from '@/lib/db/arrayLiteral';
import { getPool } from '@/lib/db/connection';
import type { WriteBehind } from '@/lib/db/writeBehind';
import {
  attributeModelFeatures,
  guessAttributes,
  type LoadedAttributeModels,
  restoreAttributeModels,
} from '@/lib/ml/predict/attributeModels';
import { interactionsFromLists } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix } from '@/lib/ml/types';
import { loadAttributeHolders } from '@/lib/training/loadAttributeHolders';
import { attributeModelArtifact, attributeModelsFromJson } from './attributeModelArtifact';
import { runModelCache } from './runModelCache';
import type { ItemPair } from './userEventState';

const modelsOf = runModelCache(
  async (db, runId): Promise<LoadedAttributeModels | null> => {
    const { rows } = await db.query<{ content: unknown }>(
      'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [runId, attributeModelArtifact],
    );
    return rows[0] ? restoreAttributeModels(attributeModelsFromJson(rows[0].content)) : null;
  },
  { free: (models) => models?.free() },
);

export interface AttributeGuessInput {
  runId: number;
  datasetId: number;
  userIds: string[];
  /** the users' profile vectors, as stored */
  profile: DenseMatrix;
  /** per user, every item they engaged with so far (the running state's pairs) */
  pairs: ItemPair[][];
}

/**
 * The users' inferred attributes from the run's stored attribute models, applied to their profile
 * vectors and items as of now, replacing their stored guesses: a user who lacks an attribute gets
 * the guess training would give them, and a user who has since been given it loses the guess.
 * Only models the run found predictive are stored, so only those follow. Written behind
 * (`writes`), from reads on another connection.
 */
export async function updateAttributeGuesses(writes: WriteBehind, input: AttributeGuessInput): Promise<number> {
  const pool = getPool();
  const models = await modelsOf(pool, input.runId);
  if (!models || input.userIds.length === 0) return 0;
  const names = models.predictors.map(({ model }) => model.attribute);
  const holders = await loadAttributeHolders(input.datasetId, input.userIds, names, pool);
  const itemIds: string[] = [];
  const itemOf = new Map<string, number>();
  const lists = input.pairs.map((pairs) =>
    pairs.map(({ itemId }) => {
      let item = itemOf.get(itemId);
      if (item === undefined) {
        item = itemIds.length;
        itemIds.push(itemId);
        itemOf.set(itemId, item);
      }
      return item;
    }),
  );
  const features = attributeModelFeatures(models, input.profile, interactionsFromLists(lists, itemIds.length), itemIds);
  const guesses = guessAttributes(
    models,
    features,
    input.userIds,
    (attribute, u) => !holders.get(attribute)?.has(input.userIds[u]),
  );
  const heldTargets: string[] = [];
  const heldUsers: string[] = [];
  for (const { model } of models.predictors) {
    for (const userId of holders.get(model.attribute) ?? []) {
      heldTargets.push(model.target);
      heldUsers.push(userId);
    }
  }
  if (heldTargets.length > 0) {
    writes.write(
      `DELETE FROM scores s USING unnest($2::text[], $3::text[]) AS h(t, u)
       WHERE s.run_id = $1 AND s.target = h.t AND s.user_id = h.u`,
      [input.runId, heldTargets, heldUsers],
    );
  }
  if (guesses.length === 0) return 0;
  writes.write(
    `INSERT INTO scores (run_id, target, user_id, value, detail)
     SELECT $1, s.t, s.u, s.v, s.d::jsonb FROM unnest($2::text[], $3::text[], $4::float8[], $5::text[]) AS s(t, u, v, d)
     ON CONFLICT (run_id, target, user_id) DO UPDATE SET value = excluded.value, detail = excluded.detail
     WHERE scores.value IS DISTINCT FROM excluded.value OR scores.detail IS DISTINCT FROM excluded.detail`,
    [
      input.runId,
      guesses.map((guess) => guess.target),
      guesses.map((guess) => guess.userId),
      numberArrayLiteral(guesses.map((guess) => guess.value)),
      guesses.map((guess) => JSON.stringify(guess.detail ?? null)),
    ],
  );
  return guesses.length;
}
