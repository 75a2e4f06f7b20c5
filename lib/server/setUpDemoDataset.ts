import path from 'node:path';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainAsRecordedJob } from '@/lib/jobs/trainAsRecordedJob';
import { projectRoot } from './resolveDatabase';

export const demoDatasetName = 'demo';

/**
 * On a first start (no dataset at all), generates the demo shop (5,000 users, seed 1), imports
 * it as the `demo` dataset and trains it, so the dashboard has something to show. The training
 * is recorded as a finished train job, so Admin's job history starts with it.
 */
export async function setUpDemoDataset(log: (line: string) => void, users = 5000): Promise<void> {
  const { rows } = await getPool().query<{ count: number }>('SELECT count(*)::int AS count FROM datasets');
  if (rows[0].count > 0) return;
  const outDir = path.resolve(process.env.PORTRAIT_DATA_DIR ?? path.join(projectRoot, '.data'), 'demo');
  log(`First start: generating the demo shop (${users} users) in ${outDir}`);
  const demo = await generateDemo({ users, seed: 1, outDir });
  log(`Importing ${demo.counts.events} demo events...`);
  const result = await importFiles({ datasetName: demoDatasetName, ...demo.files, createdBy: 'npm start' });
  if (!result.ok) throw new Error('The demo data did not import; see the errors above');
  const datasetId = await findDatasetId(demoDatasetName);
  if (datasetId === null) throw new Error('The demo dataset is missing after its import');
  log('Training the demo dataset (segments, personas, predictions, recommendations)...');
  const run = await trainAsRecordedJob(datasetId, { seed: 1, createdBy: 'npm start' });
  log(`Demo trained: ${run.k} segments over ${run.users} users`);
}
