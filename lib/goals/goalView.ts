import type { StoredGoal } from '@/lib/ml/predict/targets/targetQuality';

/** A goal as listed: its definition, the target name a retrain stores it under, and who made it when. */
export interface GoalView extends StoredGoal {
  target: string;
  createdBy: string | null;
  createdAt: string;
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
}

export const goalColumns = 'id, name, event_type, category, min_value, horizon_days, created_by, created_at';
