import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GoalRequest } from '@/lib/goals/goalRequest';
import type { GoalView } from '@/lib/goals/goalView';
import { datasetPath } from './fetchJson';
import { sendJson } from './sendJson';
import { auditKey } from './useAuditLogQuery';
import { goalsKey } from './useGoalsQuery';

export function useCreateGoalMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (goal: GoalRequest) => sendJson<{ goal: GoalView }>('POST', `${datasetPath(datasetId)}/goals`, goal),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: goalsKey(datasetId) });
      client.invalidateQueries({ queryKey: auditKey });
    },
  });
}

export function useDeleteGoalMutation(datasetId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (goalId: number) =>
      sendJson<{ goal: { id: number } }>('DELETE', `${datasetPath(datasetId)}/goals/${goalId}`),
    onSettled: () => {
      client.invalidateQueries({ queryKey: goalsKey(datasetId) });
      client.invalidateQueries({ queryKey: auditKey });
    },
  });
}
