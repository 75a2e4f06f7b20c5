import { getPool } from '@/lib/db/connection';

/**
 * Below these, segments and personas are noise: a retrain is refused before it starts. One event
 * type is enough (a purchase log trains on recency, frequency, value and co-purchases).
 */
export const trainingMinimums = { usersWithEvents: 30, events: 200, eventTypes: 1 } as const;

export interface TrainingDataCheck {
  ok: boolean;
  counts: { usersWithEvents: number; events: number; eventTypes: number };
  /** one sentence per minimum that is not met, with the numbers */
  reasons: string[];
}

export class NotEnoughTrainingDataError extends Error {
  constructor(readonly check: TrainingDataCheck) {
    super(`Not enough data to train: ${check.reasons.join('; ')}`);
    this.name = 'NotEnoughTrainingDataError';
  }
}

export async function checkTrainingData(datasetId: number): Promise<TrainingDataCheck> {
  const { rows } = await getPool().query<{ users: number; events: number; types: number; only_type: string | null }>(
    `SELECT count(DISTINCT user_id)::int AS users, count(*)::int AS events, count(DISTINCT type)::int AS types,
       min(type) AS only_type
     FROM events WHERE dataset_id = $1`,
    [datasetId],
  );
  const { users, events, types, only_type } = rows[0];
  const reasons: string[] = [];
  if (users < trainingMinimums.usersWithEvents) {
    reasons.push(`only ${users} users have events (at least ${trainingMinimums.usersWithEvents} are needed)`);
  }
  if (events < trainingMinimums.events) {
    reasons.push(`only ${events} events (at least ${trainingMinimums.events} are needed)`);
  }
  if (types < trainingMinimums.eventTypes) {
    reasons.push(
      types === 0
        ? 'no event types'
        : `only ${types} event types ("${only_type}", ...); at least ${trainingMinimums.eventTypes} are needed`,
    );
  }
  return { ok: reasons.length === 0, counts: { usersWithEvents: users, events, eventTypes: types }, reasons };
}
