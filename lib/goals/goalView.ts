import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';

/** A goal as listed: its definition, the target name a retrain stores it under, and who made it when. */
export interface GoalView extends StoredGoal {
  target: string;
  createdBy: string | null;
  createdAt: string;
  /** how the dataset's active run trained it: null when that run predates the goal */
  activeRun: { status: 'trained' | 'skipped'; reason: string | null; auc: number | null; predictive: boolean } | null;
}

export interface GoalRow {
  id: number;
  name: string;
  event_type: string;
  category: string | null;
  min_value: number | null;
  horizon_days: number;
  created_by: string | null;
  created_at: Date;
  run_status: 'trained' | 'skipped' | null;
  run_reason: string | null;
  run_auc: number | null;
  run_predictive: boolean | null;
}
