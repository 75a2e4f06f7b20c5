import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainDataset } from '@/lib/training/trainDataset';
import { type StoredRunDigest, storedRunDigest } from '@/test/helpers/storedRunDigest';

const digestFile = path.join(import.meta.dirname, '../fixtures/seededRun.digest.json');

/**
 * Guards refactoring: a seeded run on a seeded demo stores exactly what it stored when the digest
 * was recorded. After a change that is meant to alter results, record it again with
 * RECORD_SEEDED_RUN_DIGEST=1 and say why in the commit.
 */
describe('a seeded run on the seeded demo shop', () => {
  it('stores the same segments, profiles, predictions, scores, recommendations and metrics as recorded', async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-digest-'));
    const demo = await generateDemo({ users: 1500, seed: 1, outDir });
    const imported = await importFiles({ datasetName: 'seeded-digest', ...demo.files });
    expect(imported.ok).toBe(true);
    const datasetId = (await findDatasetId('seeded-digest')) as number;
    const run = await trainDataset(datasetId, { seed: 1, textModel: false });
    const digest = await storedRunDigest(run.runId);

    if (process.env.RECORD_SEEDED_RUN_DIGEST === '1') {
      await writeFile(digestFile, `${JSON.stringify(digest, null, 2)}\n`);
    }
    expect(existsSync(digestFile), `${digestFile} is missing: record it with RECORD_SEEDED_RUN_DIGEST=1`).toBe(true);
    const recorded = JSON.parse(await readFile(digestFile, 'utf8')) as StoredRunDigest;
    expect(digest).toEqual(recorded);
  }, 600_000);
});
