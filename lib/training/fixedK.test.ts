import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePools } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { trainDataset } from './trainDataset';

afterAll(() => closePools());

describe('a k asked for', () => {
  it('says when segments under the size floor were merged and the run kept fewer', async () => {
    const demo = await generateDemo({
      users: 300,
      seed: 4,
      outDir: await mkdtemp(path.join(tmpdir(), 'portrait-fixed-k-')),
    });
    const imported = await importFiles({ datasetName: uniqueDatasetName('fixed-k'), events: demo.files.events });
    const result = await trainDataset(imported.datasetId as number, { k: 14, textModel: false, seed: 1 });
    expect(result.k).toBeLessThan(14);
    const segments = result.stages.find((stage) => stage.stage === 'segments');
    expect(segments?.note).toMatch(
      new RegExp(
        `^k = ${result.k} \\(silhouette [\\d.]+; asked for 14, \\d+ segments? under the size floor of 20 users merged into the nearest\\)$`,
      ),
    );
  }, 120_000);
});
