import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { type RouteFixture, setUpRouteFixture } from '@/test/helpers/apiAccessTable';
import { callRoute, type DiscoveredRoute, discoverApiRoutes } from '@/test/helpers/apiRoutes';

const routes: Map<string, DiscoveredRoute> = await discoverApiRoutes();
let fixture: RouteFixture;
const savedAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

beforeAll(async () => {
  process.env.PORTRAIT_DEMO_AUTOLOGIN = '0';
  fixture = await setUpRouteFixture('goals');
});

afterAll(async () => {
  await fixture?.cleanup();
  if (savedAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
  else process.env.PORTRAIT_DEMO_AUTOLOGIN = savedAutologin;
  await closePools();
});

const post = async (body: unknown) =>
  callRoute(
    routes.get('POST /api/datasets/[id]/goals') as DiscoveredRoute,
    { params: { id: String(fixture.datasetId) }, body },
    { cookie: await fixture.cookie('admin') },
  );

const storedGoals = async () =>
  (await getPool().query('SELECT count(*)::int AS n FROM prediction_goals WHERE dataset_id = $1', [fixture.datasetId]))
    .rows[0].n;

describe('POST /api/datasets/:id/goals', () => {
  it('answers 400 naming the field for an unknown event type or category, and stores nothing', async () => {
    const before = await storedGoals();
    const typo = await post({ name: 'typo', eventType: 'purchse', horizonDays: 30 });
    expect(typo.status).toBe(400);
    expect(typo.json.error?.message).toMatch(/^Unknown event type "purchse": this dataset has .*"purchase"/);
    const category = await post({ name: 'cat', eventType: 'purchase', category: 'No such shelf', horizonDays: 30 });
    expect(category.status).toBe(400);
    expect(category.json.error?.message).toBe('Unknown category "No such shelf": no item of this dataset has it');
    const horizon = await post({ name: 'long', eventType: 'purchase', horizonDays: 4000 });
    expect(horizon.status).toBe(400);
    expect(await storedGoals()).toBe(before);
  });

  it('saves a valid goal as goal:<id> and answers 409 for a second goal of the same name', async () => {
    const created = await post({ name: 'Buys again', eventType: 'purchase', minValue: 10, horizonDays: 30 });
    expect(created.status).toBe(201);
    expect(created.json.goal).toMatchObject({
      name: 'Buys again',
      eventType: 'purchase',
      minValue: 10,
      activeRun: null,
    });
    expect((created.json.goal as { target: string }).target).toMatch(/^goal:\d+$/);
    expect((await post({ name: 'Buys again', eventType: 'purchase', horizonDays: 30 })).status).toBe(409);
  });
});
