import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateDatasetSettings } from '@/lib/datasets/datasetSettings';
import { moneyFeatureNames } from '@/lib/datasets/displayText';
import { closePools } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { listDatasets } from '@/lib/queries/listDatasets';
import { trainDataset } from '@/lib/training/trainDataset';
import { exportPersonas } from './exportPersonas';
import { loadPersonaExport } from './loadPersonaExport';

let datasetId: number;

beforeAll(async () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-display-'));
  const demo = await generateDemo({ users: 400, seed: 3, outDir: folder });
  const imported = await importFiles({
    datasetName: `display-${process.pid}-${Date.now().toString(36)}`,
    ...demo.files,
  });
  datasetId = imported.datasetId as number;
  await updateDatasetSettings('tester', datasetId, {
    currency: 'eur',
    displayNames: { signup_channel: 'Came from' },
  });
  await trainDataset(datasetId, { seed: 1, textModel: false });
}, 180_000);

afterAll(() => closePools());

describe("a dataset's currency and display names", () => {
  it('reach the dashboard through the dataset list', async () => {
    const [dataset] = await listDatasets(datasetId);
    expect(dataset.display).toEqual({ currency: 'EUR', displayNames: { signup_channel: 'Came from' } });
  });

  it('write spend in the currency in persona sentences and export tables, and name attributes by their display name', async () => {
    const data = await loadPersonaExport(datasetId);
    expect(data.display.currency).toBe('EUR');
    const moneyTraits = data.segments.flatMap((segment) =>
      segment.persona.traits.filter((trait) => moneyFeatureNames.has(trait.feature)),
    );
    expect(moneyTraits.length).toBeGreaterThan(0);
    for (const trait of moneyTraits) expect(trait.text).toMatch(/€\d/);

    const markdown = (await exportPersonas(datasetId, 'md', { actor: 'tester' })).body.toString('utf8');
    expect(markdown).toMatch(
      /\| (Total spend|Spend per order|Mean price of items interacted with) \| €[\d,.]+ \| €[\d,.]+ \|/,
    );
    const hasChannel = data.segments.some((segment) => 'signup_channel' in segment.persona.attributes);
    expect(hasChannel).toBe(true);
    expect(markdown).toContain('| Came from |');
    expect(markdown).not.toMatch(/\| signup_channel \|/);
    const csv = (await exportPersonas(datasetId, 'csv', { actor: 'tester' })).body.toString('utf8');
    expect(csv.split('\n')[0].trim().endsWith(',currency')).toBe(true);
    expect(csv.split('\n')[1].trim().endsWith(',EUR')).toBe(true);
  });
});
