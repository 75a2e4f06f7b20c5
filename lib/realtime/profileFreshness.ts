import { describeTarget } from '@/lib/ml/predict/targetRegistry';

/** How fresh a stored profile is, and whose models computed it: the profile API and the user page. */
export interface ProfileFreshness {
  /** the run whose fitted models computed the profile */
  runId: number;
  /** when that run was trained */
  modelsTrainedAt: string | null;
  /** when the profile last followed new events; null when it is as the run trained it */
  updatedAt: string | null;
  /** the newest event the profile was computed from (the run's cut-off for a profile as trained) */
  eventsThrough: string | null;
  /** events of this user were accepted whose update is still queued */
  updatePending: boolean;
  /** what follows new events between retrains (the rest is as of modelsTrainedAt) */
  follows: string[];
}

const scoreWords: Record<string, string> = {
  churn: 'churn',
  propensity: 'purchase propensity',
  goal: 'custom goal',
  value: 'predicted value',
};

/**
 * The outputs a profile update recomputes, of those the run has: a score only where the run stored
 * one (a target that beat its baseline), recommendations only where it made them. The models
 * themselves stay the run's until a retrain.
 */
export function followingOutputs(servedTargets: readonly string[], recommends: boolean): string[] {
  const kinds = new Set(servedTargets.map((target) => describeTarget(target)?.key));
  const scores = Object.keys(scoreWords)
    .filter((key) => kinds.has(key as never))
    .map((key) => scoreWords[key]);
  return [
    'segment',
    'map position',
    'profile features',
    ...(scores.length
      ? [`${scores.length > 1 ? `${scores.slice(0, -1).join(', ')} and ${scores.at(-1)}` : scores[0]} scores`]
      : []),
    ...(kinds.has('attribute') ? ['guesses of the attributes the user lacks'] : []),
    ...(recommends ? ['recommendations'] : []),
    'audiences',
  ];
}

/**
 * SQL for one JSON value with the freshness columns of user $user in run $run of dataset $dataset
 * (placeholders given by the caller's numbering).
 */
export function freshnessSql(dataset: string, run: string, user: string): string {
  return `(SELECT json_build_object(
      'updated_at', p.updated_at, 'events_through', coalesce(p.events_through, r.events_up_to),
      'trained_at', r.finished_at,
      'pending', EXISTS (SELECT 1 FROM profile_update_queue q WHERE q.dataset_id = ${dataset} AND q.user_id = ${user}),
      'served_targets', (SELECT coalesce(json_agg(t.target ORDER BY t.target), '[]') FROM prediction_targets t
        WHERE t.run_id = r.id AND t.status = 'trained'
          AND EXISTS (SELECT 1 FROM scores s WHERE s.run_id = t.run_id AND s.target = t.target)),
      'recommends', EXISTS (SELECT 1 FROM recommendations x WHERE x.run_id = r.id))
    FROM model_runs r LEFT JOIN user_profiles p ON p.run_id = r.id AND p.user_id = ${user}
    WHERE r.id = ${run})`;
}

export interface FreshnessRow {
  updated_at: string | null;
  events_through: string | null;
  trained_at: string | null;
  pending: boolean;
  /** the run's targets with stored scores */
  served_targets: string[];
  recommends: boolean;
}

function iso(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function profileFreshness(runId: number, row: FreshnessRow | null): ProfileFreshness {
  return {
    runId,
    modelsTrainedAt: iso(row?.trained_at ?? null),
    updatedAt: iso(row?.updated_at ?? null),
    eventsThrough: iso(row?.events_through ?? null),
    updatePending: row?.pending ?? false,
    follows: followingOutputs(row?.served_targets ?? [], row?.recommends ?? false),
  };
}
