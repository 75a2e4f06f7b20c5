import { z } from 'zod';
import { deleteGoal } from '@/lib/goals/deleteGoal';
import { idParam, route } from '@/lib/http/route';

const params = z.object({ id: idParam, goalId: idParam });

/** The next retrain no longer trains the goal; runs that trained it keep what they stored. */
export const DELETE = route({ access: 'admin', params }, async ({ caller, params }) => ({
  goal: await deleteGoal(caller, params.id, params.goalId),
}));
