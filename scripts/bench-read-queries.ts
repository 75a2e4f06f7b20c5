// Times each dashboard read query (lib/queries) on a seeded dataset with a complete run, in a
// fresh database on the local server (or TEST_DATABASE_URL's). Prints the first call (cold: the
// feature statistics are cached per run after it) and the median of the next 5.
//   npx tsx scripts/bench-read-queries.ts [users=20000]
import { closePools } from '@/lib/db/connection';
import { getDatasetOverview } from '@/lib/queries/getDatasetOverview';
import { getMapSample } from '@/lib/queries/getMapSample';
import { getSegmentDetail } from '@/lib/queries/getSegmentDetail';
import { getUserProfile } from '@/lib/queries/getUserProfile';
import { listDatasets } from '@/lib/queries/listDatasets';
import { listRuns } from '@/lib/queries/listRuns';
import { listSegments } from '@/lib/queries/listSegments';
import { listSegmentUsers } from '@/lib/queries/listSegmentUsers';
import { listUserRecommendations } from '@/lib/queries/listUserRecommendations';
import { searchUsers } from '@/lib/queries/searchUsers';
import { seedDatasetWithRun } from '@/test/helpers/seedRun';
import { createTestDatabase } from '@/test/testDatabase';

const users = Number(process.argv[2] ?? 20_000);
const database = await createTestDatabase('bench_read');
process.env.DATABASE_URL = database.url;
try {
  let started = performance.now();
  const seeded = await seedDatasetWithRun({ users, name: 'bench', previousRun: true });
  console.log(
    `seeded ${users} users, ${seeded.eventCount} events, 2 runs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const id = seeded.datasetId;
  const userId = seeded.userIds[Math.floor(users / 2)];
  const cases: [string, () => Promise<unknown>][] = [
    ['GET /api/datasets', () => listDatasets()],
    ['GET /overview', () => getDatasetOverview(id)],
    ['GET /segments', () => listSegments(id)],
    ['GET /segments/1', () => getSegmentDetail(id, 1)],
    ['GET /segments/1/users?sort=distance', () => listSegmentUsers(id, 1, { page: 3, pageSize: 50, sort: 'distance' })],
    ['GET /segments/1/users?sort=churn', () => listSegmentUsers(id, 1, { page: 3, pageSize: 50, sort: 'churn' })],
    ['GET /map?limit=5000', () => getMapSample(id, 5000)],
    ['GET /users/:id', () => getUserProfile(id, userId)],
    ['GET /users/:id/recommendations', () => listUserRecommendations(id, userId, 10)],
    ['GET /users?search=u012', () => searchUsers(id, 'u012', 20)],
    ['GET /runs', () => listRuns(id, 10)],
  ];
  for (const [name, call] of cases) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      started = performance.now();
      const result = await call();
      times.push(performance.now() - started);
      bytes = JSON.stringify(result).length;
    }
    const first = times.shift() as number;
    times.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(38)} first ${first.toFixed(1).padStart(7)} ms   median ${times[2].toFixed(1).padStart(7)} ms   ${(bytes / 1024).toFixed(1).padStart(7)} KiB`,
    );
  }
} finally {
  await closePools();
  await database.teardown();
}
