import { useQuery } from '@tanstack/react-query';
import type { GoalView } from '@/lib/goals/goalView';
import { datasetPath, fetchJson } from './fetchJson';

export interface GoalsOverview {
  goals: GoalView[];
  /** what a new goal may name */
  eventTypes: string[];
  categories: string[];
}

export const goalsKey = (datasetId: number) => ['goals', datasetId] as const;

/** A dataset's custom prediction goals, with the active run's result for each. */
export function useGoalsQuery(datasetId: number) {
  return useQuery({
    queryKey: goalsKey(datasetId),
    queryFn: ({ signal }) => fetchJson<GoalsOverview>(`${datasetPath(datasetId)}/goals`, signal),
  });
}
