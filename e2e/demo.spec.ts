import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { datasetId } from './datasets';

// The analyst's walk on the real demo shop that e2e/serve.mjs generated, imported and trained
// through the CLI: overview -> segments -> a persona -> a user -> recommendations.

const screenshots = path.resolve('e2e-artifacts', 'screenshots');
const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage });

test('the trained demo shop: overview -> segments -> persona -> user -> recommendations', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const demo = await datasetId(page, 'demo');

  await page.goto('/');
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

  expect(pageErrors).toEqual([]);
});
