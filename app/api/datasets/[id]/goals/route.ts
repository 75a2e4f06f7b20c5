import { createGoal } from '@/lib/goals/createGoal';
import { goalRequest } from '@/lib/goals/goalRequest';
import { goalsOverview } from '@/lib/goals/listGoals';
import { datasetParams } from '@/lib/http/requestSchemas';
import { jsonResponse, route } from '@/lib/http/route';

/**
 * The dataset's custom prediction goals (each retrain trains every one as the target goal:<id>),
 * with the active run's result for each, and the event types and categories a new goal may name.
 */
export const GET = route({ access: 'admin', params: datasetParams }, ({ params }) => goalsOverview(params.id));

/** "Will do event type T (on category C, with a value over V) within H days"; an unknown type or category is a 400. */
export const POST = route(
  { access: 'admin', params: datasetParams, body: goalRequest },
  async ({ caller, params, body }) =>
    jsonResponse({ goal: await createGoal(caller, params.id, body) }, { status: 201 }),
);
