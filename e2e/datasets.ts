import type { Page } from '@playwright/test';

/** The id of a dataset by name, read from the app's own API as the signed-in demo admin. */
export async function datasetId(page: Page, name: string): Promise<number> {
  const response = await page.request.get('/api/datasets');
  if (!response.ok()) throw new Error(`GET /api/datasets answered ${response.status()}`);
  const { datasets } = (await response.json()) as { datasets: { id: number; name: string }[] };
  const dataset = datasets.find((candidate) => candidate.name === name);
  if (!dataset) throw new Error(`no dataset named ${name}`);
  return dataset.id;
}
