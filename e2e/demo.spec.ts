import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { PDFParse } from 'pdf-parse';
import { datasetId } from './datasets';
import { expect, shot, test } from './fixtures';

// The analyst's walk on the real demo shop that e2e/serve.mjs generated, imported and trained
// through the CLI: overview -> segments -> a persona -> a user -> recommendations.

test('the trained demo shop: overview -> segments -> persona -> user -> recommendations', async ({ page }) => {
  const demo = await datasetId(page, 'demo');

  // other specs retrain their own datasets, and the overview opens on the latest trained one
  await page.goto(`/?dataset=${demo}`);
  await expect(page.getByLabel('Dataset').locator('option:checked')).toHaveText('demo');
  await expect(page.locator('.stat', { hasText: 'Users' }).locator('.value')).toHaveText('1,500');
  await expect(page.getByText(/Trained\s+(just now|\d+ (s|min) ago)/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Segment sizes' })).toBeVisible();
  await shot(page, 'demo-01-overview');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page).toHaveURL(new RegExp(`/segments(\\?dataset=${demo})?$`));
  const personas = page.getByRole('article');
  await expect(personas.first()).toBeVisible();
  expect(await personas.count()).toBeGreaterThanOrEqual(3);
  await expect(
    personas
      .first()
      .getByRole('list', { name: /Traits/ })
      .getByRole('listitem')
      .first(),
  ).toBeVisible();
  await expect(page.locator('.map-points path').first()).toBeVisible();
  await shot(page, 'demo-02-segments');

  const firstPersona = personas.first().getByRole('heading', { level: 3 }).getByRole('link');
  const personaName = ((await firstPersona.textContent()) ?? '').trim();
  expect(personaName.length).toBeGreaterThan(3);
  await firstPersona.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(personaName);
  await expect(page.getByRole('heading', { name: 'What sets them apart' })).toBeVisible();
  const members = page.locator('.users-table table tbody tr');
  await expect(members.first()).toBeVisible();
  await shot(page, 'demo-03-segment-detail');

  const member = members.first().getByRole('link');
  const userId = ((await member.textContent()) ?? '').trim();
  await member.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(userId);
  await expect(page.locator('.stat', { hasText: 'Segment' }).getByRole('link', { name: personaName })).toBeVisible();
  await expect(page.locator('.stat', { hasText: 'Churn score' })).toContainText(/model AUC 0\.\d\d \(baseline 0\.50\)/);
  const recommendations = page.getByRole('region', { name: 'Recommendations' });
  await expect(recommendations.locator('tbody tr').first()).toBeVisible();
  await shot(page, 'demo-04-user-profile');
});

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(filePath) };
}

async function pdfText(body: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(body) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

test("a product manager exports the personas in every format and a segment's members", async ({ page }) => {
  await page.goto('/segments');
  const personas = page.getByRole('article');
  await expect(personas.first()).toBeVisible();
  const names = (await personas.getByRole('heading', { level: 3 }).allInnerTexts()).map((name) => name.trim());
  const menu = page.getByText('Download personas');
  const exported: Record<string, { name: string; body: Buffer }> = {};
  for (const label of ['CSV', 'PDF', 'Markdown', 'JSON']) {
    await menu.click();
    const list = page.getByRole('list', { name: 'Download the personas as' });
    exported[label] = await download(page, () => list.getByRole('link', { name: new RegExp(`^${label}`) }).click());
  }

  expect(exported.CSV.name).toMatch(/\.csv$/);
  const csv = exported.CSV.body.toString('utf8');
  for (const name of names) expect(csv).toContain(name);
  expect(csv.trim().split('\n').length).toBeGreaterThanOrEqual(names.length + 1);

  const json = JSON.parse(exported.JSON.body.toString('utf8'));
  expect(JSON.stringify(json)).toContain(names[0]);

  const markdown = exported.Markdown.body.toString('utf8');
  expect(exported.Markdown.name).toMatch(/\.md$/);
  for (const name of names) expect(markdown).toContain(`## ${name}`);

  expect(exported.PDF.body.subarray(0, 5).toString()).toBe('%PDF-');
  const text = await pdfText(exported.PDF.body);
  for (const name of names) expect(text.replace(/\s+/g, ' ')).toContain(name);

  await personas.first().getByRole('heading', { level: 3 }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'What sets them apart' })).toBeVisible();
  const members = await download(page, () => page.getByRole('link', { name: 'Download members CSV' }).click());
  const rows = members.body.toString('utf8').trim().split('\n');
  expect(rows[0]).toMatch(/^user_id,/);
  const sizeText = await page.locator('.stat', { hasText: 'Users' }).first().locator('.value').textContent();
  const size = Number(sizeText?.replace(/,/g, ''));
  expect(size, 'the segment page shows its size').toBeGreaterThan(0);
  expect(rows.length - 1).toBe(size);
});
